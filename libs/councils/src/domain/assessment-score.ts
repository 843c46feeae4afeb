import { ASSESSMENT_ASPECTS, type AssessmentAspect } from '@gz/contracts';

/** How a district weighs a property company's score: the three parts, and the aspects within each ratings part. */
export interface ScoreWeights {
  residents: number;
  council: number;
  feeRate: number;
  aspects: Record<AssessmentAspect, number>;
}

/**
 * The defaults when a district set none: the residents' ratings weigh 40, the council's 30 and the
 * fee collection rate 30 (residents first: they live with the service; the council sees the contract;
 * the fee rate tells how far owners accept the service), the five aspects alike.
 */
export const DEFAULT_SCORE_WEIGHTS: ScoreWeights = {
  residents: 40,
  council: 30,
  feeRate: 30,
  aspects: { cleaning: 1, security: 1, greening: 1, repairs: 1, service: 1 },
};

/** The ratings of one rater kind in a period: their count and the sum of each aspect. */
export interface RatingSums {
  count: number;
  sums: Record<AssessmentAspect, number>;
}

/** The fees of the company's compounds in a period (fen). */
export interface FeeSums {
  compounds: number;
  dueFen: number;
  collectedFen: number;
}

/** An exact non-negative fraction. */
export interface Fraction {
  n: bigint;
  d: bigint;
}

export interface ScorePart {
  part: 'residents' | 'council' | 'feeRate';
  present: boolean;
  weight: number;
  value: Fraction | null;
  /** what the part adds to the score, 0–100 in all */
  points: Fraction;
  count: number;
  aspectMeans?: Record<AssessmentAspect, number>;
  explanation: string;
}

export interface Score {
  /** the score on 0–1 (× 100 for points), or null when no part has data (or weight) */
  value: Fraction | null;
  parts: ScorePart[];
  explanation: string;
}

const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? (a < 0n ? -a : a) : gcd(b, a % b));

export function fraction(n: bigint, d: bigint): Fraction {
  if (d === 0n) throw new Error('zero denominator');
  const g = gcd(n, d) || 1n;
  return { n: n / g, d: d / g };
}

const add = (a: Fraction, b: Fraction): Fraction => fraction(a.n * b.d + b.n * a.d, a.d * b.d);
const times = (a: Fraction, k: bigint, per: bigint): Fraction => fraction(a.n * k, a.d * per);

/** The fraction × 100, rounded half up to hundredths (display only; the fraction is exact). */
export function percentOf(f: Fraction): number {
  const tenThousandths = (f.n * 10000n * 2n + f.d) / (2n * f.d);
  return Number(tenThousandths) / 100;
}

export const fractionText = (f: Fraction): string => `${f.n}/${f.d}`;

/** Whether the weights can score anything: the parts and the aspects each have a weight above 0. */
export function weightsProblem(w: ScoreWeights): string | undefined {
  if (w.residents + w.council + w.feeRate <= 0)
    return 'At least one of residents, council and feeRate must weigh more than 0';
  if (ASSESSMENT_ASPECTS.every((a) => w.aspects[a] <= 0)) return 'At least one aspect must weigh more than 0';
  return undefined;
}

/** A ratings part on 0–1: the aspects' weighted mean of (mean rating − 1) / 4, so 1 is 0 and 5 is 1. */
function ratingsValue(r: RatingSums, w: ScoreWeights): Fraction {
  const n = BigInt(r.count);
  let num = 0n;
  let wsum = 0n;
  for (const a of ASSESSMENT_ASPECTS) {
    const wa = BigInt(w.aspects[a]);
    num += wa * (BigInt(r.sums[a]) - n);
    wsum += wa;
  }
  return fraction(num, 4n * n * wsum);
}

const KIND_TEXT = { residents: "residents' ratings", council: "the council's ratings" } as const;

function ratingsPart(part: 'residents' | 'council', r: RatingSums, w: ScoreWeights): Omit<ScorePart, 'points'> {
  const weight = w[part];
  if (r.count === 0)
    return {
      part,
      present: false,
      weight,
      value: null,
      count: 0,
      explanation: `No ${KIND_TEXT[part]} in the period: its weight ${weight} goes to the other parts`,
    };
  const value = ratingsValue(r, w);
  const aspectMeans = Object.fromEntries(
    ASSESSMENT_ASPECTS.map((a) => [a, percentOf(fraction(BigInt(r.sums[a]), BigInt(r.count))) / 100]),
  ) as Record<AssessmentAspect, number>;
  const means = ASSESSMENT_ASPECTS.map((a) => `${a} ${aspectMeans[a]}×${w.aspects[a]}`).join(', ');
  return {
    part,
    present: true,
    weight,
    value,
    count: r.count,
    aspectMeans,
    explanation:
      `${r.count} of ${KIND_TEXT[part]}; mean per aspect × aspect weight: ${means}; ` +
      `(weighted mean − 1) / 4 = ${percentOf(value)}% of the part`,
  };
}

function feePart(f: FeeSums, w: ScoreWeights): Omit<ScorePart, 'points'> {
  const weight = w.feeRate;
  if (f.compounds === 0 || f.dueFen <= 0)
    return {
      part: 'feeRate',
      present: false,
      weight,
      value: null,
      count: 0,
      explanation: `No fee collection reported for the period: its weight ${weight} goes to the other parts`,
    };
  const collected = Math.min(f.collectedFen, f.dueFen);
  const value = fraction(BigInt(collected), BigInt(f.dueFen));
  return {
    part: 'feeRate',
    present: true,
    weight,
    value,
    count: f.compounds,
    explanation:
      `Fees collected ${collected} of ${f.dueFen} fen due over ${f.compounds} compound(s): ` +
      `${fractionText(value)} = ${percentOf(value)}%`,
  };
}

/**
 * A property company's score for a period, 0–100: the weighted mean of its parts present in the
 * period (residents' ratings, the council's ratings, the fee collection rate, each on 0–1); a
 * part without data gives its weight to the others. Exact (fractions), explained part by part.
 */
export function scoreCompany(
  residents: RatingSums,
  council: RatingSums,
  fees: FeeSums,
  w: ScoreWeights = DEFAULT_SCORE_WEIGHTS,
): Score {
  const raw = [ratingsPart('residents', residents, w), ratingsPart('council', council, w), feePart(fees, w)];
  const totalWeight = raw.filter((p) => p.present).reduce((s, p) => s + p.weight, 0);
  const zero = fraction(0n, 1n);
  if (totalWeight === 0) {
    return {
      value: null,
      parts: raw.map((p) => ({ ...p, points: zero })),
      explanation: 'No score: nothing was rated or reported for the period (or the parts with data weigh 0)',
    };
  }
  let value = zero;
  const parts: ScorePart[] = raw.map((p) => {
    if (!p.present || !p.value) return { ...p, points: zero };
    const share = times(p.value, BigInt(p.weight), BigInt(totalWeight));
    value = add(value, share);
    return {
      ...p,
      points: share,
      explanation: `${p.explanation}; weight ${p.weight} of ${totalWeight} → ${percentOf(share)} points`,
    };
  });
  const sum = parts
    .filter((p) => p.present)
    .map((p) => `${p.part} ${percentOf(p.points)}`)
    .join(' + ');
  return { value, parts, explanation: `Score ${percentOf(value)} of 100 = ${sum}` };
}
