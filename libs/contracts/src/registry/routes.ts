import type { Page } from '../common';
import { deadLetterRoutes } from '../ops';
import { routesOf } from '../subjects';
import type { BuildingListQuery, BuildingView, CreateBuildingRequest, UpdateBuildingCommand } from './buildings';
import type {
  ChangeRequestListQuery,
  ChangeRequestView,
  RejectChangeCommand,
  SensitiveFieldsQuery,
  SensitiveFieldsView,
  SetSensitiveFieldsRequest,
} from './change-requests';
import type { ChangeListCommand, ChangeView } from './changes';
import type { RegistryIdRequest } from './common';
import type { DuplicateListQuery, DuplicateView, MergeDuplicateCommand } from './duplicates';
import type {
  CreateHouseholdRequest,
  HouseholdDetail,
  HouseholdListQuery,
  HouseholdView,
  UpdateHouseholdCommand,
} from './households';
import type { ExportPage, ExportPageQuery, ImportJobView, ImportRunCommand } from './imports';
import type { MoveInCommand, MoveOutCommand, ResidenceView } from './moves';
import type { PiiAccessEntry, PiiAccessQuery, RevealCommand, RevealedPii } from './personal-data';
import type { CreatePersonRequest, PersonSearchQuery, PersonView, UpdatePersonCommand } from './persons';
import type {
  CreateReminderRuleRequest,
  ReminderDoneCommand,
  ReminderListQuery,
  ReminderRuleListQuery,
  ReminderRuleView,
  ReminderView,
  SetReminderRuleActiveCommand,
} from './reminders';
import type {
  GradeRentalCommand,
  RegisterRentalRequest,
  RentalGradeView,
  RentalListQuery,
  RentalView,
} from './rentals';
import type { StatisticsQuery, StatisticsView } from './statistics';
import type { DefineTagRequest, TagCommand, TagDefinitionView, TagListQuery } from './tags';
import type {
  CoverageQuery,
  CoverageView,
  RecordVisitRequest,
  UnvisitedPage,
  UnvisitedQuery,
  VisitListQuery,
  VisitPlanListQuery,
  VisitPlanRequest,
  VisitPlanView,
  VisitView,
} from './visits';

const r = routesOf('registry');

/** Requests the household registry answers: each route with what it is sent and what it answers. */
export const RegistryRoutes = {
  buildingCreate: r<CreateBuildingRequest, BuildingView>('buildings.create'),
  buildingList: r<BuildingListQuery, Page<BuildingView>>('buildings.list'),
  buildingGet: r<RegistryIdRequest, BuildingView>('buildings.get'),
  buildingUpdate: r<UpdateBuildingCommand, BuildingView>('buildings.update'),
  householdCreate: r<CreateHouseholdRequest, HouseholdView>('households.create'),
  householdList: r<HouseholdListQuery, Page<HouseholdView>>('households.list'),
  householdGet: r<RegistryIdRequest, HouseholdDetail>('households.get'),
  householdUpdate: r<UpdateHouseholdCommand, HouseholdView>('households.update'),
  personCreate: r<CreatePersonRequest, PersonView>('persons.create'),
  personSearch: r<PersonSearchQuery, Page<PersonView>>('persons.search'),
  personGet: r<RegistryIdRequest, PersonView>('persons.get'),
  personUpdate: r<UpdatePersonCommand, PersonView>('persons.update'),
  personReveal: r<RevealCommand, RevealedPii>('persons.reveal'),
  personMoveIn: r<MoveInCommand, PersonView>('persons.move-in'),
  personMoveOut: r<MoveOutCommand, PersonView>('persons.move-out'),
  personResidences: r<RegistryIdRequest, ResidenceView[]>('persons.residences'),
  personChanges: r<ChangeListCommand, Page<ChangeView>>('persons.changes'),
  personTagAdd: r<TagCommand, PersonView>('persons.tags.add'),
  personTagRemove: r<TagCommand, PersonView>('persons.tags.remove'),
  piiAccessList: r<PiiAccessQuery, Page<PiiAccessEntry>>('pii-access.list'),
  visitPlanUpsert: r<VisitPlanRequest, VisitPlanView>('visits.plans.upsert'),
  visitPlanList: r<VisitPlanListQuery, Page<VisitPlanView>>('visits.plans.list'),
  visitRecord: r<RecordVisitRequest, VisitView>('visits.record'),
  visitList: r<VisitListQuery, Page<VisitView>>('visits.list'),
  visitCoverage: r<CoverageQuery, CoverageView>('visits.coverage'),
  visitUnvisited: r<UnvisitedQuery, UnvisitedPage>('visits.unvisited'),
  rentalRegister: r<RegisterRentalRequest, RentalView>('rentals.register'),
  rentalGet: r<RegistryIdRequest, RentalView>('rentals.get'),
  rentalList: r<RentalListQuery, Page<RentalView>>('rentals.list'),
  rentalRedList: r<RentalListQuery, Page<RentalView>>('rentals.red-list'),
  rentalGrade: r<GradeRentalCommand, RentalGradeView>('rentals.grade'),
  rentalGrades: r<RegistryIdRequest, RentalGradeView[]>('rentals.grades'),
  statistics: r<StatisticsQuery, StatisticsView>('statistics'),
  sensitiveFieldsGet: r<SensitiveFieldsQuery, SensitiveFieldsView>('sensitive-fields.get'),
  sensitiveFieldsSet: r<SetSensitiveFieldsRequest, SensitiveFieldsView>('sensitive-fields.set'),
  changeRequestList: r<ChangeRequestListQuery, Page<ChangeRequestView>>('change-requests.list'),
  changeRequestGet: r<RegistryIdRequest, ChangeRequestView>('change-requests.get'),
  changeRequestApprove: r<RegistryIdRequest, ChangeRequestView>('change-requests.approve'),
  changeRequestReject: r<RejectChangeCommand, ChangeRequestView>('change-requests.reject'),
  // life-event reminders, district-defined tags and likely duplicates
  reminderRuleList: r<ReminderRuleListQuery, ReminderRuleView[]>('reminder-rules.list'),
  reminderRuleCreate: r<CreateReminderRuleRequest, ReminderRuleView>('reminder-rules.create'),
  reminderRuleSetActive: r<SetReminderRuleActiveCommand, ReminderRuleView>('reminder-rules.set-active'),
  reminderList: r<ReminderListQuery, Page<ReminderView>>('reminders.list'),
  reminderDone: r<ReminderDoneCommand, ReminderView>('reminders.done'),
  tagList: r<TagListQuery, TagDefinitionView[]>('tags.list'),
  tagDefine: r<DefineTagRequest, TagDefinitionView>('tags.define'),
  duplicateList: r<DuplicateListQuery, Page<DuplicateView>>('duplicates.list'),
  duplicateMerge: r<MergeDuplicateCommand, DuplicateView>('duplicates.merge'),
  duplicateKeepApart: r<RegistryIdRequest, DuplicateView>('duplicates.keep-apart'),
  // bulk import and export (bytes never cross the bus: the gateway sends parsed cells)
  importRun: r<ImportRunCommand, ImportJobView>('imports.run'),
  importGet: r<RegistryIdRequest, ImportJobView>('imports.get'),
  exportPage: r<ExportPageQuery, ExportPage>('export.page'),
  ...deadLetterRoutes('registry'),
} as const;
