import {
  DEFAULT_SCORE_WEIGHTS,
  fraction,
  fractionText,
  percentOf,
  scoreCompany,
  weightsProblem,
} from './assessment-score';

const sums = (count: number, each: number) => ({
  count,
  sums: {
    cleaning: each * count,
    security: each * count,
    greening: each * count,
    repairs: each * count,
    service: each * count,
  },
});
const none = sums(0, 0);

describe('property company score', () => {
  it('weighs residents 40, council 30 and fee rate 30 by default, exactly', () => {
    // residents all 5 → 1; council all 3 → 1/2; fees 9/10
    const s = scoreCompany(sums(4, 5), sums(1, 3), { compounds: 1, dueFen: 100_000, collectedFen: 90_000 });
    // 0.4·1 + 0.3·0.5 + 0.3·0.9 = 0.82
    expect(s.value).toEqual(fraction(82n, 100n));
    expect(percentOf(s.value!)).toBe(82);
    expect(s.parts.map((p) => percentOf(p.points))).toEqual([40, 15, 27]);
    expect(s.parts[2].explanation).toContain('9/10 = 90%');
    expect(s.explanation).toBe('Score 82 of 100 = residents 40 + council 15 + feeRate 27');
  });

  it('gives a missing part’s weight to the others', () => {
    const s = scoreCompany(sums(2, 5), none, { compounds: 0, dueFen: 0, collectedFen: 0 });
    expect(percentOf(s.value!)).toBe(100);
    expect(s.parts[1]).toMatchObject({
      present: false,
      explanation: expect.stringContaining('goes to the other parts'),
    });
  });

  it('weighs aspects as configured and keeps thirds exact', () => {
    const w = { ...DEFAULT_SCORE_WEIGHTS, aspects: { cleaning: 2, security: 1, greening: 0, repairs: 0, service: 0 } };
    // cleaning 5 (→1) weight 2, security 1 (→0) weight 1: 2/3
    const r = { count: 1, sums: { cleaning: 5, security: 1, greening: 1, repairs: 1, service: 1 } };
    const s = scoreCompany(r, none, { compounds: 0, dueFen: 0, collectedFen: 0 }, w);
    expect(fractionText(s.value!)).toBe('2/3');
    expect(percentOf(s.value!)).toBe(66.67);
  });

  it('has no score without data, and refuses weights that score nothing', () => {
    expect(scoreCompany(none, none, { compounds: 0, dueFen: 0, collectedFen: 0 }).value).toBeNull();
    expect(weightsProblem({ ...DEFAULT_SCORE_WEIGHTS, residents: 0, council: 0, feeRate: 0 })).toBeDefined();
    expect(
      weightsProblem({
        ...DEFAULT_SCORE_WEIGHTS,
        aspects: { cleaning: 0, security: 0, greening: 0, repairs: 0, service: 0 },
      }),
    ).toBeDefined();
    expect(weightsProblem(DEFAULT_SCORE_WEIGHTS)).toBeUndefined();
  });
});
