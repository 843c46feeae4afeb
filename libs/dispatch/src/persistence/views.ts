import type {
  AssignmentAcknowledgedData,
  AssignmentStatus,
  AssignmentView,
  CaseStatus,
  DepartmentRef,
  DispatchCaseView,
  EventPerson,
  Proposal,
  ResponsibilityListView,
} from '@gz/contracts';
import type { Rule } from '../domain/matching';

export const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);

export interface CaseRow {
  ticket_id: string;
  street_code: string;
  grid_path: string;
  category_code: string;
  category_name: string;
  severity: string;
  ack_minutes: number;
  handle_minutes: number;
  status: CaseStatus;
  round: number;
  proposal: Proposal | null;
  excluded: string[];
  version: number;
  created_at: Date;
  updated_at: Date;
}

export interface AssignmentRow {
  id: string;
  ticket_id: string;
  round: number;
  street_code: string;
  grid_path: string;
  category_code: string;
  category_name: string;
  department_path: string;
  department_name: string;
  role: 'lead' | 'co';
  status: AssignmentStatus;
  version: number;
  dispatched_at: Date;
  ack_due_at: Date;
  handle_due_at: Date;
  acknowledged_at: Date | null;
  handled_at: Date | null;
  result: string | null;
  photos: string[];
  hand_back_reason: string | null;
  escalation_level: number;
  updated_at: Date;
}

export const departmentOf = (a: AssignmentRow): DepartmentRef => ({ path: a.department_path, name: a.department_name });

export function isOverdue(a: AssignmentRow, now: Date): boolean {
  if (a.status === 'dispatched' && a.ack_due_at <= now) return true;
  return (a.status === 'dispatched' || a.status === 'acknowledged') && a.handle_due_at <= now;
}

export function assignmentView(a: AssignmentRow, now: Date): AssignmentView {
  return {
    id: a.id,
    ticketId: a.ticket_id,
    street: a.street_code,
    gridPath: a.grid_path,
    categoryCode: a.category_code,
    categoryName: a.category_name,
    round: a.round,
    department: departmentOf(a),
    role: a.role,
    status: a.status,
    version: a.version,
    dispatchedAt: a.dispatched_at.toISOString(),
    ackDueAt: a.ack_due_at.toISOString(),
    handleDueAt: a.handle_due_at.toISOString(),
    acknowledgedAt: iso(a.acknowledged_at),
    handledAt: iso(a.handled_at),
    result: a.result,
    handBackReason: a.hand_back_reason,
    escalationLevel: a.escalation_level,
    overdue: isOverdue(a, now),
  };
}

export function caseView(c: CaseRow, assignments: AssignmentRow[], now: Date): DispatchCaseView {
  return {
    ticketId: c.ticket_id,
    street: c.street_code,
    gridPath: c.grid_path,
    categoryCode: c.category_code,
    categoryName: c.category_name,
    status: c.status,
    round: c.round,
    version: c.version,
    proposal: c.proposal,
    assignments: assignments.map((a) => assignmentView(a, now)),
  };
}

export interface ListRow {
  id: string;
  street_code: string;
  version: number;
  published_at: Date;
  published_by: string;
}

export interface RuleRow {
  id: string;
  category: string;
  org_path: string;
  lead: DepartmentRef;
  co: DepartmentRef[];
}

export function responsibilityListView(list: ListRow, rules: readonly Rule[]): ResponsibilityListView {
  return {
    id: list.id,
    street: list.street_code,
    version: list.version,
    publishedAt: list.published_at.toISOString(),
    publishedBy: list.published_by,
    rules: rules.map((r) => ({ id: r.id, category: r.category, orgPath: r.orgPath, lead: r.lead, co: r.co })),
  };
}

/** What every `assignment.*` event says of its assignment, who acted and when. */
export function assignmentEventData(
  a: AssignmentRow,
  by: EventPerson,
  at: Date,
  note?: string,
): AssignmentAcknowledgedData {
  return {
    ticketId: a.ticket_id,
    street: a.street_code,
    gridPath: a.grid_path,
    at: at.toISOString(),
    assignmentId: a.id,
    department: departmentOf(a),
    role: a.role,
    by,
    ...(note ? { note } : {}),
  };
}
