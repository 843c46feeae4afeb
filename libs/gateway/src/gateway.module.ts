import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { loadConfig } from '@gz/platform';
import { AuthGuard } from './auth/auth';
import { TokenVerifier } from './auth/token-verifier';
import { GatewayConfig } from './gateway-config';
import {
  AuditController,
  AuthController,
  ClientsController,
  MeController,
  OrgsController,
  UsersController,
} from './http/identity.controllers';
import { LiveController, LiveFeed } from './http/live.controller';
import { OpsController, WellKnownController } from './http/ops.controllers';
import { ProblemFilter } from './http/problem';
import { registryControllers } from './http/registry.controllers';
import { ticketingControllers } from './http/ticketing.controllers';
import { throttlerOptions } from './http/throttle';

/** The HTTP API: thin controllers that verify the caller and forward to services over the bus. */
@Module({})
export class GatewayModule {
  static forRoot(options: { env?: NodeJS.ProcessEnv } = {}): DynamicModule {
    const config = loadConfig(GatewayConfig, options.env ?? process.env);
    return {
      module: GatewayModule,
      imports: [ThrottlerModule.forRoot(throttlerOptions(config))],
      controllers: [
        AuthController,
        MeController,
        OrgsController,
        UsersController,
        ClientsController,
        AuditController,
        OpsController,
        WellKnownController,
        LiveController,
        ...registryControllers,
        ...ticketingControllers,
      ],
      providers: [
        { provide: GatewayConfig, useValue: config },
        TokenVerifier,
        LiveFeed,
        // Guards run in this order: who is calling, then how often.
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_GUARD, useClass: ThrottlerGuard },
        { provide: APP_FILTER, useClass: ProblemFilter },
      ],
      exports: [GatewayConfig],
    };
  }
}
