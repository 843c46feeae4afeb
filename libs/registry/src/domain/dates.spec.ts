import { asUtcDay, todayInChina } from './dates';

describe('registry dates', () => {
  it('takes the calendar day in China', () => {
    // 16:00 UTC is already midnight in Beijing
    expect(todayInChina(new Date('2026-12-31T15:59:59Z'))).toBe('2026-12-31');
    expect(todayInChina(new Date('2026-12-31T16:00:00Z'))).toBe('2027-01-01');
    expect(asUtcDay('2026-02-28').toISOString()).toBe('2026-02-28T00:00:00.000Z');
  });
});
