import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DatabaseRegistry } from '@gz/platform';
import { createTestDatabase, eventually, testBusRoot, testEnv, TestSession, type TestDatabase } from '@gz/testing';
import { bootEvaluation, publish, settled, ticketEvents } from './factories';

const MARCH = { reportedAt: '2026-03-05T01:00:00Z', openedAt: '2026-03-05T02:00:00Z' };

/** A district's own indicator from the built-in measures: of what was reported (with a filter), how much was closed. */
const ownRate = (code: string, name: string, facet: string) => ({
  code,
  name,
  description: `${name}：期内上报的件中已结案的比例。`,
  unitKinds: ['street', 'community', 'grid'],
  rule: {
    kind: 'ratio',
    numerator: { measure: 'ticket.closed', basis: 'reported', facet },
    denominator: { measure: 'ticket.reported', basis: 'reported', facet },
    scale: 100,
  },
  higherIsBetter: true,
  decimals: 1,
  unit: '%',
});

describe('the figures the seeds quote, from a scripted scenario, through the gateway', () => {
  let db: TestDatabase;
  let app: NestFastifyApplication;
  const s = new TestSession(() => app);
  const value = (code: string, q: Record<string, string>) =>
    s.http().get(`/api/v1/evaluation/indicators/${code}/value`).query(q).set(s.as('district-admin')).expect(200);

  beforeAll(async () => {
    db = await createTestDatabase();
    const env = testEnv({
      databaseUrl: db.url,
      busRoot: testBusRoot(),
      nats: false,
      extra: { RATE_LIMIT_PER_MINUTE: '100000', PROJECTION_POLL_MS: '50', PROJECTION_BATCH: '20000' },
    });
    app = await bootEvaluation(env);
    await s.signIn('district-admin');
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('1,167 requests collected and 987 resolved: 84.6%', async () => {
    const events = [];
    for (let i = 0; i < 1167; i++)
      events.push(
        ...ticketEvents({
          gridPath: `d01.s01.c01.g0${(i % 3) + 1}`,
          source: 'resident',
          ...MARCH,
          closedAt: i < 987 ? '2026-03-09T02:00:00Z' : undefined,
        }),
      );
    await publish(app, events);
    await settled(app);
    const res = await value('resolution_rate', { unitKind: 'community', unit: 'd01.s01.c01', period: '2026-03' });
    expect(res.body).toMatchObject({
      numerator: 987,
      denominator: 1167,
      applicable: true,
      value: { fraction: '987/1167', shown: '84.6' },
      shown: '84.6%',
    });
  });

  it('451 events reported and 291 resolved in one street: 64.5%', async () => {
    await s
      .http()
      .post('/api/v1/evaluation/indicators')
      .set(s.as('district-admin'))
      .send(ownRate('event_resolution_rate', '事件类办结率', 'kind:event'))
      .expect(201);
    const events = [];
    for (let i = 0; i < 451; i++)
      events.push(
        ...ticketEvents({
          gridPath: `d01.s02.c0${(i % 2) + 1}.g01`,
          kind: 'event',
          reportedAt: '2026-03-02T01:00:00Z',
          closedAt: i < 291 ? '2026-03-20T02:00:00Z' : undefined,
        }),
      );
    // components of the same street are not events: the filter leaves them out
    for (let i = 0; i < 40; i++)
      events.push(
        ...ticketEvents({ gridPath: 'd01.s02.c01.g01', kind: 'component', reportedAt: '2026-03-02T01:00:00Z' }),
      );
    await publish(app, events);
    await settled(app);
    const res = await value('event_resolution_rate', { unitKind: 'street', unit: 'd01.s02', period: '2026-03' });
    expect(res.body).toMatchObject({
      numerator: 291,
      denominator: 451,
      value: { fraction: '291/451', shown: '64.5' },
      shown: '64.5%',
    });
  });

  it('194,700 hazards found and 192,300 fixed in three months, written straight into the history and rebuilt: 98.8%', async () => {
    await s
      .http()
      .post('/api/v1/evaluation/indicators')
      .set(s.as('district-admin'))
      .send(ownRate('hazard_fix_rate', '隐患整改率', 'source:grid_patrol'))
      .expect(201);
    const ds = app.get(DatabaseRegistry).get('evaluation');
    const envelope = (kind: 'r' | 'c', type: string, to: string, hours: string) => `
      jsonb_build_object('id', md5('${kind}' || i)::uuid, 'type', '${type}', 'version', 1, 'occurredAt', to_char(t + interval '${hours} hours', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
        'street', 's03', 'actor', jsonb_build_object('kind', 'system', 'id', 'history'),
        'data', jsonb_build_object('ticketId', md5('t' || i)::uuid, 'street', 's03', 'gridPath', 'd01.s03.c0' || (i % 4 + 1) || '.g0' || (i % 3 + 1),
          'categoryCode', 'E0101', 'categoryKind', 'event', 'categoryName', '安全隐患', 'severity', 'normal', 'source', 'grid_patrol',
          'ackMinutes', 60, 'handleMinutes', 1440, 'gridClosable', true, 'from', null, 'to', '${to}',
          'at', to_char(t + interval '${hours} hours', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), 'by', jsonb_build_object('id', 'patrol', 'kind', 'system')))`;
    await ds.transaction(async (m) => {
      // as every append does: the log's lock, shared, so the projector never passes an entry still being written
      await m.query(`SELECT pg_advisory_xact_lock_shared(hashtext('gz-evaluation-log'))::text`);
      for (const [kind, type, to, hours, count] of [
        ['r', 'ticket.reported', 'reported', '0', 194_700],
        ['c', 'ticket.closed', 'closed', '30', 192_300],
      ] as const)
        await m.query(
          `INSERT INTO "evaluation".event_log (event_id, type, street, occurred_at, envelope)
           SELECT (e->>'id')::uuid, e->>'type', 's03', (e->>'occurredAt')::timestamptz, e
             FROM (SELECT ${envelope(kind, type, to, hours)} AS e
                     FROM (SELECT i, timestamptz '2026-01-01 01:00:00Z' + (i * 89 / ${count}) * interval '1 day' AS t FROM generate_series(1, ${count}) i) g) x`,
        );
    });
    await settled(app);
    const q = { unitKind: 'street', unit: 'd01.s03', period: '2026-Q1' };
    const live = (await value('hazard_fix_rate', q)).body;
    expect(live).toMatchObject({
      numerator: 192_300,
      denominator: 194_700,
      value: { fraction: '192300/194700', shown: '98.8' },
      shown: '98.8%',
    });
    const started = (await s.http().post('/api/v1/evaluation/rebuilds').set(s.as('district-admin')).expect(202)).body;
    await eventually(
      async () => {
        const gens = (await s.http().get('/api/v1/evaluation/rebuilds').set(s.as('district-admin')).expect(200)).body;
        return gens.length === 1 && gens[0].generation === started.generation && gens[0].state === 'live'
          ? true
          : undefined;
      },
      540_000,
      'the rebuild to replace the live projection',
    );
    expect((await value('hazard_fix_rate', q)).body).toEqual(live);
    expect(
      (await value('resolution_rate', { unitKind: 'community', unit: 'd01.s01.c01', period: '2026-03' })).body.shown,
    ).toBe('84.6%');
  }, 900_000);
});
