import type { EventPerson } from '../actor';
import type { DepartmentRef } from '../dispatch/department.dto';
import type { CategoryKind, Severity } from './categories';
import type { AssignedDepartment, TicketSource, TicketState } from './tickets';

/** The data of every `ticket.*` event. */
export interface TicketEventData {
  ticketId: string;
  street: string;
  gridPath: string;
  categoryCode: string;
  from: TicketState | null;
  to: TicketState;
  /** when it happened (the service's clock) */
  at: string;
  by: EventPerson;
  note?: string;
}

/** What a ticket's category says, carried by the events that start (or restart) its work. */
export interface TicketCategoryFacts {
  categoryName: string;
  categoryKind: CategoryKind;
  severity: Severity;
  source: TicketSource;
  ackMinutes: number;
  handleMinutes: number;
  gridClosable: boolean;
}

/** `ticket.opened` and `ticket.reopened`: what dispatch needs to propose departments and set deadlines. */
export interface TicketOpenedData extends TicketEventData, TicketCategoryFacts {}

/** `ticket.reported`: a new report, with its category's facts as an opening carries them. */
export type TicketReportedData = TicketOpenedData;

export interface TicketRejectedData extends TicketEventData {
  reason: string;
}

export interface TicketMergedData extends TicketEventData {
  intoTicketId: string;
}

/** `ticket.dispatched`: the command centre sent it to these departments (dispatch's round). */
export interface TicketDispatchedData extends TicketEventData {
  round: number;
  departments: AssignedDepartment[];
}

/** A department's step on the ticket (from its assignment in dispatch). */
interface TicketAssignmentData extends TicketEventData {
  assignmentId: string;
  department: DepartmentRef;
  role: 'lead' | 'co';
}

/** `ticket.acknowledged`: the department signed for it (签收). */
export type TicketAcknowledgedData = TicketAssignmentData;

/** `ticket.handed_back`: "not ours", and the ticket is to be dispatched again. */
export interface TicketHandedBackData extends TicketAssignmentData {
  reason: string;
}

export interface TicketHandledData extends TicketEventData {
  result: string;
  /** true: handled in the grid without dispatch */
  inGrid: boolean;
  /** the department whose result completed the round (not in the grid) */
  department?: DepartmentRef;
}

/** `ticket.checked`: checked on site and passed (核查). */
export type TicketCheckedData = TicketEventData;

/** `ticket.closed` (结案). */
export type TicketClosedData = TicketEventData;

export interface TicketRatedData extends TicketEventData {
  stars: number;
  comment?: string;
}

/** `ticket.escalated`: a department missed a deadline; the state stays, and `to` says where it went up. */
export interface TicketEscalatedData extends Omit<TicketEventData, 'to'> {
  to: 'street' | 'district';
  level: number;
  reason: 'unacknowledged' | 'overdue';
  /** the department's path */
  department: string;
}

/** `ticket.claimed` and `ticket.claim_released`: someone follows a request of the ledger, or stops. */
export interface TicketClaimedData extends TicketEventData {
  claimId: string;
}

export type TicketClaimReleasedData = TicketClaimedData;

/** Events the ticketing service publishes (`ticket.<event>`), one per transition of the loop. */
export const TicketingEvents = {
  reported: 'ticket.reported',
  opened: 'ticket.opened',
  rejected: 'ticket.rejected',
  merged: 'ticket.merged',
  dispatched: 'ticket.dispatched',
  acknowledged: 'ticket.acknowledged',
  handedBack: 'ticket.handed_back',
  handled: 'ticket.handled',
  checked: 'ticket.checked',
  closed: 'ticket.closed',
  reopened: 'ticket.reopened',
  escalated: 'ticket.escalated',
  rated: 'ticket.rated',
  /** a party member (or anyone allowed) follows a resident's request in the ledger */
  claimed: 'ticket.claimed',
  claimReleased: 'ticket.claim_released',
} as const satisfies Record<string, keyof TicketingEventMap>;

/** Ticketing's part of the event map: event type → payload. */
export interface TicketingEventMap {
  'ticket.reported': TicketReportedData;
  'ticket.opened': TicketOpenedData;
  'ticket.rejected': TicketRejectedData;
  'ticket.merged': TicketMergedData;
  'ticket.dispatched': TicketDispatchedData;
  'ticket.acknowledged': TicketAcknowledgedData;
  'ticket.handed_back': TicketHandedBackData;
  'ticket.handled': TicketHandledData;
  'ticket.checked': TicketCheckedData;
  'ticket.closed': TicketClosedData;
  'ticket.reopened': TicketOpenedData;
  'ticket.escalated': TicketEscalatedData;
  'ticket.rated': TicketRatedData;
  'ticket.claimed': TicketClaimedData;
  'ticket.claim_released': TicketClaimReleasedData;
}

/** A ticket event's type. */
export type TicketEventType = keyof TicketingEventMap;
