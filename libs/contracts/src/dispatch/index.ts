// Contracts of the dispatch service: routes, DTOs (one file per resource) and events.
export * from './assignment.dto';
export * from './case.dto';
export * from './department.dto';
export * from './responsibility-import.dto';
export * from './responsibility.dto';
export * from './events';
export * from './routes';
