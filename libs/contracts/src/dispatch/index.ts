// Contracts of the dispatch service: routes, DTOs and events.
export {};
