import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { Clock, loadConfig, PlatformModule, ServiceModule, SystemClock } from '@gz/platform';
import { CouncilsConfig } from './councils.config';
import { PhoneCipher } from './crypto/phone-cipher';
import { CompoundHandlers } from './handlers/compound.handlers';
import { OwnerHandlers } from './handlers/owner.handlers';
import { CompoundStore } from './persistence/compound.store';
import { ImportStore } from './persistence/import.store';
import { OwnerStore } from './persistence/owner.store';
import { UnitStore } from './persistence/unit.store';
import { CompoundsService } from './services/compounds.service';
import { OrgUnits } from './services/org-units.service';
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

export interface CouncilsModuleOptions {
  /** environment to read instead of process.env (tests pass the same object as to PlatformModule) */
  env?: NodeJS.ProcessEnv;
  /** where "now" comes from (default: the system clock); tests pass a controllable one */
  clock?: Clock;
}

// ---------------------------------------------------------------------------------------------
// What the module wires, one list per kind. Compounds, units and owners (helper C1) first; the
// votes (helper C2) append theirs below the marker of each list.
// ---------------------------------------------------------------------------------------------

/** Frozen migrations, in order. */
const MIGRATIONS: Type[] = [
  CouncilsInit1764200000001,
  // -- votes (helper C2) --
  CouncilsVotes1764200000100,
];

/** Bus handlers (@BusHandler): Nest controllers. */
const HANDLERS: Type[] = [
  CompoundHandlers,
  OwnerHandlers,
  // -- votes (helper C2) --
  VoteHandlers,
];

/** Providers whose @OnEvent methods consume events (also listed in PROVIDERS). */
const EVENT_HANDLERS: Type[] = [
  // -- votes (helper C2) --
];

/** Stores, services and jobs. */
const PROVIDERS: Type[] = [
  OrgUnits,
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
  // -- votes (helper C2) --
  VoteStore,
  BallotStore,
  VoteAccess,
  VoteAdminService,
  BallotService,
  VoteTallyService,
  VoteTimerPoller,
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
