import { TicketingEvents, type EventEnvelope } from '@gz/contracts';
import { projectBatch } from './batch';
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
    const fact = (unit: string, measure: string, basis: string, day: string, facet = '*') =>
      effects.facts.get(
        `day|${unit.split('.').length === 3 ? 'community' : unit.split('.').length === 2 ? 'street' : 'grid'}|${unit}|s01|${day}|${measure}|${basis}|${facet}|false`,
      )?.value;
    expect(fact('d01.s01.c01', 'ticket.opened', 'opened', '2026-03-31')).toBe(1);
    expect(fact('d01.s01.c01', 'ticket.closed', 'closed', '2026-04-02')).toBe(1);
    expect(fact('d01.s01.c01', 'ticket.closed', 'opened', '2026-03-31', 'kind:event')).toBe(1);
    expect(fact('d01.s01', 'ticket.handling_minutes', 'closed', '2026-04-02')).toBe(34 * 60 + 30);
    expect(
      effects.facts.get('month|grid|d01.s01.c01.g01|s01|2026-03-01|ticket.reported|reported|source:resident|false')
        ?.value,
    ).toBe(1);
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
    expect(effects.facts.get('day|street|d01.s01|s01|2026-03-20|ticket.reported|reported|*|true')?.value).toBe(1);
  });
});
