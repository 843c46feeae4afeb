// Contracts of the councils service: routes, DTOs (one file per resource) and events.
export * from './compounds';
export * from './owners';
export * from './votes';
export * from './topics';
export * from './joint-councils';
export * from './deliberation';
export * from './assessment';
export * from './resolutions';
export * from './events';
export * from './routes';
