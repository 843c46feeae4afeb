export { IdentityConfig } from './identity.config';
export { identityAppModule, IdentityModule, type IdentityModuleOptions } from './identity.module';
export {
  DEMO_ACCOUNTS,
  DEMO_CLIENTS,
  DEMO_PASSWORD_DEFAULT,
  seedDemoDistrict,
  type DemoAccount,
  type DemoClient,
  type DemoSeedResult,
} from './seed/demo';
export { SessionSweeper } from './jobs/session-sweeper.job';
/** Current TOTP code of a secret: for end-to-end tests and tools (otplib's defaults cannot load under jest). */
export { totpCode } from './crypto/totp';
export { bootstrapDistrict, type BootstrapRequest } from './cli/bootstrap';
export { IDENTITY_DATABASE } from './identity.module';
export { readOrgTree } from './persistence/org.store';
