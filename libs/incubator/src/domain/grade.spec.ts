import { gradeExpired, gradeValidUntil } from './grade';

describe('assessment grade', () => {
  it('is valid for five years, to the day before the fifth anniversary', () => {
    expect(gradeValidUntil('2021-06-15')).toBe('2026-06-14');
    expect(gradeValidUntil('2024-01-01')).toBe('2028-12-31');
    expect(gradeValidUntil('2024-02-29')).toBe('2029-02-28');
  });

  it('expires the day after its last valid day', () => {
    expect(gradeExpired('2026-06-14', '2026-06-14')).toBe(false);
    expect(gradeExpired('2026-06-14', '2026-06-15')).toBe(true);
    expect(gradeExpired('2026-06-14', '2025-12-31')).toBe(false);
  });
});
