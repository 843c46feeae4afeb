import type { INestApplication, ModuleMetadata } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DispatchModule, EscalationPoller, seedDemoResponsibilities } from '@gz/dispatch';
import { configureGateway, GatewayModule } from '@gz/gateway';
import { IdentityModule, seedDemoDistrict } from '@gz/identity';
import { DatabaseRegistry, PlatformModule } from '@gz/platform';
import { bootTestApp } from '@gz/testing';
import { seedDemoCatalogue, TicketingModule } from '@gz/ticketing';
import request from 'supertest';

export const PASSWORD = 'Demo-Passw0rd!';

/** A clock the test moves: both services take "now" from it. */
export class TestClock {
  private t: Date;
  constructor(start: string) {
    this.t = new Date(start);
  }
  now(): Date {
    return new Date(this.t);
  }
  set(iso: string): void {
    this.t = new Date(iso);
  }
}

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

export async function login(app: INestApplication, username: string, password = PASSWORD): Promise<string> {
  const res = await request(app.getHttpServer()).post('/api/v1/auth/login').send({ username, password });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.accessToken as string;
}

export async function clientToken(app: INestApplication, clientId: string, secret = PASSWORD): Promise<string> {
  const res = await request(app.getHttpServer())
    .post('/api/v1/oauth/token')
    .send({ grant_type: 'client_credentials', client_id: clientId, client_secret: secret });
  if (res.status !== 200) throw new Error(`token ${clientId}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.access_token as string;
}

export const auth = (token: string) => ({ authorization: `Bearer ${token}` });
