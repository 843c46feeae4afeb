import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { loadConfig, OrgGrids, PlatformModule, ServiceModule } from '@gz/platform';
import { CategoriesService } from './categories.service';
import { Clock, SystemClock } from './clock';
import { CategoriesController, LedgerController, PhotosController, TicketsController } from './controllers';
import { DispatchEventsHandler } from './dispatch-events.handler';
import { LedgerService } from './ledger.service';
import { TicketingInit1764100000000 } from './migrations/1764100000000-ticketing-init';
import { TicketingLedger1764400000000 } from './migrations/1764400000000-ticketing-ledger';
import { TicketingPhotos1764400001000 } from './migrations/1764400001000-ticketing-photos';
import { TicketingEventCatalogue1795478400000 } from './migrations/1795478400000-ticketing-event-catalogue';
import { PhotosService } from './photos.service';
import { TicketStore } from './ticket-store';
import { TicketingConfig } from './ticketing.config';
import { TicketsService } from './tickets.service';

export interface TicketingModuleOptions {
  /** environment to read instead of process.env (tests pass the same object as to PlatformModule) */
  env?: NodeJS.ProcessEnv;
  /** where "now" comes from (default: the system clock); tests pass a controllable one */
  clock?: Clock;
}

/**
 * The ticketing service: the category catalogue, tickets and their state machine and timeline,
 * duplicates, ratings; served on the bus (`ticketing.*`), consuming dispatch's events. Needs
 * `PlatformModule.forRoot` in the app root.
 */
@Module({})
export class TicketingModule {
  static forRoot(options: TicketingModuleOptions = {}): DynamicModule {
    const config = loadConfig(TicketingConfig, options.env ?? process.env);
    return {
      module: TicketingModule,
      imports: [
        ServiceModule.forService({
          service: 'ticketing',
          entities: [],
          migrations: [
            TicketingInit1764100000000,
            TicketingLedger1764400000000,
            TicketingPhotos1764400001000,
            TicketingEventCatalogue1795478400000,
          ],
          eventHandlers: [DispatchEventsHandler],
        }),
      ],
      controllers: [CategoriesController, TicketsController, LedgerController, PhotosController],
      providers: [
        { provide: TicketingConfig, useValue: config },
        { provide: Clock, useValue: options.clock ?? new SystemClock() },
        OrgGrids.provider('ticketing', options.env ?? process.env),
        TicketStore,
        TicketsService,
        CategoriesService,
        LedgerService,
        PhotosService,
        DispatchEventsHandler,
      ],
      exports: [TicketingConfig],
    };
  }
}

/** The root module of the ticketing service as its own process (apps/ticketing). */
export function ticketingAppModule(env?: NodeJS.ProcessEnv): Type {
  @Module({ imports: [PlatformModule.forRoot({ app: 'ticketing', env }), TicketingModule.forRoot({ env })] })
  class TicketingAppModule {}
  return TicketingAppModule;
}
