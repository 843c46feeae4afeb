import { Module, type DynamicModule, type Type } from '@nestjs/common';
import {
  BusClient,
  Clock,
  FieldSealer,
  loadConfig,
  OrgUnits,
  PlatformModule,
  ServiceModule,
  SystemClock,
  WorkingCalendar,
} from '@gz/platform';
import { incubatorSealer } from './crypto';
import { IncubatorConfig } from './incubator.config';
import { OrganisationHandlers } from './handlers/organisation.handlers';
import { IncubatorInit1764300000001 } from './migrations/1764300000001-incubator-init';
import { OrganisationStore } from './persistence/organisation.store';
import { OrganisationsService } from './services/organisations.service';

export interface IncubatorModuleOptions {
  /** environment to read instead of process.env (tests pass the same object as to PlatformModule) */
  env?: NodeJS.ProcessEnv;
  /** where "now" comes from (default: the system clock); tests pass a controllable one */
  clock?: Clock;
}

// ---------------------------------------------------------------------------------------------
// What the module wires, one list per kind; each part appends its own below its marker.
// ---------------------------------------------------------------------------------------------

/** Frozen migrations, in order (each part's timestamps lie in its own range). */
const MIGRATIONS: Type[] = [
  IncubatorInit1764300000001,
  // -- organisations and incubation (helper I1): 17643000001xx --
  // -- venture-philanthropy rounds (helper I2): 17643000002xx --
  // -- purchased services and community funds (helper I3): 17643000003xx --
  // -- volunteers (helper I4): 17643000004xx --
];

/** Bus handlers (@BusHandler): Nest controllers. */
const HANDLERS: Type[] = [
  OrganisationHandlers,
  // -- organisations and incubation (helper I1) --
  // -- venture-philanthropy rounds (helper I2) --
  // -- purchased services and community funds (helper I3) --
  // -- volunteers (helper I4) --
];

/** Providers whose @OnEvent methods consume events (also listed in PROVIDERS). */
const EVENT_HANDLERS: Type[] = [
  // -- organisations and incubation (helper I1) --
  // -- venture-philanthropy rounds (helper I2) --
  // -- purchased services and community funds (helper I3) --
  // -- volunteers (helper I4) --
];

/** Stores, services and jobs. */
const PROVIDERS: Type[] = [
  OrganisationStore,
  OrganisationsService,
  // -- organisations and incubation (helper I1) --
  // -- venture-philanthropy rounds (helper I2) --
  // -- purchased services and community funds (helper I3) --
  // -- volunteers (helper I4) --
];

/**
 * The incubator service (社会组织孵化): community social organisations and their incubation,
 * venture-philanthropy rounds (公益创投), services purchased by government, volunteers and their
 * hours, community funds and micro-funds. Served on the bus (`incubator.*`).
 */
@Module({})
export class IncubatorModule {
  static forRoot(options: IncubatorModuleOptions = {}): DynamicModule {
    const config = loadConfig(IncubatorConfig, options.env ?? process.env);
    return {
      module: IncubatorModule,
      imports: [
        ServiceModule.forService({
          service: 'incubator',
          entities: [],
          migrations: MIGRATIONS,
          eventHandlers: EVENT_HANDLERS,
        }),
      ],
      controllers: HANDLERS,
      providers: [
        { provide: IncubatorConfig, useValue: config },
        { provide: Clock, useValue: options.clock ?? new SystemClock() },
        { provide: FieldSealer, useValue: incubatorSealer(config) },
        {
          provide: WorkingCalendar,
          useValue: WorkingCalendar.fromSettings(config.WORKING_CALENDAR_HOLIDAYS, config.WORKING_CALENDAR_WORKDAYS),
        },
        {
          provide: OrgUnits,
          useFactory: (bus: BusClient) => new OrgUnits(bus, config.ORG_TREE_CACHE_S, 'incubator'),
          inject: [BusClient],
        },
        ...PROVIDERS,
      ],
      exports: [IncubatorConfig],
    };
  }
}

/** The root module of the incubator service as its own process (apps/incubator). */
export function incubatorAppModule(env?: NodeJS.ProcessEnv): Type {
  @Module({ imports: [PlatformModule.forRoot({ app: 'incubator', env }), IncubatorModule.forRoot({ env })] })
  class IncubatorAppModule {}
  return IncubatorAppModule;
}
