import type { DeliberationStep, MinutesStatus } from '@gz/contracts';
import { DELIBERATION_STEPS } from '@gz/contracts';

const DAY_MS = 86_400_000;

/** One step of a topic's process as the rules read it. */
export interface StepState {
  step: DeliberationStep;
  /** when it was completed (null: not yet) */
  completedAt: Date | null;
}

/** Why a step cannot be completed now, with the step that is next (null when all are done). */
export interface StepRefusal {
  reason: 'already_done' | 'out_of_order';
  message: string;
  next: DeliberationStep | null;
}

/** The first step not yet completed, in the seven steps' order; null when the process is done. */
export function nextStep(steps: readonly StepState[]): DeliberationStep | null {
  for (const s of DELIBERATION_STEPS) {
    const st = steps.find((x) => x.step === s);
    if (!st || st.completedAt === null) return s;
  }
  return null;
}

/** Whether `step` can be completed now: not twice, and none skipped (定时: each in its turn). */
export function completionRefusal(steps: readonly StepState[], step: DeliberationStep): StepRefusal | null {
  const next = nextStep(steps);
  const st = steps.find((x) => x.step === step);
  if (st && st.completedAt !== null)
    return { reason: 'already_done', message: `the step ${step} is already done`, next };
  if (step !== next) return { reason: 'out_of_order', message: `the step ${step} cannot be done before ${next}`, next };
  return null;
}

/** The position of a step in the seven (1-based). */
export function stepOrdinal(step: DeliberationStep): number {
  return DELIBERATION_STEPS.indexOf(step) + 1;
}

/** What the notice step records: when it went up, when it came down, the meeting it announced. */
export interface NoticeRecord {
  postedAt: Date;
  removedAt: Date;
  meetingAt: Date;
}

/** The whole days the notice stayed up before the meeting (rounded down). */
export function noticeDaysBeforeMeeting(n: NoticeRecord): number {
  return Math.floor((Math.min(n.removedAt.getTime(), n.meetingAt.getTime()) - n.postedAt.getTime()) / DAY_MS);
}

/** Why a notice is not acceptable (null: it is): up at least `minDays` before the meeting and still up until it. */
export function noticeProblem(n: NoticeRecord, minDays: number): string | null {
  if ([n.postedAt, n.removedAt, n.meetingAt].some((d) => Number.isNaN(d.getTime())))
    return 'postedAt, removedAt and meetingAt must be times';
  if (n.removedAt.getTime() <= n.postedAt.getTime()) return 'removedAt must be after postedAt';
  if (n.meetingAt.getTime() <= n.postedAt.getTime()) return 'the meeting must be after the notice went up';
  if (n.meetingAt.getTime() - n.postedAt.getTime() < minDays * DAY_MS)
    return `the notice must be up at least ${minDays} days before the meeting`;
  if (n.removedAt.getTime() < n.meetingAt.getTime()) return 'the notice must stay up until the meeting';
  return null;
}

/** Whether a step is overdue at `now`: it has a deadline, it is past, and the step is not done. */
export function isOverdue(deadline: Date | null, completedAt: Date | null, now: Date): boolean {
  return deadline !== null && completedAt === null && deadline.getTime() < now.getTime();
}

/** The step meetings belong to (开展协商). */
export const MEETING_STEP: DeliberationStep = 'deliberate';

/** Why minutes cannot change now (null: they can): final minutes never change. */
export function minutesChangeRefusal(status: MinutesStatus): string | null {
  return status === 'final' ? 'the minutes are final and cannot change' : null;
}

/**
 * Whether drafted minutes can be made final: every present attendee has confirmed them, and
 * someone was present. Answers the reason when not.
 */
export function finalizeProblem(
  present: readonly string[],
  confirmedBy: readonly string[],
  status: MinutesStatus,
): string | null {
  if (status === 'final') return 'the minutes are final already';
  if (status === 'none') return 'no minutes have been drafted';
  if (present.length === 0) return 'no attendee was recorded present';
  const missing = present.filter((p) => !confirmedBy.includes(p));
  if (missing.length > 0) return `not every present attendee has confirmed the minutes (${missing.length} missing)`;
  return null;
}
