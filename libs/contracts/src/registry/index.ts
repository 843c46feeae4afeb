// Contracts of the registry service: routes, DTOs and events.
export {};
