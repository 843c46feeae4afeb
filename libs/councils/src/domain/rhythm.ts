import { RHYTHM_KINDS, RHYTHM_PERIOD_OF, type RhythmItemView, type RhythmKind, type RhythmPeriod } from '@gz/contracts';

/** Asia/Shanghai is UTC+8 all year (no daylight saving). */
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The Asia/Shanghai calendar day of an instant, YYYY-MM-DD. */
export function shanghaiDay(at: Date): string {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

const toUtc = (day: string) => new Date(`${day}T00:00:00Z`);
const fmt = (d: Date) => d.toISOString().slice(0, 10);

/** The first and last day of the period of `period` that holds `day`. */
export function periodOf(period: RhythmPeriod, day: string): { start: string; end: string } {
  const d = toUtc(day);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  switch (period) {
    case 'day':
      return { start: day, end: day };
    case 'week': {
      const monday = new Date(d.getTime() - ((d.getUTCDay() + 6) % 7) * DAY_MS);
      return { start: fmt(monday), end: fmt(new Date(monday.getTime() + 6 * DAY_MS)) };
    }
    case 'month':
      return { start: fmt(new Date(Date.UTC(y, m, 1))), end: fmt(new Date(Date.UTC(y, m + 1, 0))) };
    case 'quarter': {
      const q = Math.floor(m / 3) * 3;
      return { start: fmt(new Date(Date.UTC(y, q, 1))), end: fmt(new Date(Date.UTC(y, q + 3, 0))) };
    }
    case 'year':
      return { start: `${y}-01-01`, end: `${y}-12-31` };
  }
}

/** The day before `day`. */
const dayBefore = (day: string) => fmt(new Date(toUtc(day).getTime() - DAY_MS));

/**
 * What the council's rhythm owes as of `asOf` (an Asia/Shanghai day): for each kind, its current
 * period; `held` when it was held in it, else `overdue` when the period before (begun on or after
 * `since`, when the council started) passed without it, else `due` (by the period's last day).
 * `missedPeriods` counts the whole past periods since `since` that had none. Pure.
 */
export function rhythmSchedule(
  held: readonly { kind: RhythmKind; heldOn: string }[],
  asOf: string,
  since: string,
): RhythmItemView[] {
  return RHYTHM_KINDS.map((kind) => {
    const period = RHYTHM_PERIOD_OF[kind];
    const days = held
      .filter((h) => h.kind === kind && h.heldOn <= asOf)
      .map((h) => h.heldOn)
      .sort();
    const current = periodOf(period, asOf);
    const within = (p: { start: string; end: string }) => days.some((d) => d >= p.start && d <= p.end);
    let missed = 0;
    let lastMissed = false;
    // walk back over the past periods that lie wholly after the council started
    for (let p = periodOf(period, dayBefore(current.start)), first = true; p.start >= since; first = false) {
      const none = !within(p);
      if (none) missed += 1;
      if (first) lastMissed = none;
      if (missed > 400) break;
      p = periodOf(period, dayBefore(p.start));
    }
    const status = within(current) ? 'held' : lastMissed ? 'overdue' : 'due';
    return {
      kind,
      period,
      periodStart: current.start,
      dueBy: current.end,
      lastHeldOn: days.length ? days[days.length - 1] : null,
      status,
      missedPeriods: missed,
    };
  });
}
