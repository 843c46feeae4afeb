/**
 * Days and periods, Asia/Shanghai: China keeps UTC+8 all year (no daylight saving), so a day is
 * the UTC+8 calendar date of an instant, and periods are inclusive ranges of such days.
 */
const SHANGHAI_OFFSET_MS = 8 * 3600_000;

/** An instant as the services write it: UTC, `Z`, whole seconds or a fraction. */
const UTC_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;

/** The Asia/Shanghai calendar day (`YYYY-MM-DD`) of an instant. */
export function shanghaiDay(instant: string | Date): string {
  // the projector's hot path: from 16:00 UTC on it is the next day in Shanghai, read off the text
  if (typeof instant === 'string' && UTC_INSTANT.test(instant)) {
    const date = instant.slice(0, 10);
    return instant < `${date}T16` ? date : nextDay(date);
  }
  const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  if (Number.isNaN(ms)) throw new Error(`not an instant: ${String(instant)}`);
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** Whole minutes from `from` to `to` (floored; never negative). */
export function minutesBetween(from: string, to: string): number {
  return Math.max(0, Math.floor((Date.parse(to) - Date.parse(from)) / 60_000));
}

export interface Period {
  label: string;
  /** first day, included */
  from: string;
  /** last day, included */
  to: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
function lastDayOfMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
function isRealDay(day: string): boolean {
  const [y, m, d] = day.split('-').map(Number);
  return m >= 1 && m <= 12 && d >= 1 && d <= lastDayOfMonth(y, m);
}

/** The longest range a period may cover (a scorecard over more is refused). */
export const MAX_PERIOD_DAYS = 3 * 366;

/** Reads `2026`, `2026-03`, `2026-Q1` or `2026-01-05..2026-02-10`; undefined when it is none of them (or not a real range). */
export function parsePeriod(text: string): Period | undefined {
  let m = /^(\d{4})$/.exec(text);
  if (m) return { label: text, from: `${m[1]}-01-01`, to: `${m[1]}-12-31` };
  m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(text);
  if (m) {
    const y = Number(m[1]);
    const mo = Number(m[2]);
    return { label: text, from: `${m[1]}-${m[2]}-01`, to: `${m[1]}-${m[2]}-${pad(lastDayOfMonth(y, mo))}` };
  }
  m = /^(\d{4})-Q([1-4])$/.exec(text);
  if (m) {
    const y = Number(m[1]);
    const first = (Number(m[2]) - 1) * 3 + 1;
    const last = first + 2;
    return {
      label: text,
      from: `${m[1]}-${pad(first)}-01`,
      to: `${m[1]}-${pad(last)}-${pad(lastDayOfMonth(y, last))}`,
    };
  }
  m = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(text);
  if (m) {
    const [, from, to] = m;
    if (!isRealDay(from) || !isRealDay(to) || from > to) return undefined;
    if (daysBetween(from, to) + 1 > MAX_PERIOD_DAYS) return undefined;
    return { label: text, from, to };
  }
  return undefined;
}

/** Days from `from` to `to` (0 for the same day). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The first day of the day's month. */
export function monthOf(day: string): string {
  return `${day.slice(0, 7)}-01`;
}

/** The day after. */
export function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** The day before. */
export function previousDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

/**
 * A period cut into whole months (read from the monthly facts) and the days at its ends (read
 * from the daily ones), so a year costs twelve rows per fact, not 365.
 */
export function splitPeriod(p: { from: string; to: string }): {
  months: { from: string; to: string } | null;
  days: Array<{ from: string; to: string }>;
} {
  const firstFull = p.from.endsWith('-01') ? p.from : nextMonth(monthOf(p.from));
  const afterLast = nextDay(p.to).endsWith('-01') ? nextDay(p.to) : monthOf(p.to);
  if (firstFull >= afterLast) return { months: null, days: [{ from: p.from, to: p.to }] };
  const days: Array<{ from: string; to: string }> = [];
  if (p.from < firstFull) days.push({ from: p.from, to: previousDay(firstFull) });
  if (afterLast <= p.to) days.push({ from: afterLast, to: p.to });
  return { months: { from: firstFull, to: previousDay(afterLast) }, days };
}

/** The first day of the month after the one `firstOfMonth` begins. */
export function nextMonth(firstOfMonth: string): string {
  const [y, m] = firstOfMonth.split('-').map(Number);
  return m === 12 ? `${y + 1}-01-01` : `${y}-${pad(m + 1)}-01`;
}

/** The months from `from` (YYYY-MM) to `until` (YYYY-MM), as periods. */
export function monthsFrom(from: string, until: string): Period[] {
  const out: Period[] = [];
  let at = `${from}-01`;
  while (at.slice(0, 7) <= until && out.length < 120) {
    out.push(parsePeriod(at.slice(0, 7)) as Period);
    at = nextMonth(at);
  }
  return out;
}
