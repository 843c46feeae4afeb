import { CAPACITY_DIMENSIONS, type CapacityDimension, type CapacityScores } from '@gz/contracts';

/** The total of an assessment: the sum of its dimensions' whole-number scores (0–100 each). */
export function capacityTotal(scores: CapacityScores): number {
  return CAPACITY_DIMENSIONS.reduce((sum, d) => sum + scores[d], 0);
}

/** The scores as rows, one per dimension, in the fixed order. */
export function scoreRows(scores: CapacityScores): Array<{ dimension: CapacityDimension; score: number }> {
  return CAPACITY_DIMENSIONS.map((dimension) => ({ dimension, score: scores[dimension] }));
}

/** The scores read back from rows (undefined unless every dimension is there). */
export function scoresOf(rows: ReadonlyArray<{ dimension: string; score: number }>): CapacityScores | undefined {
  const byDimension = new Map(rows.map((r) => [r.dimension, r.score]));
  if (!CAPACITY_DIMENSIONS.every((d) => byDimension.has(d))) return undefined;
  return Object.fromEntries(CAPACITY_DIMENSIONS.map((d) => [d, byDimension.get(d)])) as unknown as CapacityScores;
}
