/** Calendar dates of the registry are dates in China (Asia/Shanghai), as YYYY-MM-DD. */
const FORMAT = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

export function todayInChina(now: Date = new Date()): string {
  return FORMAT.format(now);
}

/** The same day as a Date at UTC midnight (what checkIdNumber and plausibleBirthDate compare with). */
export function asUtcDay(date: string): Date {
  return new Date(`${date}T00:00:00Z`);
}
