/**
 * The tickets benchmark (issue 4, "Figures to report"):
 * `node tools/build.mjs && node --enable-source-maps dist/bench/tickets/tickets-bench.js`.
 *
 * The platform over NATS: identity, ticketing, dispatch and the gateway as separate processes
 * (BENCH_TOPOLOGY=services, the default) or all in this process as `npm start` boots them
 * (BENCH_TOPOLOGY=standalone); demo district, catalogue and responsibility lists seeded. Then:
 *   (a) throughput: grid workers' reports (`POST /api/v1/tickets`, a unique Idempotency-Key
 *       each) from autocannon in a child process (report-load.ts);
 *   (b) latency at a steady rate (100 reports/s for 20 s, from a child process, steady-driver.ts):
 *       for each ticket, a grid worker's report verified on the spot (`verified: true`, 核实后上报;
 *       BENCH_VERIFY=separate: report, then `POST …/open`) → 201, and the time until its
 *       `dispatch.proposed` event arrives (a NATS subscription to the bus root's events, what the
 *       live view reads); then the command operator confirms (`POST …/dispatch`), the time until
 *       `dispatch.confirmed` arrives, and the time until the department officer's read of their
 *       queue (`GET /api/v1/assignments?ticketId=…`, made once the event is here) shows it.
 * Prints the figures and the goal checks (≥ 500 reports/s; report → proposal p95 < 250 ms), writes
 * bench/results/tickets-<timestamp>.json. Never asserts: the exit code is 0 either way. Listens on
 * 127.0.0.1 only; a watchdog bounds the run; cleanup closes the app, drops the database and
 * deletes the JetStream stream, also on Ctrl-C.
 *
 * Settings (environment): BENCH_CONNECTIONS (64), BENCH_DURATION_S (10), BENCH_WARMUP_S (2),
 * BENCH_STEADY_RATE (100), BENCH_STEADY_S (20), BENCH_VERIFY (on-report), BENCH_TOPOLOGY (services),
 * BENCH_TELEMETRY (off),
 * BENCH_NODE_ARGS (extra node flags for the service processes, e.g. to profile them),
 * NATS_URL, TEST_DATABASE_URL / DATABASE_URL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { Module } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { seedDemoResponsibilities } from '@gz/dispatch';
import { createGatewayApp } from '@gz/gateway';
import { IDENTITY_DATABASE, seedDemoDistrict } from '@gz/identity';
import { connectBus, DatabaseRegistry, openServiceDatabase } from '@gz/platform';
import { StandaloneModule } from '@gz/standalone';
import { createTestDatabase, deleteTestStream } from '@gz/testing';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { seedDemoCatalogue } from '@gz/ticketing';
import {
  childProcesses,
  log,
  machine,
  machineLine,
  message,
  onCleanup,
  positive,
  round,
  runBench,
  sleep,
  stats,
  warn,
} from '../support';
import type { SteadyFlow } from './steady-driver';
import { eventStreamName } from '@gz/contracts';
import { jetstream } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { DispatchEvents, TicketingEvents } from '@gz/contracts';

const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

/** When the stream stored each event of these types (ms since the epoch, by event id). */
async function storedTimes(root: string, types: string[]): Promise<Map<string, number>> {
  const nc = await connect({ servers: NATS_URL, noAsyncTraces: true });
  const times = new Map<string, number>();
  try {
    const js = jetstream(nc);
    for (const type of types) {
      const consumer = await js.consumers.get(eventStreamName(root), { filter_subjects: `${root}.evt.*.${type}` });
      for (;;) {
        const batch = await consumer.fetch({ max_messages: 1000, expires: 2000 });
        let pending = 0;
        let got = 0;
        for await (const m of batch) {
          got++;
          pending = m.info.pending;
          const id = m.headers?.get('Nats-Msg-Id');
          if (id) times.set(id, m.info.timestampNanos / 1e6);
        }
        if (got === 0 || pending === 0) break;
      }
    }
  } finally {
    await nc.close();
  }
  return times;
}
const CONNECTIONS = positive('BENCH_CONNECTIONS', 64);
const DURATION_S = positive('BENCH_DURATION_S', 10);
const WARMUP_S = positive('BENCH_WARMUP_S', 2);
const STEADY_RATE = positive('BENCH_STEADY_RATE', 100);
const STEADY_S = positive('BENCH_STEADY_S', 20);
/** extra node flags for the service processes, e.g. `--cpu-prof --cpu-prof-dir=/tmp/profiles` */
const NODE_ARGS = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
const TOPOLOGY = process.env.BENCH_TOPOLOGY === 'standalone' ? 'standalone' : 'services';
/** how the steady loop's grid worker verifies: with the report (核实后上报), or as a second request */
const VERIFY = process.env.BENCH_VERIFY === 'separate' ? 'separate' : 'on-report';
const PASSWORD = 'Bench-Passw0rd!';
const HOST = '127.0.0.1';
const CATEGORY = 'C0302'; // 旱厕: the sanitation bureau's, by the demo responsibility list
const GRID = 'd01.s01.c01.g01';
const DEPARTMENT = 'd01.dep-sanitation';
const GOAL_RATE = 500;
const GOAL_P95_MS = 250;

