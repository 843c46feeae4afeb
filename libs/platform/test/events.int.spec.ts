import { Injectable, Module, type INestApplication } from '@nestjs/common';
import {
  deadLetterRoutes,
  eventStreamName,
  SYSTEM_ACTOR,
  type Actor,
  type EventEnvelope,
} from '@gz/contracts';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { randomUUID } from 'node:crypto';
import { connect } from '@nats-io/transport-node';
import {
  bootTestApp,
  createTestDatabase,
  deleteTestStream,
  DisposableNatsServer,
  eventually,
  testBusRoot,
  testEnv,
  TEST_NATS_URL,
  type TestDatabase,
} from '@gz/testing';
import { register } from 'prom-client';
import { DataSource, type EntityManager, type MigrationInterface, type QueryRunner } from 'typeorm';
import {
  BusClient,
  BusError,
  EVENT_TRANSPORT,
  eventDecorators,
  Outbox,
  PlatformModule,
  ServiceModule,
  type EventTransport,
  type InboxRecord,
} from '../src';
import { NatsConnector } from '../src/bus/nats-connector';
import type { Delivery } from '../src/events/event-transport';
import { JetStreamEventTransport } from '../src/events/jetstream-transport';

/** This test's own events: the platform's machinery, typed by a map of its own. */
interface ThingEvents {
  'thing.happened': { n: number; poison?: boolean };
  'thing.counted': { n: number };
}
const { OnEvent, OnEventInOneStatement } = eventDecorators<ThingEvents>();

/** Whether the consumer's bug is fixed; poison events fail until it is. */
const bug = { fixed: false };

class SeenTable1763856000001 implements MigrationInterface {
  name = 'SeenTable1763856000001';
  async up(q: QueryRunner) {
    await q.query('CREATE TABLE evaluation.seen (event_id uuid NOT NULL, n int NOT NULL)');
  }
  async down(q: QueryRunner) {
    await q.query('DROP TABLE evaluation.seen');
  }
}

@Injectable()
class SeenHandler {
  @OnEvent('thing.happened')
  async onThing(envelope: EventEnvelope<{ n: number; poison?: boolean }>, m: EntityManager) {
    await m.query('INSERT INTO evaluation.seen (event_id, n) VALUES ($1, $2)', [envelope.id, envelope.data.n]);
    if (envelope.data.poison && !bug.fixed) throw new Error('cannot handle this yet');
  }
}

/** Counts an event in one statement with its inbox record: no transaction. */
@Injectable()
class CountedHandler {
  constructor(private readonly dataSource: DataSource) {}

  @OnEventInOneStatement('thing.counted')
  async onCounted(envelope: EventEnvelope<{ n: number }>, inbox: InboxRecord): Promise<boolean> {
    const record = inbox.insert(0);
    const rows: unknown[] = await this.dataSource.query(
      `WITH i AS (${record.sql})
       INSERT INTO evaluation.seen (event_id, n) SELECT $1::uuid, $3::int WHERE EXISTS (SELECT 1 FROM i) RETURNING n`,
      [...record.params, envelope.data.n],
    );
    return rows.length > 0;
  }
}

@Injectable()
class Producer {
  constructor(
    readonly dataSource: DataSource,
    private readonly outbox: Outbox<ThingEvents>,
  ) {}

  happenMany(ns: number[], occurredAt: Date) {
    return this.dataSource.transaction((m) =>
      this.outbox.addMany(
        m,
        ns.map((n) => ({ type: 'thing.happened' as const, street: 's01', actor: SYSTEM_ACTOR, data: { n }, occurredAt })),
      ),
    );
  }

  count(n: number) {
    return this.dataSource.transaction((m) =>
      this.outbox.add(m, { type: 'thing.counted', street: 's01', actor: SYSTEM_ACTOR, data: { n } }),
    );
  }

  happen(n: number, poison = false) {
    return this.dataSource.transaction((m) =>
      this.outbox.add(m, { type: 'thing.happened', street: 's01', actor: SYSTEM_ACTOR, data: { n, poison } }),
    );
  }
}

@Module({
  imports: [ServiceModule.forService({ service: 'registry', entities: [], migrations: [] })],
  providers: [Producer],
  exports: [Producer],
})
class ProducerModule {}

@Module({
  imports: [
    ServiceModule.forService({
      service: 'evaluation',
      entities: [],
      migrations: [SeenTable1763856000001],
      eventHandlers: [SeenHandler, CountedHandler],
    }),
  ],
  providers: [SeenHandler, CountedHandler],
})
class ConsumerModule {}

