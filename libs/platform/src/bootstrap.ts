import { randomUUID } from 'node:crypto';
import { Logger, type DynamicModule, type INestApplication, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { BusServer } from './bus/bus-server';
import { BUS_TRANSPORT, type BusTransport } from './bus/transport';
import { ConfigError } from './config';
import { createLogger, PinoNestLogger } from './logger';
import { PlatformConfig } from './platform-config';

export interface HttpAppOptions {
  /** largest request body in bytes */
  bodyLimit?: number;
  trustProxy?: boolean;
  logger?: PinoNestLogger | false;
  /** let Nest close the app on SIGTERM/SIGINT (false when the caller closes it itself) */
  shutdownHooks?: boolean;
}

/** A Nest application on Fastify with request ids (taken from `x-request-id` or made). */
export async function createFastifyApp(module: Type | DynamicModule, options: HttpAppOptions = {}): Promise<NestFastifyApplication> {
  const logger = options.logger === undefined ? new PinoNestLogger(createLogger()) : options.logger;
  if (logger) Logger.overrideLogger(logger);
  const adapter = new FastifyAdapter({
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    trustProxy: options.trustProxy ?? false,
    genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.:-]{1,128}$/.test(given) ? given : randomUUID();
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(module, adapter, {
    logger,
    bufferLogs: false,
  });
  if (options.shutdownHooks !== false) app.enableShutdownHooks();
  return app;
}

/** Serves the app's `@BusHandler`s on the bus, for the streets this instance is configured for. */
export async function connectBus(app: INestApplication): Promise<BusServer> {
  const config = app.get(PlatformConfig);
  const transport = app.get<BusTransport>(BUS_TRANSPORT);
  const server = new BusServer(transport, config.BUS_ROOT, config.STREETS);
  app.connectMicroservice({ strategy: server }, { inheritAppConfig: true });
  await app.startAllMicroservices();
  return server;
}

/**
 * Runs one bounded context as its own process: its handlers on the bus, and an HTTP port
 * (HEALTH_PORT) for liveness, readiness and metrics.
 */
export async function runService(module: Type | DynamicModule, name: string): Promise<INestApplication> {
  const app = await createFastifyApp(module);
  await connectBus(app);
  const config = app.get(PlatformConfig);
  await app.listen(config.HEALTH_PORT, process.env.HOST ?? '0.0.0.0');
  new Logger('Bootstrap').log(`${name} ready; health and metrics on :${config.HEALTH_PORT}, streets ${config.STREETS.join(',')}`);
  return app;
}

/** Prints configuration errors plainly (naming the variable) and exits; anything else is thrown. */
export function exitOnStartupError(error: unknown): never {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  }
  process.exit(1);
}
