import type { ProjectGrade } from '@gz/contracts';

/** A criterion as a sheet weighs it. */
export interface WeightedCriterion {
  key: string;
  weight: number;
}

/** One mark of a sheet: points 0–10, or null when the criterion does not apply. */
export interface Mark {
  criterion: string;
  points: number | null;
}

/** Why the marks are not a sheet of these criteria (every criterion once, points or not applicable, one applicable at least), or null. */
export function marksProblem(
  criteria: readonly WeightedCriterion[],
  marks: ReadonlyArray<{ criterion: string; points?: number; notApplicable?: true }>,
): string | null {
  const keys = new Set(criteria.map((c) => c.key));
  const seen = new Set<string>();
  for (const m of marks) {
    if (!keys.has(m.criterion)) return `${m.criterion} is not one of the round's criteria`;
    if (seen.has(m.criterion)) return `${m.criterion} is marked twice`;
    seen.add(m.criterion);
    if ((m.points === undefined) === (m.notApplicable === undefined))
      return `${m.criterion}: give points (0-10) or mark it not applicable, one of the two`;
  }
  const missing = criteria.filter((c) => !seen.has(c.key)).map((c) => c.key);
  if (missing.length > 0) return `the sheet leaves out ${missing.join(', ')}`;
  if (marks.every((m) => m.notApplicable)) return 'at least one criterion must apply';
  return null;
}

/**
 * A sheet's weighted score in hundredths of a point on 0–100: Σ weight × points over the
 * applicable criteria / their weights, × 10 (points are 0–10), rounded half up, in integers only.
 * With every criterion applicable the weights add up to 100 and the score is exact.
 */
export function sheetScore(
  criteria: readonly WeightedCriterion[],
  marks: readonly Mark[],
): { score: number; applicableWeight: number } {
  const weightOf = new Map(criteria.map((c) => [c.key, c.weight]));
  let weighted = 0;
  let applicableWeight = 0;
  for (const m of marks) {
    if (m.points === null) continue;
    const w = weightOf.get(m.criterion) ?? 0;
    weighted += w * m.points;
    applicableWeight += w;
  }
  if (applicableWeight === 0) throw new Error('a sheet with no applicable criterion has no score');
  return { score: halfUp(weighted * 1000, applicableWeight), applicableWeight };
}

/** numerator / denominator rounded half up, for non-negative integers. */
export function halfUp(numerator: number, denominator: number): number {
  return Math.floor((2 * numerator + denominator) / (2 * denominator));
}

/** The mean of the sheets' scores, in hundredths, rounded half up; null without sheets. */
export const meanScore = (scoreSum: number, sheets: number): number | null =>
  sheets === 0 ? null : halfUp(scoreSum, sheets);

/** The final evaluation's grade: excellent 优秀 ≥ 90, good 良好 ≥ 75, pass 合格 ≥ 60, else fail 不合格. */
export function gradeOf(score: number): ProjectGrade {
  if (score >= 90) return 'excellent';
  if (score >= 75) return 'good';
  if (score >= 60) return 'pass';
  return 'fail';
}
