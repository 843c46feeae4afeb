// Contracts of the incubator service: routes, DTOs (one file per resource) and events.
export * from './organisations';
// -- organisations and incubation --
export * from './organisation-records';
export * from './incubation';
// -- venture-philanthropy rounds --
export * from './rounds';
export * from './round-reviews';
export * from './round-applications';
export * from './round-projects';
// -- purchased services and community funds --
export * from './purchased-services';
export * from './funds';
// -- volunteers --
export * from './volunteer-teams';
export * from './volunteers';
export * from './volunteer-activities';
export * from './volunteer-hours';
export * from './volunteer-certificates';
export * from './events';
export * from './routes';
