/** Asia/Shanghai is UTC+8 all year (no daylight saving). */
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The Asia/Shanghai calendar day of an instant, YYYY-MM-DD. */
export function shanghaiDay(at: Date): string {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant a Shanghai day begins (00:00 +08:00). */
export function shanghaiDayStart(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) - SHANGHAI_OFFSET_MS);
}

/** The day `n` calendar days after `day` (before it when negative). */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

const weekend = (day: string) => {
  const wd = new Date(`${day}T00:00:00Z`).getUTCDay();
  return wd === 0 || wd === 6;
};

/**
 * Working days (工作日) in Asia/Shanghai: Monday to Friday, less the public holidays the State
 * Council announces each year, plus the weekend days it makes working days (调休). Both lists
 * come from settings (WORKING_CALENDAR_HOLIDAYS, WORKING_CALENDAR_WORKDAYS), since the
 * schedule is published yearly.
 */
export class WorkingCalendar {
  private readonly holidays: ReadonlySet<string>;
  private readonly workdays: ReadonlySet<string>;

  constructor(holidays: Iterable<string> = [], workdays: Iterable<string> = []) {
    this.holidays = new Set(holidays);
    this.workdays = new Set(workdays);
    for (const d of [...this.holidays, ...this.workdays])
      if (!DAY.test(d)) throw new Error(`working calendar: ${d} is not a day YYYY-MM-DD`);
  }

  /** From comma-separated settings (either may be empty). */
  static fromSettings(holidays = '', workdays = ''): WorkingCalendar {
    const days = (s: string) => s.split(',').map((d) => d.trim()).filter(Boolean);
    return new WorkingCalendar(days(holidays), days(workdays));
  }

  isWorkingDay(day: string): boolean {
    if (this.workdays.has(day)) return true;
    return !weekend(day) && !this.holidays.has(day);
  }

  /** The `n`th working day after `day` (n ≥ 1), e.g. the last day of a "within 5 working days" rule. */
  addWorkingDays(day: string, n: number): string {
    let d = day;
    for (let left = n; left > 0; ) {
      d = addDays(d, 1);
      if (this.isWorkingDay(d)) left--;
    }
    return d;
  }

  /**
   * The instant a deadline of `n` working days after the instant `from` ends: the end of the
   * `n`th working day after `from`'s Shanghai day (so a request on Friday afternoon has until
   * the end of the following Friday for 5 working days).
   */
  deadlineAfter(from: Date, n: number): Date {
    return shanghaiDayStart(addDays(this.addWorkingDays(shanghaiDay(from), n), 1));
  }
}
