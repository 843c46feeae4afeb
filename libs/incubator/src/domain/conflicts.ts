/** A post at the applicant left less than this many years ago is a conflict of interest. */
export const FORMER_POST_YEARS = 2;

/** The same day `years` later (29 February becomes 1 March in a common year). */
export function yearsAfter(day: string, years: number): string {
  const [y, m, d] = day.split('-').map(Number);
  const later = new Date(Date.UTC(y + years, m - 1, d));
  return later.toISOString().slice(0, 10);
}

/**
 * Why the declaration is not a conflict, or null when it is: an interest always is; a former post
 * is while it was left less than two years before `today` (a day left in the future is refused).
 */
export function declarationProblem(
  kind: 'interest' | 'former_post',
  leftOn: string | undefined,
  today: string,
): string | null {
  if (kind === 'interest') return leftOn === undefined ? null : 'leftOn is only for a former post';
  if (leftOn === undefined) return 'a former post needs the day it was left (leftOn)';
  if (leftOn > today) return 'leftOn lies in the future: a post still held is an interest';
  if (yearsAfter(leftOn, FORMER_POST_YEARS) <= today)
    return `a post left on ${leftOn} is ${FORMER_POST_YEARS} or more years ago: no conflict to declare`;
  return null;
}
