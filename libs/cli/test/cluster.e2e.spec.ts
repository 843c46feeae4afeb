import { execFileSync } from 'node:child_process';
import { DispatchEvents, TicketingEvents } from '@gz/contracts';
import { DisposableNatsServer, DisposablePostgres, eventually, PASSWORD, ReportLoad, testBusRoot } from '@gz/testing';
import { Client } from 'pg';
import { Cluster, clusterTopology, clusterValues, migrateAll, repositoryRoot, seedDemo } from '../src';

/**
 * `npm run start:cluster`'s topology (every service and the gateway as its own process, ticketing
 * and dispatch each split into an s01 group and a default group for s02 and `all`) on a
 * nats-server and a PostgreSQL of this test's own, so that killing them touches nothing else.
 * Under a steady load of grid workers' reports, each retried with its Idempotency-Key until
 * accepted: a ticketing and a dispatch process are SIGKILLed and started again, nats-server is
 * killed for ten seconds, PostgreSQL is killed and started again. Then every report exists once,
 * every opened ticket has its dispatch case once, every event reached its consumer, no outbox row
 * is left unpublished and nothing is dead-lettered; and no answer was a 500.
 */
describe('the cluster on one machine', () => {
  const root = repositoryRoot();
  let nats: DisposableNatsServer;
  let pg: DisposablePostgres;
  let cluster: Cluster;
  const logs = new Map<string, string[]>();
  const tokens: Record<string, string> = {};
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  async function sql<T>(text: string, params: unknown[] = []): Promise<T[]> {
    const c = new Client({ connectionString: pg.url });
    await c.connect();
    try {
      return (await c.query(text, params)).rows as T[];
    } finally {
      await c.end();
    }
  }

  async function signIn(username: string): Promise<string> {
    const res = await fetch(`${cluster.gatewayUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: PASSWORD }),
    });
    if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { accessToken: string }).accessToken;
  }

  const api = (path: string, token: string, body?: unknown, headers: Record<string, string> = {}) =>
    fetch(`${cluster.gatewayUrl}/api/v1${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  /** Street tokens an instance answered bus requests for, from its own /metrics. */
  async function servedStreets(name: string, service: string): Promise<Set<string>> {
    const m = cluster.member(name);
    const text = await (await fetch(m.healthUrl.replace('/health/ready', '/metrics'))).text();
    const streets = new Set<string>();
    for (const match of text.matchAll(/^gz_bus_requests_served_total\{([^}]*)\} (\d+)/gm)) {
      const labels = Object.fromEntries([...match[1].matchAll(/(\w+)="([^"]*)"/g)].map((l) => [l[1], l[2]]));
      if (labels.service === service && Number(match[2]) > 0) streets.add(labels.street);
    }
    return streets;
  }

  // a timeout names the processes still not ready
  const allReady = () =>
    eventually(
      async () => {
        const members = cluster.members();
        const ready = await Promise.all(members.map((m) => cluster.isReady(m.name)));
        const waiting = members.filter((_, i) => !ready[i]).map((m) => m.name);
        if (waiting.length > 0) throw new Error(`not ready: ${waiting.join(', ')}`);
        return true;
      },
      60_000,
      'every process to be ready',
    );

  beforeAll(async () => {
    // The processes run the compiled apps: compile what changed.
    execFileSync(process.execPath, ['tools/build.mjs'], { cwd: root, stdio: 'ignore' });
    nats = await DisposableNatsServer.start();
    pg = await DisposablePostgres.start();
    const env: NodeJS.ProcessEnv = {
      BUS_ROOT: testBusRoot(),
      LOG_LEVEL: 'info',
      OTEL_SDK_DISABLED: 'true',
      GZ_DEMO_PASSWORD: PASSWORD,
      DB_POOL_SIZE: '4',
      OUTBOX_POLL_MS: '500',
      EVENT_RETRY_BASE_MS: '200',
      BUS_REQUEST_TIMEOUT_MS: '3000',
      RATE_LIMIT_PER_MINUTE: '1000000',
    };
    await migrateAll(pg.url, env);
    await seedDemo(pg.url, env);
    cluster = await Cluster.start({
      processes: clusterTopology(clusterValues([])),
      databaseUrl: pg.url,
      natsUrl: nats.url,
      env,
      onLine: (name, line) => {
        const kept = logs.get(name) ?? [];
        kept.push(line);
        if (kept.length > 2000) kept.shift();
        logs.set(name, kept);
      },
    });
    for (const user of ['grid-worker', 'grid-worker-s02', 'command-operator', 'street-admin-s02']) tokens[user] = await signIn(user);
  }, 300_000);

  afterAll(async () => {
    await cluster?.stop();
    await nats?.dispose();
    await pg?.dispose();
  }, 60_000);

  it('runs the chart topology: ticketing and dispatch split by street, the rest once', () => {
    expect(cluster.members().map((m) => [m.name, m.app, m.streets])).toEqual([
      ['councils', 'councils', '*'],
      ['dispatch-s01', 'dispatch', 's01'],
      ['dispatch', 'dispatch', 's02,all'],
      ['evaluation', 'evaluation', '*'],
      ['identity', 'identity', '*'],
      ['incubator', 'incubator', '*'],
      ['registry', 'registry', '*'],
      ['ticketing-s01', 'ticketing', 's01'],
      ['ticketing', 'ticketing', 's02,all'],
      ['gateway', 'gateway', '*'],
    ]);
    // each instance says what it subscribed to
    expect(logs.get('ticketing-s01')?.some((l) => l.includes('serving ticketing on') && l.includes('.ticketing.s01.>'))).toBe(true);
    expect(logs.get('dispatch')?.some((l) => /serving dispatch on \S+\.dispatch\.s02\.>, \S+\.dispatch\.all\.>/.test(l))).toBe(true);
  });

  it("answers each street's requests on that street's instances only, by their own metrics", async () => {
    const report = (user: string, gridPath: string, key: string) =>
      api('/tickets', tokens[user], { source: 'grid_patrol', categoryCode: 'E0102', description: '路边暴露垃圾', location: { gridPath }, verified: true }, { 'idempotency-key': key });
    const ids: Record<string, string[]> = { s01: [], s02: [] };
    for (let i = 0; i < 5; i++) {
      const a = await report('grid-worker', 'd01.s01.c01.g01', `route-s01-${i}`);
      const b = await report('grid-worker-s02', 'd01.s02.c01.g01', `route-s02-${i}`);
      expect([a.status, b.status]).toEqual([201, 201]);
      ids.s01.push(((await a.json()) as { id: string }).id);
      ids.s02.push(((await b.json()) as { id: string }).id);
    }
    // a dispatch read on each street (the command centre of s01, the street admin of s02)
    for (const [user, id] of [['command-operator', ids.s01[0]], ['street-admin-s02', ids.s02[0]]] as const) await api(`/tickets/${id}/dispatch`, tokens[user]);

    expect(await servedStreets('ticketing-s01', 'ticketing')).toEqual(new Set(['s01']));
    const ticketingRest = await servedStreets('ticketing', 'ticketing');
    expect(ticketingRest.has('s02')).toBe(true);
    expect(ticketingRest.has('s01')).toBe(false);
    expect(await servedStreets('dispatch-s01', 'dispatch')).toEqual(new Set(['s01']));
    const dispatchRest = await servedStreets('dispatch', 'dispatch');
    expect(dispatchRest.has('s02')).toBe(true);
    expect(dispatchRest.has('s01')).toBe(false);
  });

  it('loses nothing when a service is SIGKILLed, nats-server dies for ten seconds and PostgreSQL is killed, under load', async () => {
    const load = new ReportLoad({
      base: cluster.gatewayUrl,
      reporters: [
        { street: 's01', token: tokens['grid-worker'], gridPath: 'd01.s01.c01.g01' },
        { street: 's02', token: tokens['grid-worker-s02'], gridPath: 'd01.s02.c01.g01' },
      ],
      ratePerS: 20,
      keyPrefix: 'load',
    });
    load.start();
    try {
      await sleep(2000);
      await cluster.kill('ticketing-s01');
      await sleep(1000);
      await cluster.restart('ticketing-s01');
      await sleep(2000);
      await cluster.kill('dispatch');
      await sleep(1000);
      await cluster.restart('dispatch');
      await sleep(2000);
      await nats.kill();
      await sleep(10_000);
      await nats.resume();
      await allReady();
      await sleep(2000);
      await pg.kill();
      await sleep(3000);
      await pg.resume();
      await allReady();
      await sleep(2000);
    } finally {
      await load.stop(45_000);
    }

    // every report was accepted in the end, and no answer on the way was a 500
    expect(load.reports.length).toBeGreaterThan(300);
    const last = new Map(load.attempts.map((a) => [a.key, `${a.status} ${a.code ?? ''}`]));
    expect(load.reports.filter((r) => !r.acceptedAt).map((r) => `${r.key}: ${last.get(r.key)}`)).toEqual([]);
    const statuses = [...new Set(load.attempts.map((a) => a.status))].sort();
    expect(statuses.filter((s) => s >= 500 && s !== 503 && s !== 504)).toEqual([]);
    // the outages were answered as such: 503 unavailable, with Retry-After
    const unavailable = load.attempts.filter((a) => a.status === 503);
    expect(unavailable.length).toBeGreaterThan(0);
    expect(unavailable.every((a) => a.code === 'unavailable' && a.retryAfter === '3')).toBe(true);

    // each report exists once, as the ticket its reporter was answered with
    const keys = await sql<{ key: string; ticket_id: string }>(`SELECT key, ticket_id FROM ticketing.report_key WHERE key LIKE 'load-%'`);
    expect(keys.length).toBe(load.reports.length);
    const answered = new Map(load.reports.map((r) => [r.key, r.ticketId]));
    expect(keys.filter((k) => answered.get(k.key) !== k.ticket_id)).toEqual([]);
    const [{ tickets }] = await sql<{ tickets: number }>(
      `SELECT count(*)::int AS tickets FROM ticketing.ticket t JOIN ticketing.report_key k ON k.ticket_id = t.id WHERE k.key LIKE 'load-%'`,
    );
    expect(tickets).toBe(load.reports.length);

    // every opened ticket gets its dispatch case, once, and ticketing records its proposal once
    await eventually(
      async () => {
        const [row] = await sql<{ missing: number }>(
          `SELECT count(*)::int AS missing FROM ticketing.ticket t
            WHERE t.state <> 'reported'
              AND (NOT EXISTS (SELECT 1 FROM dispatch.dispatch_case c WHERE c.ticket_id = t.id)
                   OR NOT EXISTS (SELECT 1 FROM ticketing.ticket_event e WHERE e.ticket_id = t.id AND e.action = 'proposed'))`,
        );
        return row.missing === 0 ? true : undefined;
      },
      60_000,
      'every opened ticket to have its dispatch case and proposal',
    );
    const [{ opened }] = await sql<{ opened: number }>(
      `SELECT count(*)::int AS opened FROM ticketing.ticket t JOIN ticketing.report_key k ON k.ticket_id = t.id
        WHERE k.key LIKE 'load-%' AND t.state <> 'reported'`,
    );
    expect(opened).toBe(load.reports.length);
    expect(
      await sql(`SELECT ticket_id FROM ticketing.ticket_event WHERE action = 'proposed' GROUP BY ticket_id HAVING count(*) > 1`),
    ).toEqual([]);
    expect(
      await sql(
        `SELECT envelope->'data'->>'ticketId' AS ticket FROM dispatch.outbox WHERE type = $1 GROUP BY 1 HAVING count(*) > 1`,
        [DispatchEvents.proposed],
      ),
    ).toEqual([]);

    // every event reached its consumer: each ticket.opened handled by dispatch, each proposal by ticketing
    const unhandled = () =>
      sql<{ n: number }>(
        `SELECT (SELECT count(*) FROM ticketing.outbox o WHERE o.type = $1 AND NOT EXISTS (SELECT 1 FROM dispatch.inbox i WHERE i.event_id = o.id))
              + (SELECT count(*) FROM dispatch.outbox o WHERE o.type = $2 AND NOT EXISTS (SELECT 1 FROM ticketing.inbox i WHERE i.event_id = o.id)) AS n`,
        [TicketingEvents.opened, DispatchEvents.proposed],
      );
    await eventually(async () => (Number((await unhandled())[0].n) === 0 ? true : undefined), 30_000, 'every event to be handled');

    // no outbox row left unpublished, nothing dead-lettered, in any service's schema
    const schemas = (await sql<{ s: string }>(`SELECT table_schema AS s FROM information_schema.tables WHERE table_name = 'outbox' ORDER BY 1`)).map((r) => r.s);
    expect(schemas).toEqual(expect.arrayContaining(['councils', 'dispatch', 'identity', 'registry', 'ticketing']));
    await eventually(
      async () => {
        const counts = await Promise.all(
          schemas.map(async (s) => (await sql<{ n: number }>(`SELECT count(*)::int AS n FROM "${s}".outbox WHERE published_at IS NULL`))[0].n),
        );
        return counts.every((n) => n === 0) ? true : undefined;
      },
      20_000,
      'every outbox to be published',
    );
    for (const s of schemas) expect([s, (await sql<{ n: number }>(`SELECT count(*)::int AS n FROM "${s}".dead_letter`))[0].n]).toEqual([s, 0]);
  }, 240_000);
});
