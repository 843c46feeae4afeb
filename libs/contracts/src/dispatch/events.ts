import type { EventPerson } from '../actor';
import type { Proposal } from './case.dto';
import type { DepartmentRef } from './department.dto';

interface DispatchEventBase {
  ticketId: string;
  street: string;
  gridPath: string;
  /** when it happened (the service's clock) */
  at: string;
}

/** `dispatch.proposed`: the departments the responsibility list names (null: none matched). */
export interface DispatchProposedData extends DispatchEventBase {
  round: number;
  proposal: Proposal | null;
}

export interface DispatchedAssignment {
  assignmentId: string;
  department: DepartmentRef;
  role: 'lead' | 'co';
  ackDueAt: string;
  handleDueAt: string;
}

/** `dispatch.confirmed`: the command centre sent the ticket to these departments. */
export interface DispatchConfirmedData extends DispatchEventBase {
  round: number;
  assignments: DispatchedAssignment[];
  overridden: boolean;
  by: EventPerson;
  note?: string;
}

interface AssignmentEventBase extends DispatchEventBase {
  assignmentId: string;
  department: DepartmentRef;
  role: 'lead' | 'co';
  by: EventPerson;
  note?: string;
}

export type AssignmentAcknowledgedData = AssignmentEventBase;

/** `assignment.handed_back`: "not ours"; `redispatch` when the ticket needs dispatching again. */
export interface AssignmentHandedBackData extends AssignmentEventBase {
  reason: string;
  redispatch: boolean;
}

/** `assignment.handled`: a department's result; `allHandled` when every department of the round has reported. */
export interface AssignmentHandledData extends AssignmentEventBase {
  result: string;
  photos: string[];
  allHandled: boolean;
}

/** `assignment.escalated`: a missed deadline went up to the street command centre (1) or the district (2). */
export interface AssignmentEscalatedData extends AssignmentEventBase {
  level: number;
  to: 'street' | 'district';
  reason: 'unacknowledged' | 'overdue';
  dueAt: string;
}

/** Events the dispatch service publishes. */
export const DispatchEvents = {
  proposed: 'dispatch.proposed',
  confirmed: 'dispatch.confirmed',
  acknowledged: 'assignment.acknowledged',
  handedBack: 'assignment.handed_back',
  handled: 'assignment.handled',
  escalated: 'assignment.escalated',
} as const satisfies Record<string, keyof DispatchEventMap>;

/** Dispatch's part of the event map: event type → payload. */
export interface DispatchEventMap {
  'dispatch.proposed': DispatchProposedData;
  'dispatch.confirmed': DispatchConfirmedData;
  'assignment.acknowledged': AssignmentAcknowledgedData;
  'assignment.handed_back': AssignmentHandedBackData;
  'assignment.handled': AssignmentHandledData;
  'assignment.escalated': AssignmentEscalatedData;
}
