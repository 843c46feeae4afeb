import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { loadConfig, PlatformModule, ServiceModule } from '@gz/platform';
import { AuditTrail } from './audit';
import { AuthService } from './auth.service';
import { ClientsService } from './clients.service';
import { AdminController, AuthController, DirectoryController } from './controllers';
import { IDENTITY_ENTITIES } from './entities/entities';
import { IdentityConfig, secretKeysOf } from './identity.config';
import { SigningKeys } from './keys';
import { SecretBox } from './secrets';
import { IdentityInit1763900000000 } from './migrations/1763900000000-identity-init';

/** The identity schema: its entities and migrations (also run by the CLI). */
export const IDENTITY_DATABASE = { entities: IDENTITY_ENTITIES, migrations: [IdentityInit1763900000000] };
import { OrgsService } from './orgs.service';
import { SessionSweeper } from './sessions-sweeper';
import { TokenIssuer } from './tokens';
import { UsersService } from './users.service';

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
      controllers: [AuthController, DirectoryController, AdminController],
      providers: [
        { provide: IdentityConfig, useValue: config },
        { provide: SecretBox, useValue: secrets },
        SigningKeys,
        TokenIssuer,
        AuditTrail,
        AuthService,
        ClientsService,
        OrgsService,
        UsersService,
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
