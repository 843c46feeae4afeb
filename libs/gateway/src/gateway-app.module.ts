import type { DynamicModule } from '@nestjs/common';
import { PlatformModule } from '@gz/platform';
import { GatewayModule } from './gateway.module';

/**
 * The gateway as its own process: the HTTP API in front of services reached over NATS.
 * A function, not a decorated class, so configuration is read when the app starts (and a bad
 * value is reported plainly), not when the module is imported.
 */
export function gatewayAppModule(env: NodeJS.ProcessEnv = process.env): DynamicModule {
  return { module: class GatewayApp {}, imports: [PlatformModule.forRoot({ app: 'gateway', env }), GatewayModule.forRoot({ env })] };
}
