import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DatabaseRegistry } from '@gz/platform';
import { deleteTestStream, DisposablePostgres, eventually, testBusRoot, testEnv, TestSession } from '@gz/testing';
import { seedDemoCatalogue } from '@gz/ticketing';
import { bootStandalone } from './support';

/**
 * PostgreSQL stopped under a running platform (every service and the gateway, over NATS), on a
 * server of this test's own: the answers are 503 problem+json naming PostgreSQL with a
 * Retry-After, never 500; readiness is false until it is back; then everything works again and a
 * report retried with its Idempotency-Key exists once.
 */
describe('PostgreSQL down under a running platform', () => {
  const root = testBusRoot();
  let pg: DisposablePostgres;
  let app: NestFastifyApplication;
  const s = new TestSession(() => app);
  const warnings: string[] = [];
  const notes: string[] = [];

  const report = (key: string) =>
    s
      .http()
      .post('/api/v1/tickets')
      .set(s.as('grid-worker'))
      .set('idempotency-key', key)
      .send({ source: 'grid_patrol', categoryCode: 'E0102', description: '路边暴露垃圾', location: { gridPath: 'd01.s01.c01.g01' } });

  beforeAll(async () => {
    pg = await DisposablePostgres.start();
    app = await bootStandalone(testEnv({ databaseUrl: pg.url, busRoot: root, nats: true, extra: { DB_POOL_SIZE: '2' } }));
    await seedDemoCatalogue(app.get(DatabaseRegistry).get('ticketing'));
    await s.signIn('grid-worker', 'command-operator');
    jest.spyOn(Logger.prototype, 'warn').mockImplementation((message: unknown) => void warnings.push(String(message)));
    jest.spyOn(Logger.prototype, 'log').mockImplementation((message: unknown) => void notes.push(String(message)));
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    if (!pg.running) await pg.resume();
    await app.close();
    await pg.dispose();
    await deleteTestStream(root);
  });

  it('is answered 503 with Retry-After and named, readiness goes false, and both come back', async () => {
    expect((await report('before-the-outage')).status).toBe(201);
    await s.http().get('/health/ready').expect(200);

    await pg.stop('immediate');
    const refused = await report('during-the-outage');
    expect(refused.status).toBe(503);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.headers['retry-after']).toBe('3');
    expect(refused.body).toMatchObject({
      status: 503,
      code: 'unavailable',
      detail: expect.stringContaining('PostgreSQL'),
      details: { dependency: 'postgresql' },
    });
    // a read and a sign-in (identity's own schema) alike
    const read = await s.http().get('/api/v1/tickets').set(s.as('command-operator'));
    expect([read.status, read.body.code]).toEqual([503, 'unavailable']);
    const login = await s.http().post('/api/v1/auth/login').send({ username: 'grid-worker', password: 'x' });
    expect([login.status, login.body.code]).toEqual([503, 'unavailable']);
    const ready = await s.http().get('/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.headers['retry-after']).toBe('3');
    expect(ready.body.details.checks.db_ticketing).toMatchObject({ status: 'down', dependency: 'postgresql' });
    expect(ready.body.details.checks.bus).toMatchObject({ status: 'up' });
    expect(warnings.some((w) => /PostgreSQL unavailable/.test(w))).toBe(true);
    expect(warnings.some((w) => /not ready: PostgreSQL \(ticketing\) unavailable/.test(w))).toBe(true);

    await pg.resume();
    // The pool reconnects on the next request; the same key is accepted once the database is back.
    const accepted = await eventually(async () => {
      const res = await report('during-the-outage');
      return res.status === 201 ? res : undefined;
    }, 20_000, 'the report to be accepted again');
    await eventually(async () => ((await s.http().get('/health/ready')).status === 200 ? true : undefined), 10_000, 'readiness');
    expect(notes.some((w) => /ready again: PostgreSQL \(ticketing\) is back/.test(w))).toBe(true);
    const again = await report('during-the-outage');
    expect(again.body).toMatchObject({ id: accepted.body.id, created: false });

    const tickets = await s.http().get('/api/v1/tickets').set(s.as('command-operator')).expect(200);
    expect(tickets.body.total).toBe(2);
  });

  it('with every connection of a service in use: 503 "busy" (not "unavailable"), and readiness stays true while connections are given back', async () => {
    // the ticketing service's pool has 2 connections (DB_POOL_SIZE): both held by long queries
    const ticketing = app.get(DatabaseRegistry).get('ticketing');
    await s.http().get('/health/ready').expect(200);
    await ticketing.query('SELECT 1'); // a connection given back just now: the pool is working
    const since = Date.now();
    const held = [ticketing.query('SELECT pg_sleep(6)'), ticketing.query('SELECT pg_sleep(6)')];
    try {
      const ready = await s.http().get('/health/ready').expect(200);
      expect(ready.body.details.db_ticketing).toMatchObject({ status: 'up', busy: true });
      const busy = await s.http().get('/api/v1/tickets').set(s.as('command-operator'));
      expect(busy.status).toBe(503);
      expect(busy.headers['retry-after']).toBe('3');
      expect(busy.body).toMatchObject({
        code: 'unavailable',
        detail: 'The service is busy: all its PostgreSQL connections are in use; try again shortly',
        details: { dependency: 'postgresql', reason: 'busy' },
      });
      expect(warnings.some((w) => /PostgreSQL connections all in use/.test(w))).toBe(true);
      // full and nothing given back for longer than the probe's 2 s: as from a database gone quiet, not ready
      await new Promise((r) => setTimeout(r, Math.max(0, since + 2300 - Date.now())));
      const quiet = await s.http().get('/health/ready');
      expect(quiet.status).toBe(503);
      expect(quiet.body.details.checks.db_ticketing).toMatchObject({ status: 'down' });
    } finally {
      await Promise.all(held);
    }
    await s.http().get('/api/v1/tickets').set(s.as('command-operator')).expect(200);
  });
});