const ROOT = path.resolve(__dirname, __dirname.split(path.sep).includes('dist') ? '../../..' : '../..');

// ---------------------------------------------------------------------------------------------
// HTTP helpers

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers, read field by field
type Json = any;

async function http(url: string, init: RequestInit = {}): Promise<{ status: number; body: Json }> {
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) });
  const text = await res.text();
  try {
    return { status: res.status, body: JSON.parse(text) };
  } catch {
    return { status: res.status, body: text };
  }
}

const json = (token: string, body: unknown, extra: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...extra },
  body: JSON.stringify(body),
});

async function signIn(base: string, username: string): Promise<string> {
  let res: { status: number; body: Json } = { status: 0, body: undefined };
  for (let i = 0; i < 240; i++) {
    // refused until the gateway listens, 503 until the services' subscriptions are up
    res = await http(`${base}/api/v1/auth/login`, json('', { username, password: PASSWORD })).catch(() => res);
    if (res.status >= 200 && res.status < 500) break;
    await sleep(250);
  }
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.accessToken as string;
}

// ---------------------------------------------------------------------------------------------
// (a) the load generator: a child process, so that it never shares the server's event loop

interface GeneratorResult {
  created: number;
  other: number;
  errors: number;
  elapsedS: number;
  p50: number | null;
  p99: number | null;
}

function generate(url: string, token: string, durationS: number): Promise<GeneratorResult> {
  const gen = {
    url,
    token,
    connections: CONNECTIONS,
    durationS,
    prefix: `bench-${randomBytes(6).toString('hex')}`,
    category: CATEGORY,
    grid: GRID,
  };
  return clientProcess<GeneratorResult>(
    'load generator',
    [path.join(__dirname, 'report-load.js')],
    { LOAD: JSON.stringify(gen) },
    durationS + 30,
  );
}

/** Runs a client in a child process (never sharing the platform's event loop); its last stdout line is its JSON answer. */
function clientProcess<T>(what: string, args: string[], extraEnv: Record<string, string>, limitS: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...extraEnv },
    });
    childProcesses.add(child);
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
    const killer = setTimeout(() => child.kill('SIGKILL'), limitS * 1000);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(killer);
      childProcesses.delete(child);
      try {
        if (code !== 0) throw new Error(`exit ${code ?? signal}`);
        resolve(JSON.parse(out.trim().split('\n').pop() ?? '') as T);
      } catch (e) {
        reject(new Error(`${what} failed (${message(e)}): ${err.trim().slice(-2000)}`));
      }
    });
  });
}

// ---------------------------------------------------------------------------------------------
// (b) tickets at a steady rate, from their own process (steady-driver.ts)

function steady(settings: Record<string, unknown>, seconds: number): Promise<{ sentIn: number; flows: SteadyFlow[] }> {
  return clientProcess(
    'steady driver',
    [path.join(__dirname, 'steady-driver.js')],
    { STEADY: JSON.stringify(settings) },
    seconds + 90,
  );
}

// ---------------------------------------------------------------------------------------------
// the platform under test

const SERVICES = ['identity', 'ticketing', 'dispatch', 'gateway'] as const;
const children = new Set<ChildProcess>();

