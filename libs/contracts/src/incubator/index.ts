// Contracts of the incubator service: routes, DTOs (one file per resource) and events.
export * from './organisations';
// -- organisations and incubation (helper I1) --
// -- venture-philanthropy rounds (helper I2) --
// -- purchased services and community funds (helper I3) --
// -- volunteers (helper I4) --
export * from './events';
export * from './routes';
