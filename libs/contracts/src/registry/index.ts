// Contracts of the registry service: routes, DTOs and events.
export * from './care';
export * from './dto';
export * from './imports';
export * from './reminders';
export * from './routes';
export * from './events';
