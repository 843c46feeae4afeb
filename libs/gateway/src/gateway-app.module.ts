import { Module } from '@nestjs/common';
import { PlatformModule } from '@gz/platform';
import { GatewayModule } from './gateway.module';

/** The gateway as its own process: the HTTP API in front of services reached over NATS. */
@Module({ imports: [PlatformModule.forRoot({ app: 'gateway' }), GatewayModule.forRoot()] })
export class GatewayAppModule {}
