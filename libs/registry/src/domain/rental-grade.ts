import { RENTAL_ASPECTS, type RentalAspect, type RentalColour } from '@gz/contracts';

/** Each of the seven aspects is scored 0–10 (10 = fully in order), so a house totals 0–70. */
export const ASPECT_MAX = 10;
export const TOTAL_MAX = ASPECT_MAX * RENTAL_ASPECTS.length;

/**
 * Green (放心户): at least 60 of 70 (about 85 %) and no aspect below 6 — a house that is fine
 * overall but fails one aspect is not "worry-free".
 */
export const GREEN_MIN_TOTAL = 60;
export const GREEN_MIN_ASPECT = 6;

/**
 * Red (重点整治): below 42 of 70 (60 %, a fail), or any aspect at 3 or below — one aspect that bad
 * (say fire safety) needs remediation whatever the rest.
 */
export const RED_BELOW_TOTAL = 42;
export const RED_MAX_ASPECT = 3;

export type RentalScoreSet = Record<RentalAspect, number>;

export interface RentalGrade {
  total: number;
  colour: RentalColour;
  /** aspects that made it red (at or below RED_MAX_ASPECT) */
  failing: RentalAspect[];
}

/** The colour a seven-aspect score yields; yellow (关注) is everything between green and red. */
export function gradeRental(scores: RentalScoreSet): RentalGrade {
  for (const aspect of RENTAL_ASPECTS) {
    const v = scores[aspect];
    if (!Number.isInteger(v) || v < 0 || v > ASPECT_MAX)
      throw new RangeError(`${aspect} must be an integer 0-${ASPECT_MAX}, got ${v}`);
  }
  const values = RENTAL_ASPECTS.map((a) => scores[a]);
  const total = values.reduce((s, v) => s + v, 0);
  const failing = RENTAL_ASPECTS.filter((a) => scores[a] <= RED_MAX_ASPECT);
  if (total < RED_BELOW_TOTAL || failing.length > 0) return { total, colour: 'red', failing };
  if (total >= GREEN_MIN_TOTAL && values.every((v) => v >= GREEN_MIN_ASPECT))
    return { total, colour: 'green', failing };
  return { total, colour: 'yellow', failing };
}
