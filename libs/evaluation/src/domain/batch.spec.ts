import { TicketingEvents, type EventEnvelope } from '@gz/contracts';
import { addMeasures, projectBatch } from './batch';
import { ProjectionState, type LogEntry } from './projection';

let seq = 0;
function entry(type: string, data: Record<string, unknown>): LogEntry {
  seq += 1;
  const envelope = {
    id: `e${seq}`,
    type,
    version: 1,
    occurredAt: data.at as string,
    street: 's01',
    actor: { kind: 'user', id: 'u1' },
    data,
  } as EventEnvelope;
  return { seq: String(seq), envelope };
}
const ticket = (to: string, at: string, extra: Record<string, unknown> = {}) => ({
  ticketId: '00000000-0000-0000-0000-000000000001',
  street: 's01',
  gridPath: 'd01.s01.c01.g01',
  categoryCode: 'E0101',
  categoryKind: 'event',
  source: 'resident',
  from: null,
  to,
  at,
  by: { id: 'u1', kind: 'user' },
  ...extra,
});

describe('the projection of a batch', () => {
  it('counts a closed ticket by its closing day and by its opening day, per place, with its facets', () => {
    const state = new ProjectionState();
    const effects = projectBatch(
      [
        entry(TicketingEvents.reported, ticket('reported', '2026-03-31T15:00:00Z')),
        entry(TicketingEvents.opened, ticket('opened', '2026-03-31T15:30:00Z')),
        entry(TicketingEvents.closed, ticket('closed', '2026-04-02T02:00:00Z')),
      ],
      state,
    );
    const kindOf = (unit: string) =>
      unit.split('.').length === 3 ? 'community' : unit.split('.').length === 2 ? 'street' : 'grid';
    const fact = (unit: string, measure: string, basis: string, day: string, facet = '*', grain = 'day') =>
      effects.facts.get(`${grain}|${kindOf(unit)}|${unit}|s01|${day}|0`)?.measures[`${measure}|${basis}|${facet}`];
    expect(fact('d01.s01.c01', 'ticket.opened', 'opened', '2026-03-31')).toBe(1);
    expect(fact('d01.s01.c01', 'ticket.closed', 'closed', '2026-04-02')).toBe(1);
    expect(fact('d01.s01.c01', 'ticket.closed', 'opened', '2026-03-31', 'kind:event')).toBe(1);
    expect(fact('d01.s01', 'ticket.handling_minutes', 'closed', '2026-04-02')).toBe(34 * 60 + 30);
    expect(fact('d01.s01.c01.g01', 'ticket.reported', 'reported', '2026-03-01', 'source:resident', 'month')).toBe(1);
    // the month's row sums its days: opened on 31 March, closed on 2 April
    expect(fact('d01.s01.c01', 'ticket.closed', 'opened', '2026-03-01', '*', 'month')).toBe(1);
    expect(fact('d01.s01.c01', 'ticket.closed', 'closed', '2026-04-01', '*', 'month')).toBe(1);
    expect(fact('d01.s01.c01', 'ticket.closed', 'closed', '2026-03-01', '*', 'month')).toBeUndefined();
  });

  it('counts facts of a closed period as late, and a reopening ends that', () => {
    const state = new ProjectionState();
    const closed = entry('evaluation_period.closed', {
      district: 'd01',
      label: '2026-03',
      from: '2026-03-01',
      to: '2026-03-31',
      at: '2026-04-05T00:00:00Z',
    });
    const effects = projectBatch(
      [closed, entry(TicketingEvents.reported, ticket('reported', '2026-03-20T02:00:00Z'))],
      state,
    );
    expect(effects.controls).toHaveLength(1);
    expect(effects.facts.get('day|street|d01.s01|s01|2026-03-20|1')?.measures['ticket.reported|reported|*']).toBe(1);
    expect(effects.facts.get('day|street|d01.s01|s01|2026-03-20|0')).toBeUndefined();
  });

  it('adds two rows of measures key by key, leaves out what comes to zero, and refuses to round', () => {
    expect(addMeasures({ 'a|at|*': 2, 'b|at|*': 1 }, { 'b|at|*': -1, 'c|due|*': 5 })).toEqual({ 'a|at|*': 2, 'c|due|*': 5 });
    expect(() => addMeasures({ 'a|at|*': Number.MAX_SAFE_INTEGER }, { 'a|at|*': 2 })).toThrow(/exact integers/);
  });
});
