import type { HouseholdType, Relation, ResidenceType } from './common';
import type { RentalColour } from './rentals';
import type { MustVisitGroup } from './visits';

/**
 * Events the registry publishes (`<aggregate>.<event>`), the one place their types are spelled.
 * They never carry identity numbers or phones.
 */
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
  reminderDue: 'reminder.due',
  duplicateFlagged: 'duplicate.flagged',
  duplicateResolved: 'duplicate.resolved',
  /** once per import that changed something; its rows publish the per-person events (person.registered …) too */
  importCompleted: 'import.completed',
} as const satisfies Record<string, keyof RegistryEventMap>;

/** `building.created` */
export interface BuildingCreatedData {
  buildingId: string;
  path: string;
  address: string;
}

/** `building.changed`: the fields that changed, and the building's new version. */
export interface BuildingChangedData {
  buildingId: string;
  path: string;
  changed: string[];
  version: number;
}

/** `household.created` */
export interface HouseholdCreatedData {
  householdId: string;
  buildingId: string;
  path: string;
  type: HouseholdType;
}

/** `household.changed`: the household's own fields or its members changed. */
export interface HouseholdChangedData {
  householdId: string;
  path: string;
  changed: string[];
  version: number;
}

/** `person.registered` */
export interface PersonRegisteredData {
  personId: string;
  path: string;
  residenceType: ResidenceType;
  tags: string[];
  householdId: string | null;
}

/** `person.changed`: the fields that changed (names only, never values), and the person's new version. */
export interface PersonChangedData {
  personId: string;
  path: string;
  changed: string[];
  version: number;
}

/** `person.moved_in` / `person.moved_out` */
export interface PersonMovedData {
  personId: string;
  householdId: string;
  residenceId: string;
  path: string;
  /** YYYY-MM-DD */
  date: string;
  relation: Relation | null;
}

/** `person.tag_added` / `person.tag_removed` */
export interface PersonTagChangedData {
  personId: string;
  path: string;
  tag: string;
}

/** `visit.completed` */
export interface VisitCompletedData {
  visitId: string;
  householdId: string;
  path: string;
  visitorId: string;
  visitedAt: string;
  groups: MustVisitGroup[];
}

/** `rental.registered`: a household is let (or its landlord changed). */
export interface RentalRegisteredData {
  householdId: string;
  path: string;
  landlordPersonId: string;
}

/** `rental.graded` */
export interface RentalGradedData {
  householdId: string;
  gradeId: string;
  path: string;
  total: number;
  colour: RentalColour;
  previousColour: RentalColour | null;
}

/** `change_request.created`: a change to sensitive fields waits for approval (field names only). */
export interface ChangeRequestCreatedData {
  requestId: string;
  personId: string;
  path: string;
  fields: string[];
  sensitiveFields: string[];
}

/** `change_request.decided` */
export interface ChangeRequestDecidedData {
  requestId: string;
  personId: string;
  path: string;
  status: 'approved' | 'rejected';
  requestedBy: string;
}

/** `reminder.due` */
export interface ReminderDueData {
  reminderId: string;
  ruleId: string;
  personId: string;
  path: string;
  title: string;
  /** YYYY-MM-DD: the birthday that made it due */
  dueOn: string;
}

/** `duplicate.flagged`: two persons of one community are likely the same. */
export interface DuplicateFlaggedData {
  flagId: string;
  personIds: [string, string];
  community: string;
}

/** `duplicate.resolved` */
export interface DuplicateResolvedData {
  flagId: string;
  personIds: [string, string];
  status: 'merged' | 'kept_apart';
  keptPersonId: string | null;
}

/** `import.completed` */
export interface ImportCompletedData {
  importId: string;
  fileName: string;
  imported: number;
  unchanged: number;
}

/** The registry's part of the event map: event type → payload. */
export interface RegistryEventMap {
  'building.created': BuildingCreatedData;
  'building.changed': BuildingChangedData;
  'household.created': HouseholdCreatedData;
  'household.changed': HouseholdChangedData;
  'person.registered': PersonRegisteredData;
  'person.changed': PersonChangedData;
  'person.moved_in': PersonMovedData;
  'person.moved_out': PersonMovedData;
  'person.tag_added': PersonTagChangedData;
  'person.tag_removed': PersonTagChangedData;
  'visit.completed': VisitCompletedData;
  'rental.registered': RentalRegisteredData;
  'rental.graded': RentalGradedData;
  'change_request.created': ChangeRequestCreatedData;
  'change_request.decided': ChangeRequestDecidedData;
  'reminder.due': ReminderDueData;
  'duplicate.flagged': DuplicateFlaggedData;
  'duplicate.resolved': DuplicateResolvedData;
  'import.completed': ImportCompletedData;
}