async function seed(open: (schema: 'identity' | 'ticketing' | 'dispatch') => Promise<DataSource>) {
  await seedDemoDistrict(await open('identity'), PASSWORD);
  await seedDemoCatalogue(await open('ticketing'));
  await seedDemoResponsibilities(await open('dispatch'));
}

/** Every service and the gateway in this process, as `npm start` runs them (but with NATS). */
async function startStandalone(env: NodeJS.ProcessEnv): Promise<string> {
  @Module({ imports: [StandaloneModule.forRoot(env)] })
  class BenchStandaloneModule {}
  const app: NestFastifyApplication = await createGatewayApp(BenchStandaloneModule);
  onCleanup('close the app', () => app.close());
  await connectBus(app);
  const registry = app.get(DatabaseRegistry);
  await seed(async (schema) => registry.get(schema));
  await app.listen(0, HOST);
  return `http://${HOST}:${(app.getHttpServer().address() as { port: number }).port}`;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function run(entry: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [entry, ...args], { stdio: ['ignore', 'ignore', 'pipe'], env });
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${entry} ${args.join(' ')}: exit ${code}: ${err.slice(-1000)}`)),
    );
  });
}

/**
 * The deployment the design describes: identity, ticketing, dispatch and the gateway each in its
 * own process (dist/apps/<name>/src/main.js), over NATS. Migrated with `gz migrate` first.
 */
async function startServices(env: NodeJS.ProcessEnv, url: string): Promise<string> {
  const dist = path.join(ROOT, 'dist', 'apps');
  const childEnv = { ...process.env, ...env };
  await run(path.join(dist, 'cli', 'src', 'main.js'), ['migrate'], childEnv);
  const opened: DataSource[] = [];
  onCleanup('close the seeding connections', () => Promise.all(opened.map((d) => d.destroy())));
  await seed(async (schema) => {
    const ds =
      schema === 'identity'
        ? await openServiceDatabase(url, { schema, ...IDENTITY_DATABASE }, 2)
        : await new DataSource({ type: 'postgres', url, poolSize: 2 }).initialize();
    opened.push(ds);
    return ds;
  });
  const port = await freePort();
  for (const name of SERVICES) {
    const child = spawn(process.execPath, [...NODE_ARGS, path.join(dist, name, 'src', 'main.js')], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...childEnv, SERVICE_NAME: name, HEALTH_PORT: '0', HOST, PORT: String(port) },
    });
    children.add(child);
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err = (err + c.toString('utf8')).slice(-4000)));
    child.on('exit', (code, signal) => {
      children.delete(child);
      if (!stopping) warn(`${name} exited (${code ?? signal}): ${err.trim().slice(-1500)}`);
    });
  }
  onCleanup('stop the services', async () => {
    stopping = true;
    await Promise.all(
      [...children].map(
        (child) =>
          new Promise<void>((resolve) => {
            const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
            child.once('exit', () => {
              clearTimeout(killer);
              resolve();
            });
            child.kill('SIGTERM');
          }),
      ),
    );
  });
  return `http://${HOST}:${port}`;
}
let stopping = false;

