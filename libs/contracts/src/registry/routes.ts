import type { Route } from '../subjects';

const r = (action: string): Route => ({ service: 'registry', action });

/** Requests the household registry answers. */
export const RegistryRoutes = {
  buildingCreate: r('buildings.create'),
  buildingList: r('buildings.list'),
  buildingGet: r('buildings.get'),
  buildingUpdate: r('buildings.update'),
  householdCreate: r('households.create'),
  householdList: r('households.list'),
  householdGet: r('households.get'),
  householdUpdate: r('households.update'),
  personCreate: r('persons.create'),
  personSearch: r('persons.search'),
  personGet: r('persons.get'),
  personUpdate: r('persons.update'),
  personReveal: r('persons.reveal'),
  personMoveIn: r('persons.move-in'),
  personMoveOut: r('persons.move-out'),
  personResidences: r('persons.residences'),
  personChanges: r('persons.changes'),
  personTagAdd: r('persons.tags.add'),
  personTagRemove: r('persons.tags.remove'),
  piiAccessList: r('pii-access.list'),
  visitPlanUpsert: r('visits.plans.upsert'),
  visitPlanList: r('visits.plans.list'),
  visitRecord: r('visits.record'),
  visitList: r('visits.list'),
  visitCoverage: r('visits.coverage'),
  visitUnvisited: r('visits.unvisited'),
  rentalRegister: r('rentals.register'),
  rentalGet: r('rentals.get'),
  rentalList: r('rentals.list'),
  rentalRedList: r('rentals.red-list'),
  rentalGrade: r('rentals.grade'),
  rentalGrades: r('rentals.grades'),
  statistics: r('statistics'),
  sensitiveFieldsGet: r('sensitive-fields.get'),
  sensitiveFieldsSet: r('sensitive-fields.set'),
  changeRequestList: r('change-requests.list'),
  changeRequestGet: r('change-requests.get'),
  changeRequestApprove: r('change-requests.approve'),
  changeRequestReject: r('change-requests.reject'),
  deadLetterList: r('ops.dead-letters.list'),
  deadLetterReplay: r('ops.dead-letters.replay'),
} as const;

/** Events the registry publishes (`<aggregate>.<event>`). They never carry identity numbers or phones. */
export const RegistryEvents = {
  buildingCreated: 'building.created',
  buildingChanged: 'building.changed',
  householdCreated: 'household.created',
  householdChanged: 'household.changed',
  personRegistered: 'person.registered',
  personChanged: 'person.changed',
  personMovedIn: 'person.moved_in',
  personMovedOut: 'person.moved_out',
  tagAdded: 'person.tag_added',
  tagRemoved: 'person.tag_removed',
  visitCompleted: 'visit.completed',
  rentalRegistered: 'rental.registered',
  rentalGraded: 'rental.graded',
  changeRequested: 'change_request.created',
  changeRequestDecided: 'change_request.decided',
} as const;

/** `person.moved_in` / `person.moved_out` */
export interface PersonMovedEvent {
  personId: string;
  householdId: string;
  residenceId: string;
  path: string;
  /** YYYY-MM-DD */
  date: string;
  relation: string | null;
}

/** `household.changed`: the household's own fields or its members changed. */
export interface HouseholdChangedEvent {
  householdId: string;
  path: string;
  changed: string[];
  version: number;
}

/** `person.tag_added` / `person.tag_removed` */
export interface PersonTagEvent {
  personId: string;
  path: string;
  tag: string;
}