const admin: Actor = { kind: 'user', id: 'admin', roles: ['district_admin'], scopes: ['d01'] };
const deadLetters = deadLetterRoutes('evaluation').deadLetterList;
const replay = { service: 'evaluation', action: 'ops.dead-letters.replay' } as const;

async function seen(app: INestApplication, n: number): Promise<number> {
  const rows = await app
    .get(Producer)
    .dataSource.query('SELECT count(*)::int AS c FROM evaluation.seen WHERE n = $1', [n]);
  return rows[0].c as number;
}

/** A histogram's count for the given labels (summed over the others), from the process's metrics. */
async function observed(metric: string, labels: Record<string, string>): Promise<number> {
  const values = ((await register.getSingleMetric(metric)?.get())?.values ?? []) as Array<{
    metricName?: string;
    labels: Record<string, unknown>;
    value: number;
  }>;
  return values
    .filter((v) => v.metricName === `${metric}_count` && Object.entries(labels).every(([k, want]) => v.labels[k] === want))
    .reduce((sum, v) => sum + v.value, 0);
}

/** A counter's value for the given labels (summed over the others). */
async function counted(metric: string, labels: Record<string, string>): Promise<number> {
  const values = ((await register.getSingleMetric(metric)?.get())?.values ?? []) as Array<{
    labels: Record<string, unknown>;
    value: number;
  }>;
  return values
    .filter((v) => Object.entries(labels).every(([k, want]) => v.labels[k] === want))
    .reduce((sum, v) => sum + v.value, 0);
}

async function boot(env: NodeJS.ProcessEnv) {
  return bootTestApp({
    imports: [PlatformModule.forRoot({ app: 'events-test', env }), ProducerModule, ConsumerModule],
  });
}

