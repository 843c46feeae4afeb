import { SYSTEM_ACTOR } from '@gz/contracts';
import { createTestDatabase, type TestDatabase } from '@gz/testing';
import type { DataSource } from 'typeorm';
import { register } from 'prom-client';
import { openServiceDatabase, Outbox, OutboxRelay, type EventTransport, type OutgoingEvent } from '../src';

const SCHEMA = 'relaytest';
const down = { value: false };
const until = async (what: () => Promise<boolean> | boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!(await what())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
};

/** A transport that refuses the events whose `n` is in `refuse`, and records what it was given. */
function transport(refuse: number[]) {
  const given: number[][] = [];
  const t = {
    kind: 'local',
    publishAll: async (events: ReadonlyArray<OutgoingEvent>) => {
      const ns = events.map((e) => (e.envelope.data as { n: number }).n);
      given.push(ns);
      return ns.map((n): PromiseSettledResult<void> =>
        refuse.includes(n) || down.value
          ? { status: 'rejected', reason: new Error(`no ack for ${n}`) }
          : { status: 'fulfilled', value: undefined },
      );
    },
  } as unknown as EventTransport;
  return { t, given };
}

/** This test's own event, typed by a map of its own. */
interface ThingEvents {
  'thing.happened': { n: number };
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
    const outbox = new Outbox<ThingEvents>(SCHEMA, 'gzt');
    await ds.transaction((m) =>
      outbox.addMany(
        m,
        [1, 2, 3].map((n) => ({ type: 'thing.happened' as const, street: 's01', actor: SYSTEM_ACTOR, data: { n } })),
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

  describe('events handed over at commit', () => {
    const event = (n: number) => ({ type: 'thing.happened' as const, street: 's01', actor: SYSTEM_ACTOR, data: { n } });
    let relay: OutboxRelay;
    let given: number[][];
    let outbox: Outbox<ThingEvents>;

    beforeEach(async () => {
      await ds.query(`DELETE FROM "${SCHEMA}".outbox`);
      down.value = false;
      const recording = transport([]);
      given = recording.given;
      // no poll within the test: what is published came from the hand-over or the start's pass
      relay = new OutboxRelay(SCHEMA, ds, recording.t, db.url, 60_000);
      outbox = new Outbox<ThingEvents>(SCHEMA, 'gzt', relay);
      await relay.start();
      await new Promise((r) => setTimeout(r, 100)); // the start's table pass finds nothing
    });

    afterEach(() => relay.stop());

    it('publishes committed events in commit order without reading them back, and marks them', async () => {
      const passes = jest.spyOn(relay, 'pass');
      await ds.transaction((m) => outbox.addMany(m, [event(1), event(2)]));
      await outbox.add(ds.manager, event(3)); // its own transaction
      await until(async () => (await published()).length === 3);
      expect(given.flat()).toEqual([1, 2, 3]);
      expect(passes).not.toHaveBeenCalled();
      const pending = await ds.query(`SELECT count(*)::int AS n FROM "${SCHEMA}".outbox WHERE published_at IS NULL`);
      expect(pending[0].n).toBe(0);
    });

    it('hands over nothing from a rolled-back transaction or savepoint', async () => {
      await expect(
        ds.transaction(async (m) => {
          await outbox.add(m, event(1));
          throw new Error('changed my mind');
        }),
      ).rejects.toThrow('changed my mind');
      await ds.transaction(async (m) => {
        await outbox.add(m, event(2));
        await m
          .transaction(async (inner) => {
            await outbox.add(inner, event(3));
            throw new Error('not this one');
          })
          .catch(() => undefined);
        await m.transaction((inner) => outbox.add(inner, event(4)));
      });
      await until(async () => (await published()).length === 2);
      await new Promise((r) => setTimeout(r, 100));
      expect(given.flat()).toEqual([2, 4]);
      expect(await published()).toEqual([2, 4]);
    });

    it('leaves what the stream refused to the table, and publishes it in order before newer events', async () => {
      down.value = true;
      await outbox.add(ds.manager, event(1));
      await outbox.add(ds.manager, event(2));
      await until(() => given.flat().includes(1));
      expect(await published()).toEqual([]);
      down.value = false;
      await outbox.add(ds.manager, event(3)); // catching up: goes to the table pass, after 1 and 2
      await until(async () => (await published()).length === 3);
      const all = given.flat();
      expect(all.slice(all.lastIndexOf(1))).toEqual([1, 2, 3]);
      // caught up: the hand-over publishes again
      await outbox.add(ds.manager, event(4));
      await until(async () => (await published()).length === 4);
      expect(given.flat().slice(-1)).toEqual([4]);
    });

    it('publishes each event once while table passes run all the time', async () => {
      await relay.stop();
      const recording = transport([]);
      given = recording.given;
      relay = new OutboxRelay(SCHEMA, ds, recording.t, db.url, 10); // a table pass every 10 ms
      outbox = new Outbox<ThingEvents>(SCHEMA, 'gzt', relay);
      await relay.start();
      await new Promise((r) => setTimeout(r, 100));
      const ns = Array.from({ length: 300 }, (_, i) => i + 1);
      for (let i = 0; i < ns.length; i += 10)
        await Promise.all(ns.slice(i, i + 10).map((n) => ds.transaction((m) => outbox.add(m, event(n)))));
      await until(async () => (await published()).length === ns.length);
      await new Promise((r) => setTimeout(r, 100));
      expect(given.flat().sort((a, b) => a - b)).toEqual(ns);
    });

    it('marks what it published after a delay, many events with one UPDATE, and at once when it stops', async () => {
      await relay.stop();
      const recording = transport([]);
      given = recording.given;
      relay = new OutboxRelay(SCHEMA, ds, recording.t, db.url, 60_000, 300);
      outbox = new Outbox<ThingEvents>(SCHEMA, 'gzt', relay);
      await relay.start();
      await new Promise((r) => setTimeout(r, 100));
      const query = jest.spyOn(ds, 'query');
      const marks = () => query.mock.calls.filter(([sql]) => /SET published_at/.test(String(sql))).length;
      for (let n = 1; n <= 20; n++) await outbox.add(ds.manager, event(n)); // 20 transactions
      await until(() => given.flat().length === 20);
      expect(await published()).toEqual([]); // published, not marked yet
      await until(async () => (await published()).length === 20);
      expect(marks()).toBeLessThanOrEqual(2);
      // a table pass meanwhile leaves the published, unmarked ones alone
      await outbox.add(ds.manager, event(21));
      await until(() => given.flat().includes(21));
      expect(await relay.pass()).toBe(0);
      await relay.stop();
      expect(await published()).toHaveLength(21);
      expect(given.flat()).toHaveLength(21);
    });

    it('marks what waits when it stops, without waiting out its delay', async () => {
      await relay.stop();
      const recording = transport([]);
      given = recording.given;
      relay = new OutboxRelay(SCHEMA, ds, recording.t, db.url, 60_000, 60_000); // would outlast the test
      outbox = new Outbox<ThingEvents>(SCHEMA, 'gzt', relay);
      await relay.start();
      await new Promise((r) => setTimeout(r, 100));
      await outbox.add(ds.manager, event(1));
      await until(() => given.flat().includes(1));
      expect(await published()).toEqual([]);
      await relay.stop();
      expect(await published()).toEqual([1]);
    });

    it('shows its backlog when scraped, and how events reached the stream', async () => {
      const metric = async (name: string, labels: Record<string, string>) =>
        ((await register.getSingleMetric(name)?.get())?.values ?? []).find((v) =>
          Object.entries(labels).every(([k, want]) => (v.labels as Record<string, unknown>)[k] === want),
        )?.value;
      const tableBefore =
        (await metric('gz_outbox_relay_seconds', { service: SCHEMA, path: 'table', le: '+Inf' })) ?? 0;
      down.value = true;
      await outbox.add(ds.manager, event(1));
      await until(() => given.flat().includes(1)); // refused
      expect(await metric('gz_outbox_unpublished', { service: SCHEMA })).toBe(1);
      expect(await metric('gz_outbox_oldest_unpublished_seconds', { service: SCHEMA })).toBeGreaterThanOrEqual(0);
      down.value = false;
      await until(async () => (await relay.pass()) >= 0 && (await published()).length === 1); // a table pass
      expect(await metric('gz_outbox_unpublished', { service: SCHEMA })).toBe(0);
      expect(await metric('gz_outbox_oldest_unpublished_seconds', { service: SCHEMA })).toBe(0);
      expect(await metric('gz_outbox_relay_seconds', { service: SCHEMA, path: 'table', le: '+Inf' })).toBe(
        tableBefore + 1,
      );
      // one read of the outbox serves both backlog gauges of a scrape
      const reads = jest.spyOn(relay, 'backlog');
      await register.metrics();
      expect(reads).toHaveBeenCalledTimes(1);
      await relay.stop();
      expect(await metric('gz_outbox_unpublished', { service: SCHEMA })).toBeUndefined(); // a stopped relay is not read
    });

    it("takes a CLI's rows at once, and another live instance's only once they are old", async () => {
      await ds.query(`DELETE FROM "${SCHEMA}".outbox`);
      const cli = new Outbox<ThingEvents>(SCHEMA, 'gzt'); // no relay of its own: wakes ours with NOTIFY
      await cli.add(ds.manager, event(1));
      const other = new Outbox<ThingEvents>(SCHEMA, 'gzt', { writer: 'elsewhere/1/abc', committed: () => undefined });
      await other.add(ds.manager, event(2));
      await other.add(ds.manager, event(3));
      await until(async () => (await published()).length === 1); // woken by the CLI's NOTIFY
      expect(await published()).toEqual([1]);
      expect(await relay.pass()).toBe(0); // the other instance's rows are fresh: its own to publish
      await ds.query(
        `UPDATE "${SCHEMA}".outbox SET created_at = now() - interval '1 minute' WHERE (envelope->'data'->>'n')::int = 3`,
      );
      expect(await relay.pass()).toBe(1);
      expect(await published()).toEqual([1, 3]);
    });

    it('takes its own row whose hand-over never came, once it is old', async () => {
      await ds.query(`DELETE FROM "${SCHEMA}".outbox`);
      // written under this relay's name, but the hand-over is lost (as if the process stalled)
      const lost = new Outbox<ThingEvents>(SCHEMA, 'gzt', { writer: relay.writer, committed: () => undefined });
      await lost.add(ds.manager, event(1));
      expect(await relay.pass()).toBe(0); // fresh: the hand-over may still come
      await ds.query(`UPDATE "${SCHEMA}".outbox SET created_at = now() - interval '1 minute'`);
      expect(await relay.pass()).toBe(1);
      expect(await published()).toEqual([1]);
    });
  });
});
