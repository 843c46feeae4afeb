export { Clock as TicketingClock, SystemClock } from './clock';
export { NATIONAL_CATALOGUE, DEMO_DISTRICT_CATEGORIES, type CatalogueEntry } from './domain/catalogue';
export { seedDemoCatalogue } from './seed';
export { TicketingConfig } from './ticketing.config';
export { ticketingAppModule, TicketingModule, type TicketingModuleOptions } from './ticketing.module';