describe.each([
  ['in-process', false],
  ['JetStream', true],
])('events over %s', (_name, nats) => {
  const root = testBusRoot();
  let db: TestDatabase;
  let app: INestApplication;

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await boot(testEnv({ databaseUrl: db.url, busRoot: root, nats, extra: { EVENT_MAX_ATTEMPTS: '3' } }));
  });

  afterAll(async () => {
    await app.close();
    await db.drop();
    if (nats) await deleteTestStream(root);
  });

  it('delivers a committed event to the consumer and marks it published', async () => {
    const waited = await observed('gz_event_wait_seconds', { service: 'evaluation' });
    const relayed = await observed('gz_outbox_relay_seconds', { service: 'registry' });
    const event = await app.get(Producer).happen(1);
    await eventually(async () => ((await seen(app, 1)) === 1 ? true : undefined), 10_000, 'the event to be handled');
    // what an operator graphs: the relay's time to the stream, and the event's wait for its consumer
    // (the relay observes once the stream, or in process every consumer, has the event)
    await eventually(async () =>
      (await observed('gz_outbox_relay_seconds', { service: 'registry' })) === relayed + 1 ? true : undefined,
    );
    expect(await observed('gz_event_wait_seconds', { service: 'evaluation' })).toBe(waited + 1);
    // The relay marks the row once the stream (or every local consumer) has it: possibly just after.
    await eventually(
      async () => {
        const [row] = await app
          .get(Producer)
          .dataSource.query('SELECT published_at FROM registry.outbox WHERE id = $1', [event.id]);
        return row.published_at ?? undefined;
      },
      5_000,
      'the outbox row to be marked published',
    );
  });

  it('writes many events in one statement, delivered in order with their own times', async () => {
    const producer = app.get(Producer);
    const at = new Date('2026-03-01T08:00:00.000Z');
    const events = await producer.happenMany([101, 102, 103], at);
    expect(events.map((e) => e.occurredAt)).toEqual([at.toISOString(), at.toISOString(), at.toISOString()]);
    expect([...events.map((e) => e.id)].sort()).toEqual(events.map((e) => e.id));
    for (const n of [101, 102, 103]) await eventually(async () => ((await seen(app, n)) === 1 ? true : undefined));
    const rows = await producer.dataSource.query(
      `SELECT envelope->'data'->>'n' AS n FROM registry.outbox WHERE id = ANY($1::uuid[]) ORDER BY id`,
      [events.map((e) => e.id)],
    );
    expect(rows.map((r: { n: string }) => Number(r.n))).toEqual([101, 102, 103]);
  });

  it('does not publish an event whose transaction rolled back', async () => {
    const producer = app.get(Producer);
    const outbox = app.get<Outbox<ThingEvents>>(Outbox);
    await expect(
      producer.dataSource.transaction(async (m) => {
        await outbox.add(m, { type: 'thing.happened', street: 's01', actor: SYSTEM_ACTOR, data: { n: 2 } });
        throw new Error('the state change failed');
      }),
    ).rejects.toThrow('the state change failed');
    await producer.happen(3);
    await eventually(async () => ((await seen(app, 3)) === 1 ? true : undefined));
    expect(await seen(app, 2)).toBe(0);
  });

  it('applies a redelivered event once', async () => {
    const event = await app.get(Producer).happen(4);
    await eventually(async () => ((await seen(app, 4)) === 1 ? true : undefined));
    if (nats) {
      // A redelivery from the stream: same event, new stream message.
      const nc = await connect({ servers: TEST_NATS_URL });
      await jetstream(nc).publish(`${root}.evt.s01.thing.happened`, JSON.stringify(event), {
        msgID: `${event.id}-again`,
      });
      await nc.close();
    } else {
      await app.get<EventTransport>(EVENT_TRANSPORT).publish(`${root}.evt.s01.thing.happened`, event, {});
    }
    await app.get(Producer).happen(5);
    await eventually(async () => ((await seen(app, 5)) === 1 ? true : undefined));
    expect(await seen(app, 4)).toBe(1);
  });

  it('applies a redelivered event once when its handler writes in one statement with the inbox', async () => {
    const duplicates = () => counted('gz_events_handled_total', { type: 'thing.counted', outcome: 'duplicate' });
    const before = await duplicates();
    const event = await app.get(Producer).count(8);
    await eventually(async () => ((await seen(app, 8)) === 1 ? true : undefined), 10_000, 'the event to be counted');
    if (nats) {
      const nc = await connect({ servers: TEST_NATS_URL });
      await jetstream(nc).publish(`${root}.evt.s01.thing.counted`, JSON.stringify(event), { msgID: `${event.id}-again` });
      await nc.close();
    } else {
      await app.get<EventTransport>(EVENT_TRANSPORT).publish(`${root}.evt.s01.thing.counted`, event, {});
    }
    await eventually(async () => ((await duplicates()) === before + 1 ? true : undefined), 10_000, 'the repeat to be seen');
    expect(await seen(app, 8)).toBe(1);
  });

  it('dead-letters a poison event after its retries, and replays it once fixed', async () => {
    bug.fixed = false;
    const poison = await app.get(Producer).happen(6, true);
    const bus = app.get(BusClient);
    const letters = await eventually(
      async () => {
        const page = await bus.request(deadLetters, 'all', {}, { actor: admin });
        return page.items.find((d) => d.eventId === poison.id);
      },
      15_000,
      'the dead letter',
    );
    expect(letters).toMatchObject({
      type: 'thing.happened',
      attempts: 3,
      error: 'cannot handle this yet',
      replayedAt: null,
    });
    expect(await seen(app, 6)).toBe(0);
    // Later events still flow.
    await app.get(Producer).happen(7);
    await eventually(async () => ((await seen(app, 7)) === 1 ? true : undefined));

    const denied = (await bus
      .request(deadLetters, 'all', {}, { actor: { ...admin, roles: ['grid_worker'] } })
      .catch((e) => e)) as BusError;
    expect(denied.body.code).toBe('forbidden');

    bug.fixed = true;
    expect(await bus.request(replay, 'all', { id: letters.id }, { actor: admin })).toEqual({
      replayed: true,
      applied: true,
    });
    expect(await seen(app, 6)).toBe(1);
    const again = (await bus.request(replay, 'all', { id: letters.id }, { actor: admin }).catch((e) => e)) as BusError;
    expect(again.body.code).toBe('conflict');
  });
});

describe('events while NATS is down', () => {
  const root = testBusRoot();
  let db: TestDatabase;
  let nats: DisposableNatsServer;
  let app: INestApplication;

  beforeAll(async () => {
    db = await createTestDatabase();
    nats = await DisposableNatsServer.start();
    app = await boot(testEnv({ databaseUrl: db.url, busRoot: root, nats: true, extra: { NATS_URL: nats.url } }));
  });

  afterAll(async () => {
    await app.close();
    await db.drop();
    await nats.dispose();
  });

  it('publishes an event committed during the outage once NATS is back', async () => {
    await app.get(Producer).happen(10);
    await eventually(async () => ((await seen(app, 10)) === 1 ? true : undefined));

    await nats.stop();
    const event = await app.get(Producer).happen(11);
    await new Promise((r) => setTimeout(r, 1000));
    const [pending] = await app
      .get(Producer)
      .dataSource.query('SELECT published_at FROM registry.outbox WHERE id = $1', [event.id]);
    expect(pending.published_at).toBeNull();
    expect(await seen(app, 11)).toBe(0);

    await nats.resume();
    await eventually(
      async () => ((await seen(app, 11)) === 1 ? true : undefined),
      20_000,
      'the event after the outage',
    );
  });
});

