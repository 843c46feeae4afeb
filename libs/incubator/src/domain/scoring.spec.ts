import { gradeOf, halfUp, marksProblem, meanScore, sheetScore } from './scoring';

const criteria = [
  { key: 'need', weight: 40 },
  { key: 'design', weight: 35 },
  { key: 'budget', weight: 25 },
];

describe('scoring', () => {
  it('weighs the points exactly when every criterion applies', () => {
    const s = sheetScore(criteria, [
      { criterion: 'need', points: 9 },
      { criterion: 'design', points: 8 },
      { criterion: 'budget', points: 7 },
    ]);
    // (40×9 + 35×8 + 25×7) / 100 × 10 = 81.5 points
    expect(s).toEqual({ score: 8150, applicableWeight: 100 });
  });

  it('normalises over the applicable criteria, rounding half up to hundredths', () => {
    const s = sheetScore(criteria, [
      { criterion: 'need', points: 9 },
      { criterion: 'design', points: null },
      { criterion: 'budget', points: 6 },
    ]);
    // (40×9 + 25×6) / 65 × 10 = 78.4615… → 78.46
    expect(s).toEqual({ score: 7846, applicableWeight: 65 });
    expect(
      sheetScore(criteria, [
        { criterion: 'need', points: 10 },
        { criterion: 'design', points: 10 },
        { criterion: 'budget', points: 10 },
      ]).score,
    ).toBe(10000);
    expect(halfUp(5, 2)).toBe(3);
    expect(halfUp(7, 3)).toBe(2);
  });

  it('asks for every criterion once, points or not applicable, one applicable at least', () => {
    const ok = [
      { criterion: 'need', points: 9 },
      { criterion: 'design', notApplicable: true as const },
      { criterion: 'budget', points: 0 },
    ];
    expect(marksProblem(criteria, ok)).toBeNull();
    expect(marksProblem(criteria, ok.slice(0, 2))).toBe('the sheet leaves out budget');
    expect(marksProblem(criteria, [...ok, { criterion: 'need', points: 1 }])).toMatch(/twice/);
    expect(marksProblem(criteria, [...ok.slice(0, 2), { criterion: 'impact', points: 1 }])).toMatch(/not one of/);
    expect(marksProblem(criteria, [{ criterion: 'need', points: 1, notApplicable: true }, ok[1], ok[2]])).toMatch(
      /one of the two/,
    );
    expect(marksProblem(criteria, [{ criterion: 'need' }, ok[1], ok[2]])).toMatch(/one of the two/);
    expect(
      marksProblem(
        criteria,
        criteria.map((c) => ({ criterion: c.key, notApplicable: true as const })),
      ),
    ).toMatch(/at least one/);
  });

  it('takes the mean of the sheets in hundredths, and grades the final evaluation', () => {
    expect(meanScore(8150 + 7846 + 9000, 3)).toBe(8332);
    expect(meanScore(0, 0)).toBeNull();
    expect([gradeOf(95), gradeOf(90), gradeOf(89), gradeOf(75), gradeOf(60), gradeOf(59)]).toEqual([
      'excellent',
      'excellent',
      'good',
      'good',
      'pass',
      'fail',
    ]);
  });
});
