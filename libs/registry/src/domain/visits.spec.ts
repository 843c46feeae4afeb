import {
  chinaDayStart,
  coverageRatio,
  MUST_VISIT_TAGS,
  parseQuarter,
  quarterOf,
  quarterOrCurrent,
  rollUp,
} from './visits';

describe('visit quarters and coverage', () => {
  it('maps days to quarters and back', () => {
    expect(quarterOf('2026-11-23')).toEqual({ quarter: '2026-Q4', from: '2026-10-01', to: '2027-01-01' });
    expect(quarterOf('2026-01-01')).toEqual({ quarter: '2026-Q1', from: '2026-01-01', to: '2026-04-01' });
    expect(parseQuarter('2025-Q2')).toEqual({ quarter: '2025-Q2', from: '2025-04-01', to: '2025-07-01' });
    expect(() => parseQuarter('2025-Q5')).toThrow();
  });

  it('takes the current quarter in China time', () => {
    // 2026-12-31 17:00 UTC is already 2027-01-01 in Beijing
    expect(quarterOrCurrent(undefined, new Date('2026-12-31T17:00:00Z')).quarter).toBe('2027-Q1');
    expect(quarterOrCurrent('2024-Q3').from).toBe('2024-07-01');
    expect(chinaDayStart('2026-10-01').toISOString()).toBe('2026-09-30T16:00:00.000Z');
  });

  it('uses the tags of five groups and the residence type for floating people', () => {
    expect([...MUST_VISIT_TAGS].sort()).toEqual([
      'disabled',
      'elderly_alone',
      'low_income',
      'old_party_member',
      'under_assistance',
    ]);
  });

  it('computes coverage', () => {
    expect(coverageRatio(0, 0)).toBe(1);
    expect(coverageRatio(3, 1)).toBe(0.3333);
  });

  it('adds grid coverage up to communities and streets', () => {
    const grids = [
      { path: 'd01.s01.c01.g01', mustVisit: 3, visited: 1, notVisited: 2, coverage: 0.3333 },
      { path: 'd01.s01.c01.g02', mustVisit: 1, visited: 1, notVisited: 0, coverage: 1 },
      { path: 'd01.s01.c02.g01', mustVisit: 2, visited: 0, notVisited: 2, coverage: 0 },
    ];
    expect(rollUp(grids, 3)).toEqual([
      { path: 'd01.s01.c01', mustVisit: 4, visited: 2, notVisited: 2, coverage: 0.5 },
      { path: 'd01.s01.c02', mustVisit: 2, visited: 0, notVisited: 2, coverage: 0 },
    ]);
    expect(rollUp(grids, 2)).toEqual([{ path: 'd01.s01', mustVisit: 6, visited: 2, notVisited: 4, coverage: 0.3333 }]);
  });
});
