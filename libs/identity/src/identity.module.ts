import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { loadConfig, PlatformModule, ServiceModule } from '@gz/platform';
import { SecretBox } from './crypto/secrets';
import { AuditHandlers } from './handlers/audit.handlers';
import { AuthHandlers } from './handlers/auth.handlers';
import { ClientsHandlers } from './handlers/clients.handlers';
import { OrgsHandlers } from './handlers/orgs.handlers';
import { ProfileHandlers } from './handlers/profile.handlers';
import { UsersHandlers } from './handlers/users.handlers';
import { IdentityConfig, secretKeysOf } from './identity.config';
import { SessionSweeper } from './jobs/session-sweeper.job';
import { IdentityInit1763900000000 } from './migrations/1763900000000-identity-init';
import { AuditStore } from './persistence/audit.store';
import { ClientStore } from './persistence/client.store';
import { IDENTITY_ENTITIES } from './persistence/entities';
import { OrgStore } from './persistence/org.store';
import { RefreshTokenStore } from './persistence/refresh-token.store';
import { SigningKeyStore } from './persistence/signing-key.store';
import { UserStore } from './persistence/user.store';
import { AdminChanges } from './services/admin-changes.service';
import { AuditService } from './services/audit.service';
import { ClientTokensService } from './services/client-tokens.service';
import { ClientsService } from './services/clients.service';
import { LoginFailures } from './services/login-failures.service';
import { OrgsService } from './services/orgs.service';
import { PasswordService } from './services/password.service';
import { ProfileService } from './services/profile.service';
import { SecondFactorService } from './services/second-factor.service';
import { SessionsService } from './services/sessions.service';
import { SignInService } from './services/sign-in.service';
import { SigningKeys } from './services/signing-keys.service';
import { TokenIssuer } from './services/token-issuer.service';
import { UsersService } from './services/users.service';

/** The identity schema: its entities and migrations (also run by the CLI). */
export const IDENTITY_DATABASE = { entities: IDENTITY_ENTITIES, migrations: [IdentityInit1763900000000] };

export interface IdentityModuleOptions {
  /** environment to read instead of process.env (tests pass the same object as to PlatformModule) */
  env?: NodeJS.ProcessEnv;
}

/**
 * The identity service: the org tree, users, sign-in and sessions, partner clients, the JWKS and
 * the audit trail, served on the bus (`identity.*` routes). Needs `PlatformModule.forRoot` in the
 * app root. `forRoot` reads IdentityConfig from `env` (default process.env); a wrong value, or (in
 * production) a missing IDENTITY_SECRETS_KEY, throws a ConfigError naming the variable.
 */
@Module({})
export class IdentityModule {
  static forRoot(options: IdentityModuleOptions = {}): DynamicModule {
    // Read here, so that a wrong value stops the app at start with a message naming the variable.
    const config = loadConfig(IdentityConfig, options.env ?? process.env);
    const secrets = new SecretBox(secretKeysOf(config));
    return {
      module: IdentityModule,
      imports: [
        ServiceModule.forService({
          ...IDENTITY_DATABASE,
          service: 'identity',
        }),
      ],
      controllers: [AuthHandlers, ProfileHandlers, OrgsHandlers, UsersHandlers, ClientsHandlers, AuditHandlers],
      providers: [
        { provide: IdentityConfig, useValue: config },
        { provide: SecretBox, useValue: secrets },
        // stores
        AuditStore,
        ClientStore,
        OrgStore,
        RefreshTokenStore,
        SigningKeyStore,
        UserStore,
        // services
        AdminChanges,
        AuditService,
        ClientTokensService,
        ClientsService,
        LoginFailures,
        OrgsService,
        PasswordService,
        ProfileService,
        SecondFactorService,
        SessionsService,
        SignInService,
        SigningKeys,
        TokenIssuer,
        UsersService,
        // jobs
        SessionSweeper,
      ],
      exports: [IdentityConfig],
    };
  }
}

/**
 * The root module of the identity service as its own process (apps/identity). A function, not a
 * decorated class, so that importing this library never reads the environment or opens NATS: that
 * happens only when the app is built.
 */
export function identityAppModule(env?: NodeJS.ProcessEnv): Type {
  @Module({ imports: [PlatformModule.forRoot({ app: 'identity', env }), IdentityModule.forRoot({ env })] })
  class IdentityAppModule {}
  return IdentityAppModule;
}
