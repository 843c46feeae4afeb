export { DEMO_DISTRICT_CATEGORIES, seedDemoCatalogue } from './seed/demo';
export { TicketingConfig } from './ticketing.config';
export { ticketingAppModule, TicketingModule, type TicketingModuleOptions } from './ticketing.module';
