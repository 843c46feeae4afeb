/**
 * Volunteer hours (志愿服务时长): whole minutes are the record and every sum; hours are only shown,
 * with one decimal.
 */

/** Minutes as hours with one decimal, rounded half up: 150 → `2.5`, 20 → `0.3`, 0 → `0.0`. */
export function hoursShown(minutes: number): string {
  if (!Number.isSafeInteger(minutes) || minutes < 0) throw new Error(`minutes must be a whole number ≥ 0: ${minutes}`);
  const tenths = Math.floor((minutes + 3) / 6); // minutes / 6 tenths of an hour, half up, in integers
  return `${Math.floor(tenths / 10)}.${tenths % 10}`;
}

/** An activity's length in whole minutes. */
export const activityMinutes = (startsAt: Date, endsAt: Date): number =>
  Math.floor((endsAt.getTime() - startsAt.getTime()) / 60_000);

/**
 * What is wrong with crediting `minutes` for an activity (null when nothing is): the time actually
 * given fits within the activity, whose organisers record it once it has ended.
 */
export function entryProblem(minutes: number, activity: { startsAt: Date; endsAt: Date }, now: Date): string | null {
  if (now < activity.endsAt) return 'hours are recorded once the activity has ended';
  const longest = activityMinutes(activity.startsAt, activity.endsAt);
  if (minutes > longest) return `at most the activity's ${longest} minutes`;
  return null;
}

/** An entry recorded after its due time is late (kept, and flagged). */
export const isLate = (recordedAt: Date, dueAt: Date): boolean => recordedAt.getTime() >= dueAt.getTime();

/** What is wrong with a period of days (null when nothing is): `from` not after `to`. */
export function periodProblem(from: string | undefined, to: string | undefined): string | null {
  return from !== undefined && to !== undefined && from > to ? 'from must not be after to' : null;
}
