import { Global, Inject, Injectable, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { collectDefaultMetrics, register } from 'prom-client';
import { BusClient } from './bus/bus-client';
import { LocalBusTransport } from './bus/local-transport';
import { NatsConnector } from './bus/nats-connector';
import { NatsBusTransport } from './bus/nats-transport';
import { BUS_TRANSPORT, type BusTransport } from './bus/transport';
import { loadConfig } from './config';
import { DatabaseRegistry } from './database/database-registry';
import { EVENT_TRANSPORT } from './events/event-transport';
import { JetStreamEventTransport } from './events/jetstream-transport';
import { LocalEventTransport } from './events/local-event-transport';
import { HealthController } from './health/health.controller';
import { PlatformConfig } from './platform-config';

export interface PlatformOptions {
  /** the app's name, used for the NATS connection and logs */
  app: string;
  /** environment to read instead of process.env (tests) */
  env?: NodeJS.ProcessEnv;
}

const NATS_CONNECTOR = Symbol('NATS_CONNECTOR');

@Injectable()
class PlatformLifecycle implements OnApplicationShutdown {
  constructor(
    @Inject(NATS_CONNECTOR) private readonly connector: NatsConnector | null,
    @Inject(BUS_TRANSPORT) private readonly bus: BusTransport,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.bus.close();
    // Drain: let in-flight messages finish before the connection closes.
    await this.connector?.close();
  }
}

let defaultMetrics = false;

/**
 * What every app has: configuration, the bus (NATS when NATS_URL is set, in-process otherwise),
 * the event transport, health and metrics.
 */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(options: PlatformOptions): DynamicModule {
    const config = loadConfig(PlatformConfig, options.env ?? process.env);
    if (!defaultMetrics) {
      defaultMetrics = true;
      collectDefaultMetrics({ register });
    }
    const connector = config.NATS_URL ? new NatsConnector(config.NATS_URL, options.app) : null;
    const bus: BusTransport = connector ? new NatsBusTransport(connector) : LocalBusTransport.shared(config.BUS_ROOT);
    const events = connector ? new JetStreamEventTransport(connector, config.BUS_ROOT, config.EVENT_CONCURRENCY) : LocalEventTransport.shared(config.BUS_ROOT);
    return {
      module: PlatformModule,
      imports: [TerminusModule.forRoot({ logger: false })],
      controllers: [HealthController],
      providers: [
        { provide: PlatformConfig, useValue: config },
        { provide: NATS_CONNECTOR, useValue: connector },
        { provide: BUS_TRANSPORT, useValue: bus },
        { provide: EVENT_TRANSPORT, useValue: events },
        DatabaseRegistry,
        BusClient,
        PlatformLifecycle,
      ],
      exports: [PlatformConfig, BUS_TRANSPORT, EVENT_TRANSPORT, DatabaseRegistry, BusClient],
    };
  }
}
