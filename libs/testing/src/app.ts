import type { ModuleMetadata } from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { connectBus } from '@gz/platform';

/**
 * Boots a Nest application for a test the way the real apps boot: on Fastify, with its bus
 * handlers served. Pass `PlatformModule.forRoot({ app, env })` among the imports.
 */
export async function bootTestApp(metadata: ModuleMetadata, options: { bus?: boolean } = {}): Promise<NestFastifyApplication> {
  const moduleRef = await Test.createTestingModule(metadata).compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), { logger: false });
  if (options.bus !== false) await connectBus(app);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}
