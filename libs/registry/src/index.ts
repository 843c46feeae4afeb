export { RegistryConfig, DEV_PII_ENCRYPTION_KEY, DEV_PII_INDEX_KEY, DEV_PII_KEY_ID } from './registry.config';
export { REGISTRY_DATABASE, registryAppModule, RegistryModule, type RegistryModuleOptions } from './registry.module';
export { DEMO_BUILDINGS, demoIdNumber, seedDemoRegistry, type RegistrySeedResult } from './seed/demo';
/** GB 11643 helpers, for tools, tests and the bench. */
export { checkIdNumber, makeIdNumber } from './domain/id-number';
/** Bulk import (service, CLI and bench share one function). */
export { runImport, type ImportOptions } from './services/import.service';
export { importRegistryFile, orgGridsOverNats, personalDataFromEnv } from './cli/import-cli';
export { openRegistrySchema } from './persistence/schema';
export { IMPORT_COLUMNS } from './domain/import-rows';
/** Re-encryption after a key rotation (gz reencrypt-registry). */
export { keysInUse, reencryptRegistry, type ReencryptSummary } from './services/reencrypt';
export { reencryptRegistryAt } from './cli/reencrypt';
