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
// organisations and incubation
import { IncubationHandlers } from './handlers/incubation.handlers';
import { OrganisationRecordHandlers } from './handlers/organisation-record.handlers';
import { IncubatorOrganisationRecords1764300000100 } from './migrations/1764300000100-incubator-organisation-records';
import { IncubatorIncubation1764300000110 } from './migrations/1764300000110-incubator-incubation';
import { CapacityAssessmentStore } from './persistence/capacity-assessment.store';
import { ContactStore } from './persistence/contact.store';
import { IncubationStore } from './persistence/incubation.store';
import { OrganisationRecordStore } from './persistence/organisation-record.store';
import { ParkStore } from './persistence/park.store';
import { CapacityAssessmentsService } from './services/capacity-assessments.service';
import { CommunityCoverageService } from './services/community-coverage.service';
import { IncubationsService } from './services/incubations.service';
import { MentoringService } from './services/mentoring.service';
import { OrganisationContactsService } from './services/organisation-contacts.service';
import { OrganisationDocumentsService } from './services/organisation-documents.service';
import { OrganisationEditsService } from './services/organisation-edits.service';
import { ParksService } from './services/parks.service';
// venture-philanthropy rounds
import { RoundApplicationHandlers } from './handlers/round-application.handlers';
import { RoundHandlers } from './handlers/round.handlers';
import { IncubatorRounds1764300000200 } from './migrations/1764300000200-incubator-rounds';
import { MilestoneStore } from './persistence/milestone.store';
import { RoundApplicationStore } from './persistence/round-application.store';
import { RoundReviewStore } from './persistence/round-review.store';
import { RoundStore } from './persistence/round.store';
import { RoundAccess } from './services/round-access.service';
import { RoundApplicationsService } from './services/round-applications.service';
import { RoundAwardsService } from './services/round-awards.service';
import { RoundPanelService } from './services/round-panel.service';
import { RoundProjectsService } from './services/round-projects.service';
import { RoundScoringService } from './services/round-scoring.service';
import { RoundsService } from './services/rounds.service';
// purchased services and community funds
import { FundHandlers } from './handlers/fund.handlers';
import { ServiceContractHandlers } from './handlers/service-contract.handlers';
import { IncubatorPurchasedServices1764300000301 } from './migrations/1764300000301-incubator-purchased-services';
import { IncubatorFunds1764300000302 } from './migrations/1764300000302-incubator-funds';
import { FundLedgerStore } from './persistence/fund-ledger.store';
import { FundStore } from './persistence/fund.store';
import { ServiceContractStore } from './persistence/service-contract.store';
import { DeliverablesService } from './services/deliverables.service';
import { FundLedgerService } from './services/fund-ledger.service';
import { FundSpendingService } from './services/fund-spending.service';
import { FundStatementService } from './services/fund-statement.service';
import { FundsService } from './services/funds.service';
import { ServiceContractsService } from './services/service-contracts.service';
// volunteers
import { VolunteerActivityHandlers } from './handlers/volunteer-activity.handlers';
import { VolunteerTeamHandlers } from './handlers/volunteer-team.handlers';
import { VolunteerHandlers } from './handlers/volunteer.handlers';
import { IncubatorVolunteers1764300000401 } from './migrations/1764300000401-incubator-volunteers';
import { VolunteerActivityStore } from './persistence/volunteer-activity.store';
import { VolunteerCertificateStore } from './persistence/volunteer-certificate.store';
import { VolunteerHoursStore } from './persistence/volunteer-hours.store';
import { VolunteerTeamStore } from './persistence/volunteer-team.store';
import { VolunteerStore } from './persistence/volunteer.store';
import { ActivityAttendanceService } from './services/activity-attendance.service';
import { ActivitySignUpsService } from './services/activity-sign-ups.service';
import { HoursCorrectionsService } from './services/hours-corrections.service';
import { HoursReportsService } from './services/hours-reports.service';
import { VolunteerActivitiesService } from './services/volunteer-activities.service';
import { VolunteerCertificatesService } from './services/volunteer-certificates.service';
import { VolunteerHoursService } from './services/volunteer-hours.service';
import { VolunteerPiiService } from './services/volunteer-pii.service';
import { VolunteerTeamsService } from './services/volunteer-teams.service';
import { VolunteersService } from './services/volunteers.service';

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
  // -- organisations and incubation: 17643000001xx --
  IncubatorOrganisationRecords1764300000100,
  IncubatorIncubation1764300000110,
  // -- venture-philanthropy rounds: 17643000002xx --
  IncubatorRounds1764300000200,
  // -- purchased services and community funds: 17643000003xx --
  IncubatorPurchasedServices1764300000301,
  IncubatorFunds1764300000302,
  // -- volunteers: 17643000004xx --
  IncubatorVolunteers1764300000401,
];

/** Bus handlers (@BusHandler): Nest controllers. */
const HANDLERS: Type[] = [
  OrganisationHandlers,
  // -- organisations and incubation --
  OrganisationRecordHandlers,
  IncubationHandlers,
  // -- venture-philanthropy rounds --
  RoundHandlers,
  RoundApplicationHandlers,
  // -- purchased services and community funds --
  ServiceContractHandlers,
  FundHandlers,
  // -- volunteers --
  VolunteerTeamHandlers,
  VolunteerHandlers,
  VolunteerActivityHandlers,
];

/** Providers whose @OnEvent methods consume events (also listed in PROVIDERS). */
const EVENT_HANDLERS: Type[] = [
  // -- organisations and incubation --
  // -- venture-philanthropy rounds --
  // -- purchased services and community funds --
  // -- volunteers --
];

/** Stores, services and jobs. */
const PROVIDERS: Type[] = [
  OrganisationStore,
  OrganisationsService,
  // -- organisations and incubation --
  OrganisationRecordStore,
  ContactStore,
  ParkStore,
  IncubationStore,
  CapacityAssessmentStore,
  OrganisationEditsService,
  OrganisationDocumentsService,
  OrganisationContactsService,
  CommunityCoverageService,
  ParksService,
  IncubationsService,
  MentoringService,
  CapacityAssessmentsService,
  // -- venture-philanthropy rounds --
  RoundStore,
  RoundApplicationStore,
  RoundReviewStore,
  MilestoneStore,
  RoundAccess,
  RoundsService,
  RoundPanelService,
  RoundApplicationsService,
  RoundScoringService,
  RoundAwardsService,
  RoundProjectsService,
  // -- purchased services and community funds --
  ServiceContractStore,
  FundStore,
  FundLedgerStore,
  ServiceContractsService,
  DeliverablesService,
  FundsService,
  FundLedgerService,
  FundSpendingService,
  FundStatementService,
  // -- volunteers --
  VolunteerTeamStore,
  VolunteerStore,
  VolunteerActivityStore,
  VolunteerHoursStore,
  VolunteerCertificateStore,
  VolunteerTeamsService,
  VolunteersService,
  VolunteerPiiService,
  VolunteerActivitiesService,
  ActivitySignUpsService,
  ActivityAttendanceService,
  VolunteerHoursService,
  HoursCorrectionsService,
  HoursReportsService,
  VolunteerCertificatesService,
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
