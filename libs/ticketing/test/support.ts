import type { INestApplication, ModuleMetadata } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DispatchModule, EscalationPoller, seedDemoResponsibilities } from '@gz/dispatch';
import { configureGateway, GatewayModule } from '@gz/gateway';
import { IdentityModule, seedDemoDistrict } from '@gz/identity';
import { DatabaseRegistry, PlatformModule } from '@gz/platform';
import { bootTestApp, PASSWORD, type TestClock } from '@gz/testing';
import { seedDemoCatalogue, TicketingModule } from '@gz/ticketing';

export { auth, clientToken, login, PASSWORD, TestClock } from '@gz/testing';

function boot(imports: ModuleMetadata['imports'], gateway: boolean) {
  return bootTestApp({ imports }, { configure: gateway ? configureGateway : undefined, bodyLimit: 64 * 1024 });
}

/** Platform, identity, ticketing, dispatch and the gateway in one app, with the demo district seeded. */
export async function bootPlatform(env: NodeJS.ProcessEnv, clock: TestClock): Promise<NestFastifyApplication> {
  const app = await boot(
    [
      PlatformModule.forRoot({ app: 'tickets-e2e', env }),
      IdentityModule.forRoot({ env }),
      TicketingModule.forRoot({ env, clock }),
      DispatchModule.forRoot({ env, clock }),
      GatewayModule.forRoot({ env }),
    ],
    true,
  );
  const registry = app.get(DatabaseRegistry);
  await seedDemoDistrict(registry.get('identity'), PASSWORD);
  await seedDemoCatalogue(registry.get('ticketing'));
  await seedDemoResponsibilities(registry.get('dispatch'));
  return app;
}

export const poller = (app: INestApplication) => app.get(EscalationPoller);
