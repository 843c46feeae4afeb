// Contracts of the councils service: routes, DTOs (one file per resource) and events.
export * from './compounds';
export * from './owners';
export * from './votes';
export * from './events';
export * from './routes';
