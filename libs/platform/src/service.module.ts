import {
  Controller,
  Inject,
  Injectable,
  Module,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type Type,
} from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { Payload } from '@nestjs/microservices';
import {
  deadLetterRoutes,
  DeadLetterQuery,
  DeadLetterReplayRequest,
  type Actor,
  type ServiceName,
} from '@gz/contracts';
import { DataSource } from 'typeorm';
import { requireRole } from './actor';
import { CallerActor } from './bus/bus-context';
import { BusHandler } from './bus/bus-handler';
import { DatabaseRegistry } from './database/database-registry';
import { openServiceDatabase, type ServiceDatabaseOptions } from './database/data-source';
import { EventConsumer } from './events/event-consumer';
import { EVENT_TRANSPORT, type EventTransport } from './events/event-transport';
import { eventHandlersOf } from './events/on-event';
import { Outbox } from './events/outbox';
import { OutboxRelay } from './events/outbox-relay';
import { PlatformConfig } from './platform-config';

export interface ServiceOptions extends Omit<ServiceDatabaseOptions, 'schema'> {
  service: ServiceName;
  /** providers (of the service's own module) whose @OnEvent methods consume events */
  eventHandlers?: Type[];
}

const SERVICE_OPTIONS = Symbol('SERVICE_OPTIONS');

@Injectable()
class ServiceRuntime implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(SERVICE_OPTIONS) private readonly options: ServiceOptions,
    private readonly moduleRef: ModuleRef,
    private readonly relay: OutboxRelay,
    private readonly consumer: EventConsumer,
    private readonly dataSource: DataSource,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const type of this.options.eventHandlers ?? []) {
      const instance = this.moduleRef.get(type, { strict: false });
      for (const h of eventHandlersOf(instance))
        if (h.mode === 'statement') this.consumer.registerStatement(h.type, h.handle);
        else this.consumer.register(h.type, h.handle);
    }
    await this.consumer.start();
    await this.relay.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumer.close();
    await this.relay.stop();
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

function deadLetterController(service: ServiceName): Type {
  const routes = deadLetterRoutes(service);

  /** Operators see and replay the events this service could not handle. */
  @Controller()
  class DeadLetterController {
    constructor(private readonly consumer: EventConsumer) {}

    @BusHandler(routes.deadLetterList)
    list(@Payload() query: DeadLetterQuery, @CallerActor() actor?: Actor) {
      requireRole(actor, 'district_admin');
      return this.consumer.listDeadLetters(query.page ?? 1, query.pageSize ?? 20);
    }

    @BusHandler(routes.deadLetterReplay)
    replay(@Payload() request: DeadLetterReplayRequest, @CallerActor() actor?: Actor) {
      requireRole(actor, 'district_admin');
      return this.consumer.replay(request.id);
    }
  }
  Object.defineProperty(DeadLetterController, 'name', { value: `${service}DeadLetterController` });
  return DeadLetterController;
}

/**
 * What a bounded context gets from the platform: its data source (own schema, migrations run at
 * start), its outbox and relay, its durable event consumer and inbox, and its dead letters.
 */
@Module({})
export class ServiceModule {
  static forService(options: ServiceOptions): DynamicModule {
    return {
      module: ServiceModule,
      controllers: [deadLetterController(options.service)],
      providers: [
        { provide: SERVICE_OPTIONS, useValue: options },
        {
          provide: DataSource,
          inject: [PlatformConfig, DatabaseRegistry],
          useFactory: async (config: PlatformConfig, registry: DatabaseRegistry) => {
            if (!config.DATABASE_URL) throw new Error('DATABASE_URL is not set');
            const ds = await openServiceDatabase(config.DATABASE_URL, { ...options, schema: options.service }, config.DB_POOL_SIZE, {
              prepare: config.DB_PREPARED_STATEMENTS,
              // 60% of the bus timeout: a busy service still answers its caller before the gateway gives up
              connectTimeoutMs: Math.round(config.BUS_REQUEST_TIMEOUT_MS * 0.6),
            });
            registry.add(options.service, ds);
            return ds;
          },
        },
        {
          provide: Outbox,
          inject: [PlatformConfig, OutboxRelay],
          // The relay takes each transaction's events in process right after COMMIT.
          useFactory: (config: PlatformConfig, relay: OutboxRelay) => new Outbox(options.service, config.BUS_ROOT, relay),
        },
        {
          provide: OutboxRelay,
          inject: [DataSource, EVENT_TRANSPORT, PlatformConfig],
          useFactory: (ds: DataSource, events: EventTransport, config: PlatformConfig) =>
            new OutboxRelay(
              options.service,
              ds,
              events,
              config.DATABASE_URL as string,
              config.OUTBOX_POLL_MS,
              config.OUTBOX_MARK_DELAY_MS,
            ),
        },
        {
          provide: EventConsumer,
          inject: [DataSource, EVENT_TRANSPORT, PlatformConfig],
          useFactory: (ds: DataSource, events: EventTransport, config: PlatformConfig) =>
            new EventConsumer(
              {
                service: options.service,
                root: config.BUS_ROOT,
                maxAttempts: config.EVENT_MAX_ATTEMPTS,
                retryBaseMs: config.EVENT_RETRY_BASE_MS,
              },
              ds,
              events,
            ),
        },
        ServiceRuntime,
      ],
      exports: [DataSource, Outbox, EventConsumer, OutboxRelay],
    };
  }
}
