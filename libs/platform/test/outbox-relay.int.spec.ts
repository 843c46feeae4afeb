import { SYSTEM_ACTOR } from '@gz/contracts';
import { createTestDatabase, type TestDatabase } from '@gz/testing';
import type { DataSource } from 'typeorm';
import { openServiceDatabase, Outbox, OutboxRelay, type EventTransport, type OutgoingEvent } from '../src';

const SCHEMA = 'relaytest';

/** A transport that refuses the events whose `n` is in `refuse`, and records what it was given. */
function transport(refuse: number[]) {
  const given: number[][] = [];
  const t = {
    kind: 'local',
    publishAll: async (events: ReadonlyArray<OutgoingEvent>) => {
      const ns = events.map((e) => (e.envelope.data as { n: number }).n);
      given.push(ns);
      return ns.map((n): PromiseSettledResult<void> =>
        refuse.includes(n)
          ? { status: 'rejected', reason: new Error(`no ack for ${n}`) }
          : { status: 'fulfilled', value: undefined },
      );
    },
  } as unknown as EventTransport;
  return { t, given };
}

describe('outbox relay, when the stream stores some of a batch', () => {
  let db: TestDatabase;
  let ds: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await openServiceDatabase(db.url, { schema: SCHEMA, entities: [], migrations: [] }, 2);
  });

  afterAll(async () => {
    await ds.destroy();
    await db.drop();
  });

  const published = async () =>
    (
      await ds.query(
        `SELECT (envelope->'data'->>'n')::int AS n FROM "${SCHEMA}".outbox WHERE published_at IS NOT NULL ORDER BY n`,
      )
    ).map((r: { n: number }) => r.n);

  it('marks only the stored ones published, fails the pass, and sends only the rest again', async () => {
    const outbox = new Outbox(SCHEMA, 'gzt');
    await ds.transaction((m) =>
      outbox.addMany(
        m,
        [1, 2, 3].map((n) => ({ type: 'thing.happened', street: 's01', actor: SYSTEM_ACTOR, data: { n } })),
      ),
    );
    const flaky = transport([2]);
    await expect(new OutboxRelay(SCHEMA, ds, flaky.t, db.url, 60_000).pass()).rejects.toThrow('no ack for 2');
    expect(flaky.given).toEqual([[1, 2, 3]]);
    expect(await published()).toEqual([1, 3]);

    const fine = transport([]);
    expect(await new OutboxRelay(SCHEMA, ds, fine.t, db.url, 60_000).pass()).toBe(1);
    expect(fine.given).toEqual([[2]]);
    expect(await published()).toEqual([1, 2, 3]);
  });
});