/** An event as a transport carries it, straight onto the stream. */
const envelope = (type: string): EventEnvelope => ({
  id: randomUUID(),
  type,
  version: 1,
  occurredAt: new Date().toISOString(),
  street: 's01',
  actor: SYSTEM_ACTOR,
  data: {},
});

describe('acknowledgements to the stream', () => {
  const root = testBusRoot();
  afterAll(() => deleteTestStream(root));

  it('reach the server for every handled event, also when the consumer stops just after', async () => {
    const connector = new NatsConnector(TEST_NATS_URL, 'ack-test');
    const transport = new JetStreamEventTransport(connector, root, 4);
    let handled = 0;
    const deliver = async (d: Delivery) => {
      handled++;
      d.ack();
    };
    // the stream as an operator sees it, on a connection of its own
    const watcher = await connect({ servers: TEST_NATS_URL });
    try {
      const jsm = await jetstreamManager(watcher);
      const consumer = () => jsm.consumers.info(eventStreamName(root), 'acks').catch(() => undefined);
      const stop = await transport.consume('acks', `${root}.evt.>`, deliver);
      await eventually(async () => ((await consumer()) ? true : undefined), 10_000, 'the consumer');
      for (let i = 0; i < 5; i++) await transport.publish(`${root}.evt.s01.ticket.opened`, envelope('ticket.opened'), {});
      await eventually(async () => (handled === 5 ? true : undefined), 10_000, 'five events handled');
      await eventually(async () => ((await consumer())?.num_ack_pending === 0 ? true : undefined), 2_000, 'five acks');
      // one more, and the service shuts down as soon as it is handled: its ack still goes out
      await transport.publish(`${root}.evt.s01.ticket.opened`, envelope('ticket.opened'), {});
      await eventually(async () => (handled === 6 ? true : undefined), 10_000, 'the sixth event handled');
      await stop();
      await connector.close();
      await eventually(async () => ((await consumer())?.num_ack_pending === 0 ? true : undefined), 2_000, 'the last ack');
      expect((await consumer())?.delivered.consumer_seq).toBe(6);
    } finally {
      await connector.close();
      await watcher.close();
    }
  });
});

describe('a durable consumer whose filter changed between releases', () => {
  const root = testBusRoot();
  afterAll(() => deleteTestStream(root));

  it('keeps its durable and moves to the new filter', async () => {
    const connector = new NatsConnector(TEST_NATS_URL, 'filter-test');
    const transport = new JetStreamEventTransport(connector, root, 4);
    const got: string[] = [];
    const deliver = async (d: Delivery) => {
      got.push(d.envelope.type);
      d.ack();
    };
    try {
      const nc = await connector.ready;
      const jsm = await jetstreamManager(nc);
      const filterNow = () =>
        jsm.consumers
          .info(eventStreamName(root), 'svc')
          .then((i) => i.config.filter_subject)
          .catch(() => undefined);
      const stopOld = await transport.consume('svc', `${root}.evt.>`, deliver);
      await eventually(
        async () => ((await filterNow()) === `${root}.evt.>` ? true : undefined),
        10_000,
        'the first release',
      );
      // Handled by the first release: the durable keeps its position, so it never comes again.
      await transport.publish(`${root}.evt.s01.ticket.opened`, envelope('ticket.opened'), {});
      await eventually(async () => (got.length === 1 ? true : undefined), 10_000, 'the first release to handle');
      await stopOld();
      const stopNew = await transport.consume('svc', `${root}.evt.*.ticket.>`, deliver);
      await eventually(
        async () => ((await filterNow()) === `${root}.evt.*.ticket.>` ? true : undefined),
        10_000,
        'the filter to move',
      );
      await transport.publish(`${root}.evt.s01.dispatch.proposed`, envelope('dispatch.proposed'), {});
      await transport.publish(`${root}.evt.s01.ticket.opened`, envelope('ticket.opened'), {});
      await eventually(async () => (got.length >= 2 ? true : undefined), 10_000, 'the ticket event');
      await new Promise((r) => setTimeout(r, 300));
      expect(got).toEqual(['ticket.opened', 'ticket.opened']);
      await stopNew();
    } finally {
      await connector.close();
    }
  });
});
