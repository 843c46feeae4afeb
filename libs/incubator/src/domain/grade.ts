/** Years an assessment grade (1A–5A) stays valid (the Ministry of Civil Affairs' assessment rules). */
export const GRADE_VALID_YEARS = 5;

/**
 * The last day a grade assessed on `assessedOn` (YYYY-MM-DD) is valid: the day before the fifth
 * anniversary (an assessment on 29 February runs to 28 February).
 */
export function gradeValidUntil(assessedOn: string): string {
  const [y, m, d] = assessedOn.split('-').map(Number);
  const anniversary = new Date(Date.UTC(y + GRADE_VALID_YEARS, m - 1, d));
  // 29 February of a leap year rolls over to 1 March; the day before is the last of February
  return new Date(anniversary.getTime() - 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
}

/** Whether a grade valid until `validUntil` has expired on `today` (both YYYY-MM-DD, Asia/Shanghai). */
export const gradeExpired = (validUntil: string, today: string): boolean => today > validUntil;
