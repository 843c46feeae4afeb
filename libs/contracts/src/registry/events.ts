import type { RentalGradedEvent, VisitCompletedEvent } from './care';
import type { ReminderDueEvent } from './reminders';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- until each registry event names its payload
type Untyped = any;

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
} as const satisfies Record<string, keyof RegistryEventMap>;

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

/** The registry's part of the event map: event type → payload. */
export interface RegistryEventMap {
  'building.created': Untyped;
  'building.changed': Untyped;
  'household.created': Untyped;
  'household.changed': HouseholdChangedEvent;
  'person.registered': Untyped;
  'person.changed': Untyped;
  'person.moved_in': PersonMovedEvent;
  'person.moved_out': PersonMovedEvent;
  'person.tag_added': PersonTagEvent;
  'person.tag_removed': PersonTagEvent;
  'visit.completed': VisitCompletedEvent;
  'rental.registered': Untyped;
  'rental.graded': RentalGradedEvent;
  'change_request.created': Untyped;
  'change_request.decided': Untyped;
  'reminder.due': ReminderDueEvent;
  'duplicate.flagged': Untyped;
  'duplicate.resolved': Untyped;
  'import.completed': Untyped;
}
