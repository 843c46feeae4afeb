export { RegistryConfig, DEV_PII_ENCRYPTION_KEY, DEV_PII_INDEX_KEY, DEV_PII_KEY_ID } from './registry.config';
export { registryAppModule, RegistryModule, type RegistryModuleOptions } from './registry.module';
export { DEMO_BUILDINGS, demoIdNumber, RegistrySeeder, seedDemoRegistry, type RegistrySeedResult } from './seed';
/** GB 11643 helpers, for tools, tests and the bench. */
export { checkIdNumber, makeIdNumber } from './domain/id-number';
