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
} from './seed';
export { SessionSweeper } from './sessions-sweeper';
/** Current TOTP code of a secret: for end-to-end tests and tools (otplib's defaults cannot load under jest). */
export { totpCode } from './totp';
export { bootstrapDistrict, type BootstrapRequest } from './bootstrap';
export { IDENTITY_DATABASE } from './identity.module';
export { readOrgTree } from './orgs.service';
