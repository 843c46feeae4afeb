import { periodOf, rhythmSchedule, shanghaiDay } from './rhythm';

describe('the council rhythm', () => {
  it('counts days in Asia/Shanghai', () => {
    expect(shanghaiDay(new Date('2026-11-30T15:59:59Z'))).toBe('2026-11-30');
    expect(shanghaiDay(new Date('2026-11-30T16:00:00Z'))).toBe('2026-12-01');
  });

  it('cuts periods: weeks from Monday, months, quarters, years', () => {
    expect(periodOf('week', '2026-12-02')).toEqual({ start: '2026-11-30', end: '2026-12-06' });
    expect(periodOf('week', '2026-11-29')).toEqual({ start: '2026-11-23', end: '2026-11-29' });
    expect(periodOf('month', '2028-02-10')).toEqual({ start: '2028-02-01', end: '2028-02-29' });
    expect(periodOf('quarter', '2026-12-02')).toEqual({ start: '2026-10-01', end: '2026-12-31' });
    expect(periodOf('year', '2026-12-02')).toEqual({ start: '2026-01-01', end: '2026-12-31' });
  });

  it('shows what is held, due and overdue as of a day', () => {
    const held = [
      { kind: 'party_masses_council' as const, heldOn: '2026-12-01' },
      { kind: 'weekly_meeting' as const, heldOn: '2026-11-25' },
      { kind: 'daily_contact' as const, heldOn: '2026-12-01' },
      { kind: 'daily_contact' as const, heldOn: '2026-12-03' }, // after asOf: not counted
    ];
    const items = new Map(rhythmSchedule(held, '2026-12-02', '2026-11-01').map((i) => [i.kind, i]));
    expect(items.get('party_masses_council')).toMatchObject({ status: 'held', dueBy: '2026-12-31' });
    // last week had one, this week none yet
    expect(items.get('weekly_meeting')).toMatchObject({ status: 'due', dueBy: '2026-12-06', lastHeldOn: '2026-11-25' });
    // yesterday had one, today none yet
    expect(items.get('daily_contact')).toMatchObject({ status: 'due', lastHeldOn: '2026-12-01' });
    // November passed without a monthly consultation
    expect(items.get('monthly_consultation')).toMatchObject({ status: 'overdue', missedPeriods: 1 });
    // the quarter began before the council: nothing missed yet
    expect(items.get('quarterly_review')).toMatchObject({ status: 'due', missedPeriods: 0, dueBy: '2026-12-31' });
    expect(items.get('yearly_summary')).toMatchObject({ status: 'due', missedPeriods: 0 });
    // weekly: weeks wholly after 2026-11-01 (Sunday): 11-02, 11-09, 11-16, 11-23 → three missed
    expect(items.get('weekly_meeting')?.missedPeriods).toBe(3);
  });

  it('a council started today owes nothing overdue', () => {
    const items = rhythmSchedule([], '2026-12-02', '2026-12-02');
    expect(items.every((i) => i.status === 'due' && i.missedPeriods === 0)).toBe(true);
  });
});
