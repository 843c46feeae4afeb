import type { INestApplication } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { configureGateway, GatewayModule } from '@gz/gateway';
import { IdentityModule, seedDemoDistrict } from '@gz/identity';
import { DatabaseRegistry, PlatformModule } from '@gz/platform';
import { bootTestApp } from '@gz/testing';
import request from 'supertest';
import { RegistryModule, seedDemoRegistry } from '../src';

export const PASSWORD = 'Demo-Passw0rd!';

/** Identity, the registry and the gateway in one app (as standalone runs them), demo data loaded. */
export async function bootPlatform(env: NodeJS.ProcessEnv): Promise<NestFastifyApplication> {
  const app = await bootTestApp(
    {
      imports: [
        PlatformModule.forRoot({ app: 'test', env }),
        IdentityModule.forRoot({ env }),
        RegistryModule.forRoot({ env }),
        GatewayModule.forRoot({ env }),
      ],
    },
    { configure: configureGateway, bodyLimit: 64 * 1024 },
  );
  const databases = app.get(DatabaseRegistry);
  await seedDemoDistrict(databases.get('identity'), PASSWORD);
  await seedDemoRegistry(databases.get('registry'), env);
  return app;
}

export async function login(app: INestApplication, username: string, password = PASSWORD): Promise<string> {
  const res = await request(app.getHttpServer()).post('/api/v1/auth/login').send({ username, password });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.accessToken as string;
}

export const auth = (token: string) => ({ authorization: `Bearer ${token}` });
