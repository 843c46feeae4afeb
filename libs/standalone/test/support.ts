import type { INestApplication } from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { configureGateway, GatewayModule } from '@gz/gateway';
import { IdentityModule, seedDemoDistrict } from '@gz/identity';
import { connectBus, DatabaseRegistry, PlatformModule } from '@gz/platform';
import { untilConnected } from '@gz/testing';
import request from 'supertest';
import { StandaloneModule } from '../src';

export const PASSWORD = 'Demo-Passw0rd!';

async function boot(imports: NonNullable<Parameters<typeof Test.createTestingModule>[0]['imports']>, gateway: boolean) {
  const moduleRef = await Test.createTestingModule({ imports }).compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter({ bodyLimit: 64 * 1024 }), { logger: false });
  if (gateway) await configureGateway(app);
  await connectBus(app);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  await untilConnected(app);
  return app;
}

/** Everything in one app, as `npm start` runs it. */
export async function bootStandalone(env: NodeJS.ProcessEnv): Promise<NestFastifyApplication> {
  const app = await boot([StandaloneModule.forRoot(env)], true);
  await seedDemoDistrict(app.get(DatabaseRegistry).get('identity'), PASSWORD);
  return app;
}

/** The gateway alone, reaching services over the bus. */
export async function bootGateway(env: NodeJS.ProcessEnv): Promise<NestFastifyApplication> {
  return boot([PlatformModule.forRoot({ app: 'gateway', env }), GatewayModule.forRoot({ env })], true);
}

/** The identity service alone. */
export async function bootIdentity(env: NodeJS.ProcessEnv, seed = true): Promise<INestApplication> {
  const app = await boot([PlatformModule.forRoot({ app: 'identity', env }), IdentityModule.forRoot({ env })], false);
  if (seed) await seedDemoDistrict(app.get(DatabaseRegistry).get('identity'), PASSWORD);
  return app;
}

export async function login(app: INestApplication, username: string, password = PASSWORD) {
  const res = await request(app.getHttpServer()).post('/api/v1/auth/login').send({ username, password });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { accessToken: string; refreshToken: string; expiresIn: number };
}

export const auth = (token: string) => ({ authorization: `Bearer ${token}` });
