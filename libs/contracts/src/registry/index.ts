// Contracts of the registry service: routes, events and DTOs, one file per resource.
export * from './common';
export * from './buildings';
export * from './households';
export * from './persons';
export * from './moves';
export * from './changes';
export * from './personal-data';
export * from './tags';
export * from './visits';
export * from './rentals';
export * from './statistics';
export * from './change-requests';
export * from './reminders';
export * from './duplicates';
export * from './imports';
export * from './routes';
export * from './events';
