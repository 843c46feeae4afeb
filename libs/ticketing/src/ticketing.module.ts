import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { Clock, loadConfig, OrgGrids, PlatformModule, ServiceModule, SystemClock } from '@gz/platform';
import { CategoryHandlers } from './handlers/categories.handlers';
import { DispatchEventsHandlers } from './handlers/dispatch-events.handlers';
import { LedgerHandlers } from './handlers/ledger.handlers';
import { PhotoHandlers } from './handlers/photos.handlers';
import { TicketHandlers } from './handlers/tickets.handlers';
import { TicketingInit1764100000000 } from './migrations/1764100000000-ticketing-init';
import { TicketingLedger1764400000000 } from './migrations/1764400000000-ticketing-ledger';
import { TicketingPhotos1764400001000 } from './migrations/1764400001000-ticketing-photos';
import { TicketingEventCatalogue1795478400000 } from './migrations/1795478400000-ticketing-event-catalogue';
import { TicketingTimelineActions1795564800000 } from './migrations/1795564800000-ticketing-timeline-actions';
import { CategoryStore } from './persistence/category.store';
import { LedgerStore } from './persistence/ledger.store';
import { PhotoStore } from './persistence/photo.store';
import { TicketSearchStore } from './persistence/ticket-search.store';
import { TicketStore } from './persistence/ticket.store';
import { CategoriesService } from './services/categories.service';
import { DispatchOutcomesService } from './services/dispatch-outcomes.service';
import { DuplicatesService } from './services/duplicates.service';
import { LedgerService } from './services/ledger.service';
import { PhotosService } from './services/photos.service';
import { ReportTicketService } from './services/report-ticket.service';
import { TicketReadsService } from './services/ticket-reads.service';
import { TicketStepsService } from './services/ticket-steps.service';
import { TicketingConfig } from './ticketing.config';

export interface TicketingModuleOptions {
  /** environment to read instead of process.env (tests pass the same object as to PlatformModule) */
  env?: NodeJS.ProcessEnv;
  /** where "now" comes from (default: the system clock); tests pass a controllable one */
  clock?: Clock;
}

/**
 * The ticketing service: the category catalogue, tickets and their state machine and timeline,
 * duplicates, ratings, the public-opinion ledger, photo records; served on the bus
 * (`ticketing.*`), consuming dispatch's events. Needs `PlatformModule.forRoot` in the app root.
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
            TicketingTimelineActions1795564800000,
          ],
          eventHandlers: [DispatchEventsHandlers],
        }),
      ],
      controllers: [CategoryHandlers, TicketHandlers, LedgerHandlers, PhotoHandlers],
      providers: [
        { provide: TicketingConfig, useValue: config },
        { provide: Clock, useValue: options.clock ?? new SystemClock() },
        OrgGrids.provider('ticketing', options.env ?? process.env),
        TicketStore,
        TicketSearchStore,
        CategoryStore,
        LedgerStore,
        PhotoStore,
        CategoriesService,
        DuplicatesService,
        ReportTicketService,
        TicketReadsService,
        TicketStepsService,
        LedgerService,
        PhotosService,
        DispatchOutcomesService,
        DispatchEventsHandlers,
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
