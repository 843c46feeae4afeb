import type { ModuleMetadata } from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { BUS_TRANSPORT, connectBus, EVENT_TRANSPORT, type BusTransport, type EventTransport } from '@gz/platform';
import { eventually } from './harness';

/**
 * Boots a Nest application for a test the way the real apps boot: on Fastify, with its bus
 * handlers served. Pass `PlatformModule.forRoot({ app, env })` among the imports.
 */
export async function bootTestApp(
  metadata: ModuleMetadata,
  options: {
    bus?: boolean;
    /** e.g. `configureGateway`, to serve the HTTP API exactly as the gateway does */
    configure?: (app: NestFastifyApplication) => Promise<void>;
    bodyLimit?: number;
  } = {},
): Promise<NestFastifyApplication> {
  const moduleRef = await Test.createTestingModule(metadata).compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter({ bodyLimit: options.bodyLimit }), {
    logger: false,
  });
  if (options.configure) await options.configure(app);
  if (options.bus !== false) await connectBus(app);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  await untilConnected(app);
  return app;
}

/** Waits until the app's bus is connected and serving, as readiness would report. */
export async function untilConnected(app: { get<T>(token: unknown): T }): Promise<void> {
  const bus = app.get<BusTransport>(BUS_TRANSPORT);
  const events = app.get<EventTransport>(EVENT_TRANSPORT);
  await eventually(() => (bus.isConnected() && events.isConnected() ? true : undefined), 10_000, 'the bus to connect');
}
