// Contracts of the ticketing service: routes, DTOs and events.
export {};