async function main(): Promise<void> {
  log(`Gongzhi tickets benchmark, ${new Date().toISOString()}`);
  log(machineLine());

  const database = await createTestDatabase();
  onCleanup(`drop database ${database.name}`, () => database.drop());
  const busRoot = `bench${randomBytes(4).toString('hex')}`;
  onCleanup(`delete the stream of ${busRoot}`, () => deleteTestStream(busRoot, NATS_URL));
  log(`database ${database.name}, bus root ${busRoot} on ${NATS_URL} (both removed at the end)`);
  const env: NodeJS.ProcessEnv = {
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    DATABASE_URL: database.url,
    BUS_ROOT: busRoot,
    NATS_URL,
    RATE_LIMIT_PER_MINUTE: '100000000',
    ACCESS_TOKEN_TTL_S: '3600',
    PII_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    PII_INDEX_KEY: randomBytes(32).toString('base64'),
    IDENTITY_SECRETS_KEY: randomBytes(32).toString('base64'),
    // as the other benches: no OpenTelemetry instrumentation (BENCH_TELEMETRY=1 keeps it)
    OTEL_SDK_DISABLED: process.env.BENCH_TELEMETRY === '1' ? 'false' : 'true',
  };
  const base = TOPOLOGY === 'standalone' ? await startStandalone(env) : await startServices(env, database.url);
  log(
    `platform: ${TOPOLOGY === 'standalone' ? 'one process (standalone) over NATS' : `${SERVICES.join(', ')} as separate processes over NATS`} at ${base}`,
  );
  const tokens = {
    grid: await signIn(base, 'grid-worker'),
    operator: await signIn(base, 'command-operator'),
    officer: await signIn(base, 'department-officer'),
  };

  const steadySettings = (rate: number, seconds: number) => ({
    base,
    nats: NATS_URL,
    root: busRoot,
    tokens,
    rate,
    seconds,
    category: CATEGORY,
    grid: GRID,
    department: DEPARTMENT,
    verify: VERIFY,
  });
  // one flow first, to check the path works end to end
  const probe = await steady(steadySettings(1, 1), 1);
  if (probe.flows[0]?.failed) throw new Error(`the loop does not work: ${probe.flows[0].failed}`);

  // (a) throughput
  log(
    `(a) reports: ${CONNECTIONS} concurrent requests from a child process, ${WARMUP_S} s warm-up then ${DURATION_S} s …`,
  );
  await generate(`${base}/api/v1/tickets`, tokens.grid, WARMUP_S);
  const a = await generate(`${base}/api/v1/tickets`, tokens.grid, DURATION_S);
  const reportsPerSec = round(a.created / a.elapsedS);
  log(
    `(a) ${reportsPerSec} reports/s (${a.created} created in ${round(a.elapsedS, 2)} s), p50 ${round(a.p50 ?? NaN)} ms, p99 ${round(a.p99 ?? NaN)} ms, non-201 ${a.other}, errors ${a.errors}`,
  );
  await sleep(3000); // let the outbox and consumers settle before the latency run

  // (b) latency at a steady rate
  log(
    `(b) ${STEADY_RATE} reports/s for ${STEADY_S} s, each ${VERIFY === 'separate' ? 'reported then opened' : 'reported verified (opened with the report)'}, proposed, confirmed and queued …`,
  );
  const run = await steady(steadySettings(STEADY_RATE, STEADY_S), STEADY_S);
  const total = STEADY_RATE * STEADY_S;
  const sentIn = run.sentIn;
  const done = run.flows;
  const failed = done.filter((f) => f.failed);
  // Where a proposal's time goes, on the machine's one clock: ticket.opened waiting in
  // ticketing's outbox until the stream stored it, then reaching dispatch's consumer, then
  // dispatch.proposed waiting in dispatch's outbox (from the start of the handling transaction).
  // The outbox and the inbox are PostgreSQL's; the stored time is the stream's (the outbox's
  // published_at is written a little later, with many others).
  const stored = await storedTimes(busRoot, [TicketingEvents.opened, DispatchEvents.proposed]);
  const db = new Pool({ connectionString: database.url, max: 1 });
  const { rows: joined } = await db.query<{
    opened_id: string;
    opened_created: number;
    handled: number;
    proposed_id: string;
    proposed_created: number;
  }>(
    `SELECT o.id AS opened_id, extract(epoch FROM o.created_at) * 1000 AS opened_created,
            extract(epoch FROM h.handled_at) * 1000 AS handled,
            p.id AS proposed_id, extract(epoch FROM p.created_at) * 1000 AS proposed_created
       FROM "ticketing".outbox o
       JOIN "dispatch".inbox h ON h.event_id = o.id
       JOIN "dispatch".outbox p ON p.type = $2
        AND p.envelope->'data'->>'ticketId' = o.envelope->'data'->>'ticketId'
      WHERE o.type = $1`,
    [TicketingEvents.opened, DispatchEvents.proposed],
  );
  await db.end();
  const split = { relay_t: [] as number[], to_consumer: [] as number[], handle_and_relay_d: [] as number[] };
  for (const r of joined) {
    const openedAt = stored.get(r.opened_id);
    const proposedAt = stored.get(r.proposed_id);
    if (openedAt === undefined || proposedAt === undefined) continue;
    split.relay_t.push(openedAt - Number(r.opened_created));
    split.to_consumer.push(Number(r.handled) - openedAt);
    split.handle_and_relay_d.push(proposedAt - Number(r.proposed_created));
  }
  const p50p95 = (v: number[]) => {
    const s = stats(v);
    return [s.p50Ms, s.p95Ms];
  };
  const stages = {
    relay_t: p50p95(split.relay_t),
    to_consumer: p50p95(split.to_consumer),
    handle_and_relay_d: p50p95(split.handle_and_relay_d),
  };
  const pick = (k: keyof SteadyFlow) => done.map((f) => f[k]).filter((v): v is number => typeof v === 'number');
  const b = {
    offeredRate: round(total / sentIn),
    tickets: total,
    failed: failed.length,
    failures: [...new Set(failed.map((f) => f.failed))].slice(0, 5),
    report: stats(pick('reportMs')),
    reportToProposal: stats(pick('reportToProposalMs')),
    openToProposal: stats(pick('openToProposalMs')),
    openToOpenedEvent: stats(pick('openToOpenedEventMs')),
    confirmToQueue: stats(pick('confirmToQueueMs')),
    confirmToEvent: stats(pick('confirmToEventMs')),
  };
  const line = (label: string, s: ReturnType<typeof stats>) =>
    log(
      `    ${label.padEnd(44)} p50 ${String(s.p50Ms).padStart(7)} ms  p95 ${String(s.p95Ms).padStart(7)} ms  p99 ${String(s.p99Ms).padStart(7)} ms  (n=${s.count})`,
    );
  log(
    `(b) offered ${b.offeredRate} reports/s, ${b.tickets} tickets, ${b.failed} failed${b.failed ? `: ${b.failures.join('; ')}` : ''}`,
  );
  line('report: POST → 201', b.report);
  if (VERIFY === 'separate') {
    line('report 201 → dispatch.proposed (open between)', b.reportToProposal);
    line('open 200 → dispatch.proposed', b.openToProposal);
    line('  of which open 200 → ticket.opened event', b.openToOpenedEvent);
  } else {
    line('report 201 → dispatch.proposed', b.reportToProposal);
    line('  of which report 201 → ticket.opened event', b.openToOpenedEvent);
  }
  const stage = (label: string, v: Array<number | null>) =>
    log(
      `      ${label.padEnd(42)} p50 ${String(round(v?.[0] ?? NaN)).padStart(7)} ms  p95 ${String(round(v?.[1] ?? NaN)).padStart(7)} ms`,
    );
  stage('ticket.opened: outbox → stream', stages.relay_t);
  stage('ticket.opened: stream → dispatch handles', stages.to_consumer);
  stage('dispatch.proposed: handling → stream', stages.handle_and_relay_d);
  line('confirm sent → dispatch.confirmed event', b.confirmToEvent);
  line('confirm sent → seen in the department queue', b.confirmToQueue);

  const rateOk = reportsPerSec >= GOAL_RATE;
  const p95Ok = b.reportToProposal.p95Ms !== null && b.reportToProposal.p95Ms < GOAL_P95_MS && b.failed === 0;
  log('');
  log(`goal: ≥ ${GOAL_RATE} reports/s: ${rateOk ? 'met' : 'not met'} (${reportsPerSec})`);
  log(`goal: report → proposal p95 < ${GOAL_P95_MS} ms: ${p95Ok ? 'met' : 'not met'} (${b.reportToProposal.p95Ms} ms)`);

  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const file = path.join(ROOT, 'bench', 'results', `tickets-${stamp}.json`);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(
    file,
    `${JSON.stringify(
      {
        date: new Date().toISOString(),
        machine: machine(),
        settings: {
          connections: CONNECTIONS,
          durationS: DURATION_S,
          warmupS: WARMUP_S,
          steadyRate: STEADY_RATE,
          steadyS: STEADY_S,
          verify: VERIFY,
          nats: NATS_URL,
          category: CATEGORY,
          grid: GRID,
        },
        throughput: { reportsPerSec, ...a },
        steady: b,
        goals: {
          reportsPerSec: { rule: `≥ ${GOAL_RATE}`, met: rateOk },
          reportToProposalP95: { rule: `< ${GOAL_P95_MS} ms, no failed flow`, met: p95Ok },
        },
      },
      null,
      2,
    )}\n`,
  );
  log(`figures written to ${path.relative(process.cwd(), file)}`);
}

runBench(main, (WARMUP_S + DURATION_S + STEADY_S + 60 + 180) * 1000);
