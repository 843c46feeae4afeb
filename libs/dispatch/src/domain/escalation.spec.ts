import { deadlines, decideEscalation } from './escalation';

describe('escalation decisions', () => {
  const due = new Date('2026-05-13T07:30:00Z');

  it('escalates an unacknowledged assignment to the street, then to the district', () => {
    const first = decideEscalation({ kind: 'ack', level: 1, dueAt: due }, 'dispatched', 240);
    expect(first).toEqual({
      escalate: true,
      reason: 'unacknowledged',
      to: 'street',
      level: 1,
      next: { kind: 'ack', level: 2, dueAt: new Date('2026-05-13T11:30:00Z') },
    });
    const second = decideEscalation({ kind: 'ack', level: 2, dueAt: due }, 'dispatched', 240);
    expect(second).toEqual({ escalate: true, reason: 'unacknowledged', to: 'district', level: 2 });
  });

  it('does nothing once the department acknowledged in time', () => {
    expect(decideEscalation({ kind: 'ack', level: 1, dueAt: due }, 'acknowledged', 240).escalate).toBe(false);
  });

  it('escalates overdue work that is acknowledged but not handled', () => {
    expect(decideEscalation({ kind: 'handle', level: 1, dueAt: due }, 'acknowledged', 60)).toMatchObject({
      escalate: true,
      reason: 'overdue',
      to: 'street',
    });
    for (const status of ['handled', 'handed_back', 'withdrawn', 'closed'] as const)
      expect(decideEscalation({ kind: 'handle', level: 1, dueAt: due }, status, 60).escalate).toBe(false);
  });

  it('sets deadlines from the category minutes', () => {
    const at = new Date('2026-05-12T07:30:00Z');
    expect(deadlines(at, 1440, 4320)).toEqual({
      ackDueAt: new Date('2026-05-13T07:30:00Z'),
      handleDueAt: new Date('2026-05-15T07:30:00Z'),
    });
  });
});
