// The module first: it loads Nest (and with it reflect-metadata) before the decorated config.
export { incubatorAppModule, IncubatorModule, type IncubatorModuleOptions } from './incubator.module';
export { IncubatorConfig } from './incubator.config';
export { seedDemoIncubator } from './seed/demo';
