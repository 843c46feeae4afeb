import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { BusClient, Clock, loadConfig, OrgUnits, PlatformModule, ServiceModule, SystemClock } from '@gz/platform';
import { EvaluationConfig } from './evaluation.config';
import { EvaluationHandlers, EvaluationInputHandlers } from './handlers/evaluation.handlers';
import { SourceEventsHandlers } from './handlers/source-events.handlers';
import { ProjectorJob } from './jobs/projector.job';
import { EvaluationInit1764300000001 } from './migrations/1764300000001-evaluation-init';
import { EvaluationFactRows1764300000010 } from './migrations/1764300000010-evaluation-fact-rows';
import { DefinitionsStore } from './persistence/definitions.store';
import { FactStore } from './persistence/fact.store';
import { LogStore } from './persistence/log.store';
import { ProjectionStore } from './persistence/projection.store';
import { SurveyStore } from './persistence/survey.store';
import { CatalogueService } from './services/catalogue.service';
import { InputsService } from './services/inputs.service';
import { LogWriter } from './services/log-writer.service';
import { PeriodsService } from './services/periods.service';
import { RebuildsService } from './services/rebuilds.service';
import { SchemesService } from './services/schemes.service';
import { ScorecardsService } from './services/scorecards.service';
import { SurveysService } from './services/surveys.service';

export interface EvaluationModuleOptions {
  /** environment to read instead of process.env (tests pass the same object as to PlatformModule) */
  env?: NodeJS.ProcessEnv;
  /** where "now" comes from (default: the system clock) */
  clock?: Clock;
}

/** Frozen migrations, in order. */
const MIGRATIONS: Type[] = [EvaluationInit1764300000001, EvaluationFactRows1764300000010];

/** Bus handlers (@BusHandler): Nest controllers. */
const HANDLERS: Type[] = [EvaluationHandlers, EvaluationInputHandlers];

/** Providers whose @OnEvent methods consume events (also listed in PROVIDERS). */
const EVENT_HANDLERS: Type[] = [SourceEventsHandlers];

/** Stores, services and jobs. */
const PROVIDERS: Type[] = [
  LogStore,
  ProjectionStore,
  FactStore,
  DefinitionsStore,
  SurveyStore,
  ProjectorJob,
  LogWriter,
  CatalogueService,
  SchemesService,
  ScorecardsService,
  PeriodsService,
  InputsService,
  SurveysService,
  RebuildsService,
  SourceEventsHandlers,
];

/**
 * The evaluation service (考核评价): facts from what happened (the events of tickets, dispatch,
 * the registry and councils, logged and projected per unit and day), indicators and scoring
 * schemes as versioned data, scorecards, rankings and trends. Served on the bus (`evaluation.*`).
 */
@Module({})
export class EvaluationModule {
  static forRoot(options: EvaluationModuleOptions = {}): DynamicModule {
    const config = loadConfig(EvaluationConfig, options.env ?? process.env);
    return {
      module: EvaluationModule,
      imports: [
        ServiceModule.forService({
          service: 'evaluation',
          entities: [],
          migrations: MIGRATIONS,
          eventHandlers: EVENT_HANDLERS,
        }),
      ],
      controllers: HANDLERS,
      providers: [
        { provide: EvaluationConfig, useValue: config },
        { provide: Clock, useValue: options.clock ?? new SystemClock() },
        {
          provide: OrgUnits,
          useFactory: (bus: BusClient) => new OrgUnits(bus, config.ORG_TREE_CACHE_S, 'evaluation'),
          inject: [BusClient],
        },
        ...PROVIDERS,
      ],
      exports: [EvaluationConfig, ProjectorJob],
    };
  }
}

/** The root module of the evaluation service as its own process (apps/evaluation). */
export function evaluationAppModule(env?: NodeJS.ProcessEnv): Type {
  @Module({ imports: [PlatformModule.forRoot({ app: 'evaluation', env }), EvaluationModule.forRoot({ env })] })
  class EvaluationAppModule {}
  return EvaluationAppModule;
}
