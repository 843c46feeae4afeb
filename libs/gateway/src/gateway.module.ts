import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { loadConfig } from '@gz/platform';
import { AuthGuard } from './auth/auth';
import { TokenVerifier } from './auth/token-verifier';
import { GatewayConfig } from './gateway-config';
import { councilsControllers } from './http/councils';
import { incubatorControllers } from './http/incubator';
import { dispatchControllers } from './http/dispatch';
import { evaluationControllers } from './http/evaluation';
import { identityControllers } from './http/identity';
import { LiveController, LiveFeed } from './http/live/live.controller';
import { opsControllers } from './http/ops';
import { ProblemFilter } from './http/problem';
import { registryControllers } from './http/registry';
import { ticketingControllers } from './http/ticketing';
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
        ...identityControllers,
        ...opsControllers,
        LiveController,
        ...registryControllers,
        ...ticketingControllers,
        ...dispatchControllers,
        ...councilsControllers,
        ...incubatorControllers,
        ...evaluationControllers,
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
