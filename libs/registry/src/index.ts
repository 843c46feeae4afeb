export { RegistryConfig, DEV_PII_ENCRYPTION_KEY, DEV_PII_INDEX_KEY, DEV_PII_KEY_ID } from './registry.config';
export { REGISTRY_DATABASE, registryAppModule, RegistryModule, type RegistryModuleOptions } from './registry.module';
export { DEMO_BUILDINGS, demoIdNumber, seedDemoRegistry, type RegistrySeedResult } from './seed';
/** GB 11643 helpers, for tools, tests and the bench. */
export { checkIdNumber, makeIdNumber } from './domain/id-number';
/** Bulk import (service, CLI and bench share one function). */
export { IMPORT_BATCH, readImportFile, runImport, exportPage, getImportJob } from './import.service';
export { importRegistryFile, openRegistrySchema, orgGridsOverNats, personalDataFromEnv } from './import-cli';
export { IMPORT_COLUMNS } from './domain/import-rows';
/** Re-encryption after a key rotation (gz reencrypt-registry). */
export { keysInUse, reencryptRegistry, reencryptRegistryAt, type ReencryptSummary } from './reencrypt';
