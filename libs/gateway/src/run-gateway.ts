import { Logger, type DynamicModule, type Type } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createFastifyApp, loadConfig } from '@gz/platform';
import { configureGateway } from './configure';
import { GatewayConfig } from './gateway-config';

/** Creates the gateway HTTP app for `module` (the gateway alone, or standalone with every service). */
export async function createGatewayApp(module: Type | DynamicModule, options: { shutdownHooks?: boolean } = {}): Promise<NestFastifyApplication> {
  const config = loadConfig(GatewayConfig);
  const app = await createFastifyApp(module, { bodyLimit: config.BODY_LIMIT_BYTES, trustProxy: config.TRUST_PROXY, ...options });
  await configureGateway(app);
  return app;
}

export async function listenGateway(app: NestFastifyApplication): Promise<string> {
  const config = app.get(GatewayConfig);
  await app.listen(config.PORT, process.env.HOST ?? '0.0.0.0');
  const address = `http://localhost:${config.PORT}`;
  new Logger('Gateway').log(`listening on ${address} (API ${address}/api/v1, docs ${address}/api/docs)`);
  return address;
}
