import {
  chinaDayStart,
  coverageRatio,
  levelSql,
  MUST_VISIT_TAGS,
  parseQuarter,
  quarterOf,
  quarterOrCurrent,
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

  it('computes coverage and level paths', () => {
    expect(coverageRatio(0, 0)).toBe(1);
    expect(coverageRatio(3, 1)).toBe(0.3333);
    expect(levelSql('h.path', 'community')).toBe(`array_to_string((string_to_array(h.path, '.'))[1:3], '.')`);
  });
});
