import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { BusClient, Clock, loadConfig, OrgUnits, PlatformModule, ServiceModule, SystemClock } from '@gz/platform';
import { CouncilsConfig } from './councils.config';
import { PhoneCipher } from './crypto/phone-cipher';
import { CompoundHandlers } from './handlers/compound.handlers';
import { OwnerHandlers } from './handlers/owner.handlers';
import { CompoundStore } from './persistence/compound.store';
import { ImportStore } from './persistence/import.store';
import { OwnerStore } from './persistence/owner.store';
import { UnitStore } from './persistence/unit.store';
import { CompoundsService } from './services/compounds.service';
import { OwnerLinksService } from './services/owner-links.service';
import { OwnerRollImportService } from './services/owner-roll-import.service';
import { OwnersService } from './services/owners.service';
import { RollChanges } from './services/roll-changes.service';
import { UnitsService } from './services/units.service';
import { CouncilsInit1764200000001 } from './migrations/1764200000001-councils-init';
import { CouncilsVotes1764200000100 } from './migrations/1764200000100-councils-votes';
import { VoteHandlers } from './handlers/vote.handlers';
import { VoteTimerPoller } from './jobs/vote-timer.poller';
import { BallotStore } from './persistence/ballot.store';
import { VoteStore } from './persistence/vote.store';
import { BallotService } from './services/ballot.service';
import { VoteAccess } from './services/vote-access.service';
import { VoteAdminService } from './services/vote-admin.service';
import { VoteTallyService } from './services/vote-tally.service';
import { CouncilsTopics1764200000300 } from './migrations/1764200000300-councils-topics';
import { TopicStore } from './persistence/topic.store';
import { CouncilsJointCouncils1764200000310 } from './migrations/1764200000310-councils-joint-councils';
import { TopicHandlers } from './handlers/topic.handlers';
import { CouncilStore } from './persistence/council.store';
import { JointCouncilsService } from './services/joint-councils.service';
import { TopicsService } from './services/topics.service';
import { CouncilsDeliberation1764200000400 } from './migrations/1764200000400-councils-deliberation';
import { DeliberationHandlers } from './handlers/deliberation.handlers';
import { StepOverduePoller } from './jobs/step-overdue.poller';
import { DeliberationStore } from './persistence/deliberation.store';
import { DeliberationService } from './services/deliberation.service';
import { MeetingsService } from './services/meetings.service';
import { CouncilsAssessment1764200000500 } from './migrations/1764200000500-councils-assessment';
import { AssessmentHandlers } from './handlers/assessment.handlers';
import { AssessmentStore } from './persistence/assessment.store';
import { AssessmentService } from './services/assessment.service';
import { CouncilsResolutions1764200000600 } from './migrations/1764200000600-councils-resolutions';
import { ResolutionHandlers } from './handlers/resolution.handlers';
import { TaskTicketEvents } from './handlers/task-ticket.events';
import { ResolutionStore } from './persistence/resolution.store';
import { ResolutionsService } from './services/resolutions.service';
import { TicketReporter } from './services/ticket-reporter.service';

export interface CouncilsModuleOptions {
  /** environment to read instead of process.env (tests pass the same object as to PlatformModule) */
  env?: NodeJS.ProcessEnv;
  /** where "now" comes from (default: the system clock); tests pass a controllable one */
  clock?: Clock;
}

// ---------------------------------------------------------------------------------------------
// What the module wires, one list per kind. Compounds, units and owners first; the
// votes append theirs below the marker of each list.
// ---------------------------------------------------------------------------------------------

/** Frozen migrations, in order. */
const MIGRATIONS: Type[] = [
  CouncilsInit1764200000001,
  // -- votes --
  CouncilsVotes1764200000100,
  // -- topics (registered with the seven steps, which need them) --
  CouncilsTopics1764200000300,
  CouncilsJointCouncils1764200000310,
  // -- seven steps and meetings --
  CouncilsDeliberation1764200000400,
  // -- assessment --
  CouncilsAssessment1764200000500,
  // -- resolutions and the board --
  CouncilsResolutions1764200000600,
];

/** Bus handlers (@BusHandler): Nest controllers. */
const HANDLERS: Type[] = [
  CompoundHandlers,
  OwnerHandlers,
  // -- votes --
  VoteHandlers,
  // -- joint councils and topics --
  TopicHandlers,
  // -- seven steps and meetings --
  DeliberationHandlers,
  // -- assessment --
  AssessmentHandlers,
  // -- resolutions and the board --
  ResolutionHandlers,
];

/** Providers whose @OnEvent methods consume events (also listed in PROVIDERS). */
const EVENT_HANDLERS: Type[] = [
  // -- votes --
  // -- resolutions and the board --
  TaskTicketEvents,
];

/** Stores, services and jobs. */
const PROVIDERS: Type[] = [
  CompoundStore,
  UnitStore,
  OwnerStore,
  ImportStore,
  CompoundsService,
  UnitsService,
  OwnersService,
  OwnerLinksService,
  RollChanges,
  OwnerRollImportService,
  // -- votes --
  VoteStore,
  BallotStore,
  VoteAccess,
  VoteAdminService,
  BallotService,
  VoteTallyService,
  VoteTimerPoller,
  // -- topics (registered with the seven steps, which need it) --
  TopicStore,
  CouncilStore,
  JointCouncilsService,
  TicketReporter,
  TopicsService,
  // -- seven steps and meetings --
  DeliberationStore,
  DeliberationService,
  MeetingsService,
  StepOverduePoller,
  // -- assessment --
  AssessmentStore,
  AssessmentService,
  // -- resolutions and the board --
  ResolutionStore,
  ResolutionsService,
  TaskTicketEvents,
];

/**
 * The councils service (红色物业, 民情协商): residential compounds and their units (专有部分),
 * the owners' roll, owners' votes. Served on the bus (`councils.*`).
 */
@Module({})
export class CouncilsModule {
  static forRoot(options: CouncilsModuleOptions = {}): DynamicModule {
    const config = loadConfig(CouncilsConfig, options.env ?? process.env);
    return {
      module: CouncilsModule,
      imports: [
        ServiceModule.forService({
          service: 'councils',
          entities: [],
          migrations: MIGRATIONS,
          eventHandlers: EVENT_HANDLERS,
        }),
      ],
      controllers: HANDLERS,
      providers: [
        { provide: CouncilsConfig, useValue: config },
        { provide: Clock, useValue: options.clock ?? new SystemClock() },
        { provide: PhoneCipher, useValue: PhoneCipher.fromConfig(config) },
        {
          provide: OrgUnits,
          useFactory: (bus: BusClient) => new OrgUnits(bus, config.ORG_TREE_CACHE_S, 'councils'),
          inject: [BusClient],
        },
        ...PROVIDERS,
      ],
      exports: [CouncilsConfig],
    };
  }
}

/** The root module of the councils service as its own process (apps/councils). */
export function councilsAppModule(env?: NodeJS.ProcessEnv): Type {
  @Module({ imports: [PlatformModule.forRoot({ app: 'councils', env }), CouncilsModule.forRoot({ env })] })
  class CouncilsAppModule {}
  return CouncilsAppModule;
}
