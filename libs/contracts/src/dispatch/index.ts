// Contracts of the dispatch service: routes, DTOs and events.
export * from './dto';
export * from './events';
export * from './routes';
export * from './import';
