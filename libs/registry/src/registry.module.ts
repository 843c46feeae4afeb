import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { loadConfig, OrgGrids, PlatformModule, ServiceModule } from '@gz/platform';
import { BuildingsHandlers } from './handlers/buildings.handlers';
import { ChangeRequestsHandlers } from './handlers/change-requests.handlers';
import { DuplicatesHandlers } from './handlers/duplicates.handlers';
import { HouseholdsHandlers } from './handlers/households.handlers';
import { ImportsHandlers } from './handlers/imports.handlers';
import { PersonsHandlers } from './handlers/persons.handlers';
import { RemindersHandlers } from './handlers/reminders.handlers';
import { RentalsHandlers } from './handlers/rentals.handlers';
import { StatisticsHandlers } from './handlers/statistics.handlers';
import { TagsHandlers } from './handlers/tags.handlers';
import { VisitsHandlers } from './handlers/visits.handlers';
import { RemindersPoller } from './jobs/reminders.poller';
import { RegistryInit1764100000000 } from './migrations/1764100000000-registry-init';
import { RegistryVisits1764200000000 } from './migrations/1764200000000-registry-visits';
import { RegistryRentals1764300000000 } from './migrations/1764300000000-registry-rentals';
import { RegistryChangeRequests1764400000000 } from './migrations/1764400000000-registry-change-requests';
import { RegistryReminders1764500000000 } from './migrations/1764500000000-registry-reminders';
import { RegistryDistrictTags1764510000000 } from './migrations/1764510000000-registry-district-tags';
import { RegistryDuplicates1764520000000 } from './migrations/1764520000000-registry-duplicates';
import { RegistryImports1764600000000 } from './migrations/1764600000000-registry-imports';
import { RegistryNameBigrams1764700000000 } from './migrations/1764700000000-registry-name-bigrams';
import { BuildingStore } from './persistence/building.store';
import { ChangeRequestStore } from './persistence/change-request.store';
import { DistrictTagStore } from './persistence/district-tag.store';
import { DuplicateStore } from './persistence/duplicate.store';
import { HouseholdStore } from './persistence/household.store';
import { PersonChangeStore } from './persistence/person-change.store';
import { PersonStore } from './persistence/person.store';
import { PiiAccessStore } from './persistence/pii-access.store';
import { ReminderStore } from './persistence/reminder.store';
import { RentalStore } from './persistence/rental.store';
import { ResidenceStore } from './persistence/residence.store';
import { SensitiveFieldStore } from './persistence/sensitive-field.store';
import { StatisticsStore } from './persistence/statistics.store';
import { VisitPlanStore } from './persistence/visit-plan.store';
import { VisitStore } from './persistence/visit.store';
import { piiKeysOf, RegistryConfig } from './registry.config';
import { ReminderConfig } from './reminders.config';
import { BuildingsService } from './services/buildings.service';
import { ChangeRequestsService } from './services/change-requests.service';
import { CoverageService } from './services/coverage.service';
import { DistrictTagsService } from './services/district-tags.service';
import { DuplicatesService } from './services/duplicates.service';
import { HouseholdsService } from './services/households.service';
import { ImportService } from './services/import.service';
import { MovesService } from './services/moves.service';
import { PersonChangesService } from './services/person-changes.service';
import { PersonRegistrationService } from './services/person-registration.service';
import { PersonalData } from './crypto/personal-data';
import { PersonsService } from './services/persons.service';
import { PiiCipher } from './crypto/pii';
import { PiiAccessService } from './services/pii-access.service';
import { ReminderRulesService } from './services/reminder-rules.service';
import { RemindersService } from './services/reminders.service';
import { RentalGradesService } from './services/rental-grades.service';
import { RentalsService } from './services/rentals.service';
import { SensitiveFieldsService } from './services/sensitive-fields.service';
import { StatisticsService } from './services/statistics.service';
import { VisitPlansService } from './services/visit-plans.service';
import { VisitsService } from './services/visits.service';

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

/** The stores: the only code that writes the registry's SQL. */
const STORES = [
  BuildingStore,
  HouseholdStore,
  PersonStore,
  ResidenceStore,
  PersonChangeStore,
  PiiAccessStore,
  VisitPlanStore,
  VisitStore,
  RentalStore,
  StatisticsStore,
  ChangeRequestStore,
  SensitiveFieldStore,
  ReminderStore,
  DistrictTagStore,
  DuplicateStore,
];

/** The use cases behind the handlers. */
const SERVICES = [
  BuildingsService,
  HouseholdsService,
  PersonsService,
  PersonRegistrationService,
  PersonChangesService,
  PiiAccessService,
  MovesService,
  VisitPlansService,
  VisitsService,
  CoverageService,
  RentalsService,
  RentalGradesService,
  StatisticsService,
  SensitiveFieldsService,
  ChangeRequestsService,
  ReminderRulesService,
  RemindersService,
  DistrictTagsService,
  DuplicatesService,
  ImportService,
];

/**
 * The household registry: buildings, households, persons and who lived where, personal data
 * encrypted with an access audit, served on the bus (`registry.*` routes). Needs
 * `PlatformModule.forRoot` in the app root. `forRoot` reads RegistryConfig from `env` (default
 * process.env); a wrong or (in production) missing key throws a ConfigError naming the variable.
 */
@Module({})
export class RegistryModule {
  static forRoot(options: RegistryModuleOptions = {}): DynamicModule {
    const env = options.env ?? process.env;
    const config = loadConfig(RegistryConfig, env);
    const personalData = new PersonalData(new PiiCipher(piiKeysOf(config)));
    return {
      module: RegistryModule,
      imports: [ServiceModule.forService({ service: 'registry', ...REGISTRY_DATABASE })],
      controllers: [
        RemindersHandlers,
        TagsHandlers,
        DuplicatesHandlers,
        BuildingsHandlers,
        HouseholdsHandlers,
        PersonsHandlers,
        VisitsHandlers,
        RentalsHandlers,
        StatisticsHandlers,
        ChangeRequestsHandlers,
        ImportsHandlers,
      ],
      providers: [
        { provide: RegistryConfig, useValue: config },
        { provide: PersonalData, useValue: personalData },
        { provide: ReminderConfig, useValue: loadConfig(ReminderConfig, env) },
        OrgGrids.provider('registry', env),
        ...STORES,
        ...SERVICES,
        RemindersPoller,
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
