// Contracts of the registry service: routes, DTOs and events.
export * from './dto';
export * from './routes';
