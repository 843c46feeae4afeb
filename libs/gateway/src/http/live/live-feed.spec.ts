import type { EventEnvelope } from '@gz/contracts';
import { LocalEventTransport, type PlatformConfig } from '@gz/platform';
import { LiveFeed, RecentIds } from './live.controller';

const envelope = (id: string): EventEnvelope => ({
  id,
  type: 'ticket.reported',
  version: 1,
  occurredAt: '2026-11-23T09:00:00.000Z',
  street: 's01',
  actor: { kind: 'user', id: 'u1' },
  data: { ticketId: 't1' },
});

describe('RecentIds', () => {
  it('knows an id seen among the last ones, and forgets the oldest', () => {
    const recent = new RecentIds(2);
    expect(recent.add('a')).toBe(true);
    expect(recent.add('a')).toBe(false);
    expect(recent.add('b')).toBe(true);
    expect(recent.add('c')).toBe(true); // 'a' is forgotten
    expect(recent.add('b')).toBe(false);
    expect(recent.add('a')).toBe(true);
  });
});

describe('LiveFeed', () => {
  it('gives screens an event published twice (a relay restarting) once', async () => {
    const bus = new LocalEventTransport();
    const feed = new LiveFeed(bus, { BUS_ROOT: 'gz' } as PlatformConfig);
    const seen: string[] = [];
    const sub = (await feed.open()).subscribe((e) => seen.push(e.id));
    await bus.publish('gz.evt.s01.ticket.reported', envelope('e1'));
    await bus.publish('gz.evt.s01.ticket.reported', envelope('e1'));
    await bus.publish('gz.evt.s01.ticket.reported', envelope('e2'));
    expect(seen).toEqual(['e1', 'e2']);
    sub.unsubscribe();
    await feed.onModuleDestroy();
  });
});
