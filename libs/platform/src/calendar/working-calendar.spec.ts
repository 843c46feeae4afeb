import { addDays, shanghaiDay, shanghaiDayStart, WorkingCalendar } from './working-calendar';

describe('working calendar (Asia/Shanghai)', () => {
  it('takes the Shanghai day of an instant', () => {
    expect(shanghaiDay(new Date('2026-05-11T15:59:59Z'))).toBe('2026-05-11');
    expect(shanghaiDay(new Date('2026-05-11T16:00:00Z'))).toBe('2026-05-12');
    expect(shanghaiDayStart('2026-05-12').toISOString()).toBe('2026-05-11T16:00:00.000Z');
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
  });

  it('counts working days over weekends', () => {
    const cal = new WorkingCalendar();
    // 2026-05-08 is a Friday
    expect(cal.addWorkingDays('2026-05-08', 1)).toBe('2026-05-11');
    expect(cal.addWorkingDays('2026-05-08', 5)).toBe('2026-05-15');
    expect(cal.isWorkingDay('2026-05-09')).toBe(false);
  });

  it('skips announced holidays and works the make-up days', () => {
    const cal = WorkingCalendar.fromSettings('2026-10-01,2026-10-02,2026-10-05', '2026-10-10');
    // 2026-09-30 is a Wednesday; 10-01, 10-02 holidays, 10-03/04 weekend, 10-05 holiday
    expect(cal.addWorkingDays('2026-09-30', 1)).toBe('2026-10-06');
    expect(cal.isWorkingDay('2026-10-10')).toBe(true);
    expect(() => WorkingCalendar.fromSettings('2026/10/01')).toThrow(/not a day/);
  });

  it('ends a deadline at the end of the nth working day after the instant', () => {
    const cal = new WorkingCalendar();
    // Friday 2026-05-08 15:00 Shanghai: five working days end with Friday 2026-05-15
    expect(cal.deadlineAfter(new Date('2026-05-08T15:00:00+08:00'), 5).toISOString()).toBe(
      '2026-05-15T16:00:00.000Z',
    );
  });
});
