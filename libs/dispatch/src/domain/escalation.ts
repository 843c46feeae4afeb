import type { AssignmentStatus } from '@gz/contracts';

export type TimerKind = 'ack' | 'handle';

export interface DueTimer {
  kind: TimerKind;
  /** 1: to the street command centre; 2: to the district */
  level: number;
  dueAt: Date;
}

export type EscalationDecision =
  | { escalate: false; why: string }
  | {
      escalate: true;
      reason: 'unacknowledged' | 'overdue';
      to: 'street' | 'district';
      level: number;
      /** the next step up, if there is one */
      next?: DueTimer;
    };

/** The levels: a missed deadline goes to the street command centre, then to the district. */
export const ESCALATION_TARGETS: Record<number, 'street' | 'district'> = { 1: 'street', 2: 'district' };

/**
 * What a due timer means for its assignment: a department that has not acknowledged by the
 * acknowledge deadline, or not handled by the handle deadline, is escalated; still not done
 * `districtAfterMin` later, it goes up to the district. Pure.
 */
export function decideEscalation(
  timer: DueTimer,
  status: AssignmentStatus,
  districtAfterMin: number,
): EscalationDecision {
  const pending = timer.kind === 'ack' ? status === 'dispatched' : status === 'dispatched' || status === 'acknowledged';
  if (!pending) return { escalate: false, why: `the assignment is ${status}` };
  const to = ESCALATION_TARGETS[timer.level];
  if (!to) return { escalate: false, why: `no level ${timer.level}` };
  const next = ESCALATION_TARGETS[timer.level + 1]
    ? { kind: timer.kind, level: timer.level + 1, dueAt: new Date(timer.dueAt.getTime() + districtAfterMin * 60_000) }
    : undefined;
  return {
    escalate: true,
    reason: timer.kind === 'ack' ? 'unacknowledged' : 'overdue',
    to,
    level: timer.level,
    ...(next ? { next } : {}),
  };
}

/** Deadlines of a new assignment. */
export function deadlines(
  dispatchedAt: Date,
  ackMinutes: number,
  handleMinutes: number,
): { ackDueAt: Date; handleDueAt: Date } {
  return {
    ackDueAt: new Date(dispatchedAt.getTime() + ackMinutes * 60_000),
    handleDueAt: new Date(dispatchedAt.getTime() + handleMinutes * 60_000),
  };
}
