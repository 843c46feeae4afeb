import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { loadConfig, OrgGrids, PlatformModule, ServiceModule } from '@gz/platform';
import {
  ChangeRequestsController,
  RentalsController,
  StatisticsController,
  VisitsController,
} from './care.controllers';
import { ChangeRequestsService } from './change-requests.service';
import { PersonsController, PlacesController } from './controllers';
import { RegistryInit1764100000000 } from './migrations/1764100000000-registry-init';
import { RegistryVisits1764200000000 } from './migrations/1764200000000-registry-visits';
import { RegistryRentals1764300000000 } from './migrations/1764300000000-registry-rentals';
import { RegistryChangeRequests1764400000000 } from './migrations/1764400000000-registry-change-requests';
import { RegistryReminders1764500000000 } from './migrations/1764500000000-registry-reminders';
import { RegistryDistrictTags1764510000000 } from './migrations/1764510000000-registry-district-tags';
import { RegistryDuplicates1764520000000 } from './migrations/1764520000000-registry-duplicates';
import { DistrictTagsService } from './district-tags.service';
import { DuplicatesService } from './duplicates.service';
import { ReminderConfig } from './reminders.config';
import { RemindersController, TagsDuplicatesController } from './reminders.controllers';
import { RemindersPoller } from './reminders.poller';
import { RemindersService } from './reminders.service';
import { RegistryImports1764600000000 } from './migrations/1764600000000-registry-imports';
import { RegistryNameBigrams1764700000000 } from './migrations/1764700000000-registry-name-bigrams';
import { ImportService } from './import.service';
import { ImportsController } from './imports.controller';
import { MovesService } from './moves.service';
import { PersonalData } from './personal-data';
import { PersonsService } from './persons.service';
import { PiiCipher } from './pii';
import { PlacesService } from './places.service';
import { piiKeysOf, RegistryConfig } from './registry.config';
import { RentalsService } from './rentals.service';
import { StatisticsService } from './statistics.service';
import { VisitsService } from './visits.service';

/** The registry schema: its migrations (also run by `gz migrate`). One migration per change, in order. */
export const REGISTRY_DATABASE = {
  entities: [],
  migrations: [
    RegistryInit1764100000000,
    RegistryVisits1764200000000,
    RegistryRentals1764300000000,
    RegistryChangeRequests1764400000000,
    RegistryReminders1764500000000,
    RegistryDistrictTags1764510000000,
    RegistryDuplicates1764520000000,
    RegistryImports1764600000000,
    RegistryNameBigrams1764700000000,
  ],
};

export interface RegistryModuleOptions {
  /** environment to read instead of process.env (tests pass the same object as to PlatformModule) */
  env?: NodeJS.ProcessEnv;
}

/**
 * The household registry: buildings, households, persons and who lived where, personal data
 * encrypted with an access audit, served on the bus (`registry.*` routes). Needs
 * `PlatformModule.forRoot` in the app root. `forRoot` reads RegistryConfig from `env` (default
 * process.env); a wrong or (in production) missing key throws a ConfigError naming the variable.
 */
@Module({})
export class RegistryModule {
  static forRoot(options: RegistryModuleOptions = {}): DynamicModule {
    const config = loadConfig(RegistryConfig, options.env ?? process.env);
    const personalData = new PersonalData(new PiiCipher(piiKeysOf(config)));
    return {
      module: RegistryModule,
      imports: [ServiceModule.forService({ service: 'registry', ...REGISTRY_DATABASE })],
      controllers: [
        RemindersController,
        TagsDuplicatesController,
        PlacesController,
        PersonsController,
        VisitsController,
        RentalsController,
        StatisticsController,
        ChangeRequestsController,
        ImportsController,
      ],
      providers: [
        { provide: RegistryConfig, useValue: config },
        { provide: PersonalData, useValue: personalData },
        OrgGrids.provider('registry', options.env ?? process.env),
        PlacesService,
        PersonsService,
        MovesService,
        VisitsService,
        RentalsService,
        StatisticsService,
        ChangeRequestsService,
        { provide: ReminderConfig, useValue: loadConfig(ReminderConfig, options.env ?? process.env) },
        DistrictTagsService,
        RemindersService,
        RemindersPoller,
        DuplicatesService,
        ImportService,
      ],
      exports: [RegistryConfig],
    };
  }
}

/** The root module of the registry service as its own process (apps/registry). */
export function registryAppModule(env?: NodeJS.ProcessEnv): Type {
  @Module({ imports: [PlatformModule.forRoot({ app: 'registry', env }), RegistryModule.forRoot({ env })] })
  class RegistryAppModule {}
  return RegistryAppModule;
}
