import type { INestApplication, ModuleMetadata } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { configureGateway, GatewayModule } from '@gz/gateway';
import { IdentityModule, seedDemoDistrict } from '@gz/identity';
import { DatabaseRegistry, PlatformModule } from '@gz/platform';
import { bootTestApp, PASSWORD } from '@gz/testing';
import { StandaloneModule } from '../src';

export { auth, PASSWORD, signIn as login } from '@gz/testing';

/** Modules served over HTTP as the gateway serves them (64 KiB body limit, to test 413 cheaply). */
function boot(imports: ModuleMetadata['imports'], gateway: boolean) {
  return bootTestApp({ imports }, { configure: gateway ? configureGateway : undefined, bodyLimit: 64 * 1024 });
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
