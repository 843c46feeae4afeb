// Contracts of the identity service: routes, DTOs (by resource) and events.
export * from './auth';
export * from './orgs';
export * from './users';
export * from './clients';
export * from './audit';
export { PASSWORD_MAX, PASSWORD_MIN, USERNAME } from './fields';
export * from './events';
export * from './routes';
