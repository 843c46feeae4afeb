import { WorkingCalendar } from '@gz/platform';
import { activityMinutes, entryProblem, hoursShown, isLate, periodProblem } from './volunteer-hours';

describe('volunteer hours', () => {
  it('shows whole minutes as hours with one decimal, half up', () => {
    expect(hoursShown(0)).toBe('0.0');
    expect(hoursShown(150)).toBe('2.5');
    expect(hoursShown(20)).toBe('0.3');
    expect(hoursShown(2)).toBe('0.0');
    expect(hoursShown(3)).toBe('0.1');
    expect(hoursShown(59)).toBe('1.0');
    expect(hoursShown(6001)).toBe('100.0');
    expect(() => hoursShown(1.5)).toThrow();
  });

  it('credits at most the activity, once it has ended', () => {
    const a = { startsAt: new Date('2026-05-16T09:00:00+08:00'), endsAt: new Date('2026-05-16T11:30:00+08:00') };
    expect(activityMinutes(a.startsAt, a.endsAt)).toBe(150);
    expect(entryProblem(150, a, new Date('2026-05-16T12:00:00+08:00'))).toBeNull();
    expect(entryProblem(151, a, new Date('2026-05-16T12:00:00+08:00'))).toMatch(/150 minutes/);
    expect(entryProblem(60, a, new Date('2026-05-16T11:00:00+08:00'))).toMatch(/ended/);
  });

  it('flags an entry late from the end of the 10th working day after the activity', () => {
    const calendar = new WorkingCalendar();
    // Saturday 16 May 2026: working days from Monday 18 May; the 10th is Friday 29 May
    const due = calendar.deadlineAfter(new Date('2026-05-16T11:30:00+08:00'), 10);
    expect(due.toISOString()).toBe('2026-05-29T16:00:00.000Z');
    expect(isLate(new Date('2026-05-29T23:59:00+08:00'), due)).toBe(false);
    expect(isLate(new Date('2026-05-30T00:00:00+08:00'), due)).toBe(true);
  });

  it('takes periods with from not after to', () => {
    expect(periodProblem('2026-05-01', '2026-05-31')).toBeNull();
    expect(periodProblem('2026-05-01', '2026-05-01')).toBeNull();
    expect(periodProblem(undefined, '2026-05-01')).toBeNull();
    expect(periodProblem('2026-06-01', '2026-05-31')).toMatch(/after/);
  });
});
