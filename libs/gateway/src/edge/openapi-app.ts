import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { OpenAPIObject } from '@nestjs/swagger';
import { PlatformModule } from '@gz/platform';
import { GatewayModule } from '../gateway.module';
import { openApiDocument } from '../http/openapi';

/**
 * The OpenAPI document of the gateway's code, without a server, a database or a bus: the modules
 * the gateway serves, in Nest's preview mode (their graph, no provider created), with the
 * configuration's defaults. The same controllers as the gateway and standalone serve.
 */
export async function buildOpenApiDocument(): Promise<OpenAPIObject> {
  const env = {};
  const app = await NestFactory.create<NestFastifyApplication>(
    {
      module: class GatewayDocument {},
      imports: [PlatformModule.forRoot({ app: 'openapi', env }), GatewayModule.forRoot({ env })],
    },
    new FastifyAdapter(),
    { preview: true, logger: false, abortOnError: false },
  );
  try {
    return openApiDocument(app, GatewayModule);
  } finally {
    await app.close();
  }
}
