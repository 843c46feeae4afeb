// Contracts of the ticketing service: routes, DTOs (by resource) and events.
export * from './categories';
export * from './tickets';
export * from './steps';
export * from './timeline';
export * from './stats';
export * from './ledger';
export * from './photos';
export * from './events';
export * from './routes';
