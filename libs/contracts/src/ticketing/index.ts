// Contracts of the ticketing service: routes, DTOs and events.
export * from './dto';
export * from './events';
export * from './routes';
export * from './ledger';
export * from './photos';
