import type { EventEnvelope, PeriodBasis, UnitKind } from '@gz/contracts';

/**
 * The projection of evaluation's log into facts: pure. Each source (ticketing, dispatch, the
 * registry, councils, evaluation's own inputs) maps its events to fact deltas, using and updating
 * the little state it needs (a ticket's opening time, an assignment's deadlines). The projector
 * (services/projector.service) loads that state, runs `projectEntry` over a batch in log order,
 * and writes the state and the summed deltas back: the live projection and a rebuild run exactly
 * this code, so they give the same facts.
 */

/** One entry of the log: an event evaluation consumed, or one of its own inputs. */
export interface LogEntry {
  seq: string;
  envelope: EventEnvelope;
}

export interface TicketState {
  id: string;
  street: string;
  district: string;
  gridPath: string;
  kind: string;
  source: string;
  reporter: string | null;
  reportedAt: string | null;
  openedAt: string | null;
  closedAt: string | null;
  /** the department whose result completed the last round: a reopening is its rework, a rating rates it */
  lastDepartment: string | null;
}

export interface AssignmentState {
  id: string;
  ticketId: string;
  department: string;
  street: string;
  district: string;
  dispatchedAt: string;
  ackDueAt: string;
  handleDueAt: string;
  ackedOnTime: boolean;
  done: boolean;
}

export interface TopicState {
  id: string;
  street: string;
  district: string;
  communityPath: string;
  resolveBy: string;
  resolved: boolean;
}

export interface ClosedRange {
  district: string;
  label: string;
  from: string;
  to: string;
}

/** The state a batch reads and changes; `changed` says which rows to write back. */
export class ProjectionState {
  readonly tickets = new Map<string, TicketState>();
  readonly assignments = new Map<string, AssignmentState>();
  readonly topics = new Map<string, TopicState>();
  readonly changed = { tickets: new Set<string>(), assignments: new Set<string>(), topics: new Set<string>() };
  constructor(public closed: ClosedRange[] = []) {}

  putTicket(t: TicketState): void {
    this.tickets.set(t.id, t);
    this.changed.tickets.add(t.id);
  }
  putAssignment(a: AssignmentState): void {
    this.assignments.set(a.id, a);
    this.changed.assignments.add(a.id);
  }
  putTopic(t: TopicState): void {
    this.topics.set(t.id, t);
    this.changed.topics.add(t.id);
  }
}

/** Where a fact counts: a unit of one kind, in a street (a department's facts are per street that dispatched the work). */
export interface UnitRef {
  kind: UnitKind;
  unit: string;
  street: string;
  district: string;
}

/** What a source emits for one event. */
export interface Emit {
  /** adds `value` to a measure of a unit on a day, counted by `basis`, under each facet (`*` always) */
  fact(
    unit: UnitRef,
    day: string,
    measure: string,
    basis: PeriodBasis,
    value: number,
    facets?: readonly string[],
  ): void;
  /** one duration (whole minutes) for a percentile */
  duration(unit: UnitRef, day: string, measure: string, minutes: number): void;
  /** a period closed (封账): later facts of its days are restatements */
  close(range: ClosedRange): void;
  /** a period reopened: its restatements join its facts */
  reopen(range: ClosedRange): void;
}

/** A source of facts: the event types it projects, the state keys an event needs, and the projection. */
export interface FactSource {
  name: string;
  types: readonly string[];
  /** state the event reads or writes (loaded before the batch runs) */
  keys?(e: EventEnvelope): { tickets?: string[]; assignments?: string[]; topics?: string[] };
  apply(e: EventEnvelope, state: ProjectionState, emit: Emit): void;
}

/** The place units of a path: its grid, community and street (those it is deep enough to have). */
export function placesOf(path: string): UnitRef[] {
  const tokens = path.split('.');
  const district = tokens[0];
  const street = tokens[1] ?? 'all';
  const out: UnitRef[] = [];
  if (tokens.length >= 2) out.push({ kind: 'street', unit: tokens.slice(0, 2).join('.'), street, district });
  if (tokens.length >= 3) out.push({ kind: 'community', unit: tokens.slice(0, 3).join('.'), street, district });
  if (tokens.length >= 4) out.push({ kind: 'grid', unit: tokens.slice(0, 4).join('.'), street, district });
  return out;
}

/** The street code of a path's second token (`d01.s01.c01` → `s01`). */
export function streetCodeOf(path: string): string {
  return path.split('.')[1] ?? 'all';
}
