import { parsePeriod, shanghaiDay, splitPeriod } from './days';

describe('Asia/Shanghai days and periods', () => {
  it('puts an instant on its China calendar day', () => {
    expect(shanghaiDay('2026-03-31T15:59:59Z')).toBe('2026-03-31');
    expect(shanghaiDay('2026-03-31T16:00:00Z')).toBe('2026-04-01');
    expect(shanghaiDay('2026-04-01T00:30:00+08:00')).toBe('2026-04-01');
    expect(shanghaiDay('2026-12-31T16:00:00.123Z')).toBe('2027-01-01');
    expect(shanghaiDay('2028-02-28T16:00:00Z')).toBe('2028-02-29');
    expect(() => shanghaiDay('not a time')).toThrow(/not an instant/);
  });

  it('reads the day off the text of a UTC instant exactly as the date arithmetic gives it', () => {
    for (let i = 0; i < 5000; i++) {
      const ms = Date.UTC(2024, 0, 1) + Math.floor(((i * 7919) % 1_000_003) / 1_000_003 * 3 * 366 * 86_400_000);
      const text = new Date(ms).toISOString();
      expect(shanghaiDay(text)).toBe(new Date(ms + 8 * 3600_000).toISOString().slice(0, 10));
      expect(shanghaiDay(text.replace(/\.\d+Z$/, 'Z'))).toBe(shanghaiDay(new Date(ms)));
    }
  });

  it('reads months, quarters, years and ranges, and refuses what is not a period', () => {
    expect(parsePeriod('2026-02')).toEqual({ label: '2026-02', from: '2026-02-01', to: '2026-02-28' });
    expect(parsePeriod('2028-02')?.to).toBe('2028-02-29');
    expect(parsePeriod('2026-Q4')).toEqual({ label: '2026-Q4', from: '2026-10-01', to: '2026-12-31' });
    expect(parsePeriod('2026')).toEqual({ label: '2026', from: '2026-01-01', to: '2026-12-31' });
    expect(parsePeriod('2026-01-05..2026-02-10')?.from).toBe('2026-01-05');
    expect(parsePeriod('2026-02-30..2026-03-01')).toBeUndefined();
    expect(parsePeriod('2026-03-02..2026-03-01')).toBeUndefined();
    expect(parsePeriod('2020-01-01..2026-01-01')).toBeUndefined();
  });

  it('reads whole months from the monthly facts and the ends from the daily ones', () => {
    expect(splitPeriod({ from: '2026-01-01', to: '2026-12-31' })).toEqual({
      months: { from: '2026-01-01', to: '2026-12-31' },
      days: [],
    });
    expect(splitPeriod({ from: '2026-01-15', to: '2026-03-10' })).toEqual({
      months: { from: '2026-02-01', to: '2026-02-28' },
      days: [
        { from: '2026-01-15', to: '2026-01-31' },
        { from: '2026-03-01', to: '2026-03-10' },
      ],
    });
    expect(splitPeriod({ from: '2026-01-15', to: '2026-01-20' })).toEqual({
      months: null,
      days: [{ from: '2026-01-15', to: '2026-01-20' }],
    });
  });
});
