import { subjectMatches } from '../bus/transport';
import type { EventEnvelope } from '@gz/contracts';
import type { DataSource } from 'typeorm';
import { consumerFilter, EventConsumer } from './event-consumer';
import type { Delivery, EventTransport } from './event-transport';

describe('consumerFilter', () => {
  it('takes one type as its own subject', () => {
    expect(consumerFilter('gz', ['ticket.opened'])).toBe('gz.evt.*.ticket.opened');
  });

  it("takes the types of one aggregate as that aggregate's subjects, and no other aggregate's", () => {
    const filter = consumerFilter('gz', ['ticket.opened', 'ticket.closed']);
    expect(filter).toBe('gz.evt.*.ticket.>');
    expect(subjectMatches(filter, 'gz.evt.s01.ticket.reopened')).toBe(true);
    expect(subjectMatches(filter, 'gz.evt.s01.dispatch.proposed')).toBe(false);
  });

  it('takes every event when the types span aggregates', () => {
    expect(consumerFilter('gz', ['dispatch.proposed', 'assignment.handled'])).toBe('gz.evt.>');
  });
});

describe('EventConsumer handlers', () => {
  const settings = { service: 'evaluation', root: 'gz', maxAttempts: 3, retryBaseMs: 10 };
  const consumer = () => new EventConsumer(settings, {} as DataSource, {} as EventTransport);

  it('keeps a one-statement handler the only handler of its type', () => {
    const a = consumer();
    a.registerStatement('ticket.opened', async () => true);
    expect(() => a.register('ticket.opened', async () => undefined)).toThrow(/only/);
    expect(() => a.registerStatement('ticket.opened', async () => true)).toThrow(/only/);
    const b = consumer();
    b.register('ticket.opened', async () => undefined);
    expect(() => b.registerStatement('ticket.opened', async () => true)).toThrow(/only/);
    expect(a.types).toEqual(['ticket.opened']);
  });

  it('gives a one-statement handler the inbox record for its event, guarded when asked', async () => {
    const a = consumer();
    let sql = '';
    let params: unknown[] = [];
    a.registerStatement('ticket.opened', async (_e, inbox) => {
      ({ sql, params } = inbox.insert(3, 'EXISTS (SELECT 1 FROM c)'));
      return true;
    });
    const envelope = { id: 'e1', type: 'ticket.opened', data: {} } as unknown as EventEnvelope;
    expect(await a.apply(envelope)).toBe(true);
    expect(sql).toContain('INSERT INTO "evaluation".inbox (event_id, type) SELECT $4::uuid, $5::text WHERE EXISTS (SELECT 1 FROM c)');
    expect(sql).toContain('ON CONFLICT DO NOTHING RETURNING event_id');
    expect(params).toEqual(['e1', 'ticket.opened']);
  });

  it('retries an event that found every connection in use without counting an attempt, never dead-lettering it', async () => {
    let deliver: ((d: Delivery) => Promise<void>) | undefined;
    const transport = {
      consume: async (_durable: string, _filter: string, fn: (d: Delivery) => Promise<void>) => {
        deliver = fn;
        return async () => undefined;
      },
    } as unknown as EventTransport;
    const a = new EventConsumer(settings, {} as DataSource, transport);
    a.registerStatement('ticket.opened', async () => {
      throw new Error('timeout exceeded when trying to connect');
    });
    await a.start();
    const envelope = { id: 'e1', type: 'ticket.opened', data: {} } as unknown as EventEnvelope;
    const retry = jest.fn();
    const ack = jest.fn();
    // well past maxAttempts (3): still a retry, the database is up and will have a connection free
    for (let attempt = 1; attempt <= 6; attempt++) await deliver?.({ envelope, attempt, ack, retry });
    expect(retry).toHaveBeenCalledTimes(6);
    expect(retry).toHaveBeenLastCalledWith(2000);
    expect(ack).not.toHaveBeenCalled();
  });
});
