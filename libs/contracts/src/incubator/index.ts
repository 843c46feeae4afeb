// Contracts of the incubator service: routes, DTOs (one file per resource) and events.
export * from './organisations';
// -- organisations and incubation (helper I1) --
export * from './organisation-records';
export * from './incubation';
// -- venture-philanthropy rounds (helper I2) --
export * from './rounds';
export * from './round-reviews';
export * from './round-applications';
export * from './round-projects';
// -- purchased services and community funds (helper I3) --
export * from './purchased-services';
export * from './funds';
// -- volunteers (helper I4) --
export * from './volunteer-teams';
export * from './volunteers';
export * from './volunteer-activities';
export * from './volunteer-hours';
export * from './volunteer-certificates';
export * from './events';
export * from './routes';
