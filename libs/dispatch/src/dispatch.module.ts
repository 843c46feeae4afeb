import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { loadConfig, PlatformModule, ServiceModule } from '@gz/platform';
import { Clock, SystemClock } from './clock';
import { DispatchController, ResponsibilityController } from './controllers';
import { DispatchConfig } from './dispatch.config';
import { DispatchService } from './dispatch.service';
import { EscalationPoller } from './escalation.poller';
import { DispatchInit1764100000001 } from './migrations/1764100000001-dispatch-init';
import { ResponsibilityService } from './responsibility.service';
import { TicketEventsHandler } from './ticket-events.handler';

export interface DispatchModuleOptions {
  /** environment to read instead of process.env (tests pass the same object as to PlatformModule) */
  env?: NodeJS.ProcessEnv;
  /** where "now" comes from (default: the system clock); tests pass a controllable one */
  clock?: Clock;
}

/**
 * The dispatch service: responsibility lists, proposals, the command centre's dispatch,
 * departments' acknowledgements, hand-backs and results, deadlines and escalation (durable
 * timers). Served on the bus (`dispatch.*`), consuming ticketing's events.
 */
@Module({})
export class DispatchModule {
  static forRoot(options: DispatchModuleOptions = {}): DynamicModule {
    const config = loadConfig(DispatchConfig, options.env ?? process.env);
    return {
      module: DispatchModule,
      imports: [
        ServiceModule.forService({
          service: 'dispatch',
          entities: [],
          migrations: [DispatchInit1764100000001],
          eventHandlers: [TicketEventsHandler],
        }),
      ],
      controllers: [DispatchController, ResponsibilityController],
      providers: [
        { provide: DispatchConfig, useValue: config },
        { provide: Clock, useValue: options.clock ?? new SystemClock() },
        ResponsibilityService,
        DispatchService,
        EscalationPoller,
        TicketEventsHandler,
      ],
      exports: [DispatchConfig, EscalationPoller],
    };
  }
}

/** The root module of the dispatch service as its own process (apps/dispatch). */
export function dispatchAppModule(env?: NodeJS.ProcessEnv): Type {
  @Module({ imports: [PlatformModule.forRoot({ app: 'dispatch', env }), DispatchModule.forRoot({ env })] })
  class DispatchAppModule {}
  return DispatchAppModule;
}
