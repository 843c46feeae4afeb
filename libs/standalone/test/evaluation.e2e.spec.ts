import { type INestApplication } from '@nestjs/common';
import { eventSubject, TicketingEvents, type EventEnvelope } from '@gz/contracts';
import { evaluationAppModule, seedDemoEvaluation } from '@gz/evaluation';
import { DatabaseRegistry, EVENT_TRANSPORT, newId, type EventTransport } from '@gz/platform';
import {
  bootTestApp,
  createTestDatabase,
  deleteTestStream,
  eventually,
  testBusRoot,
  testEnv,
  type TestDatabase,
} from '@gz/testing';
import request from 'supertest';
import { auth, bootGateway, bootIdentity, bootStandalone, login } from './support';

function reported(root: string): { subject: string; envelope: EventEnvelope; headers: Record<string, string> } {
  const at = '2026-03-05T01:00:00Z';
  const envelope: EventEnvelope = {
    id: newId(),
    type: TicketingEvents.reported,
    version: 1,
    occurredAt: at,
    street: 's01',
    actor: { kind: 'system', id: 'test' },
    data: {
      ticketId: newId(),
      street: 's01',
      gridPath: 'd01.s01.c01.g01',
      categoryCode: 'E0101',
      categoryName: '测试',
      categoryKind: 'event',
      severity: 'normal',
      source: 'resident',
      ackMinutes: 60,
      handleMinutes: 1440,
      gridClosable: false,
      from: null,
      to: 'reported',
      at,
      by: { id: 'test', kind: 'system' },
    },
  };
  return { subject: eventSubject(root, 's01', envelope.type), envelope, headers: {} };
}

const REPORTED = '/api/v1/evaluation/indicators/reported/value?unitKind=community&unit=d01.s01.c01&period=2026-03';

describe('evaluation in standalone mode', () => {
  let db: TestDatabase;
  let app: INestApplication;
  const root = testBusRoot();

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await bootStandalone(testEnv({ databaseUrl: db.url, busRoot: root, nats: false }));
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('serves its indicators and the demo schemes through the gateway, counts what it consumes, and is ready', async () => {
    const evaluation = app.get(DatabaseRegistry).get('evaluation');
    expect(await seedDemoEvaluation(evaluation)).toBe(true);
    expect(await seedDemoEvaluation(evaluation)).toBe(false);
    const { accessToken } = await login(app, 'district-admin');
    const indicators = (
      await request(app.getHttpServer()).get('/api/v1/evaluation/indicators').set(auth(accessToken)).expect(200)
    ).body;
    expect(indicators.find((i: { code: string }) => i.code === 'resolution_rate')).toMatchObject({
      name: '办结率',
      whenDenominatorZero: 'not_applicable',
    });
    const schemes = (
      await request(app.getHttpServer()).get('/api/v1/evaluation/schemes').set(auth(accessToken)).expect(200)
    ).body;
    expect(schemes.map((s: { code: string }) => s.code)).toEqual(['community-2026', 'department-2026']);
    await app.get<EventTransport>(EVENT_TRANSPORT).publishAll([reported(root)]);
    await eventually(async () => {
      const res = await request(app.getHttpServer()).get(REPORTED).set(auth(accessToken)).expect(200);
      return res.body.numerator === 1 ? true : undefined;
    });
    const ready = await request(app.getHttpServer()).get('/health/ready').expect(200);
    expect(JSON.stringify(ready.body)).toContain('evaluation');
  });
});

describe('evaluation as its own process, the gateway and identity apart, over NATS', () => {
  const root = testBusRoot();
  let db: TestDatabase;
  const apps: INestApplication[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    const env = testEnv({ databaseUrl: db.url, busRoot: root, nats: true, extra: { PROJECTION_POLL_MS: '50' } });
    apps.push(await bootIdentity(env));
    apps.push(await bootTestApp({ imports: [evaluationAppModule(env)] }));
    apps.push(await bootGateway(env));
  });

  afterAll(async () => {
    for (const app of apps.reverse()) await app.close();
    await db?.drop();
    await deleteTestStream(root);
  });

  it('consumes an event from JetStream through its durable consumer and answers its figures through the gateway', async () => {
    const [, service, gateway] = apps;
    const { accessToken } = await login(gateway, 'district-admin');
    const event = reported(root);
    // published twice: the stream and the inbox keep one
    await service.get<EventTransport>(EVENT_TRANSPORT).publishAll([event, event]);
    await eventually(async () => {
      const res = await request(gateway.getHttpServer()).get(REPORTED).set(auth(accessToken));
      return res.status === 200 && res.body.numerator === 1 ? res.body : undefined;
    }, 15_000);
    const logged = await service
      .get(DatabaseRegistry)
      .get('evaluation')
      .query(`SELECT count(*)::int AS n FROM "evaluation".event_log`);
    expect(logged[0].n).toBe(1);
  });
});
