/**
 * The gateway benchmark (issue 2, "Figures to report"): `npm run bench:gateway`.
 *
 * Four servers answer "who am I" (the caller's profile, one query by primary key on
 * identity.app_user), one after the other, each loaded by autocannon in a child process with the
 * same settings:
 *   (a1) the platform over NATS: gateway → bus → identity → PostgreSQL, signed in as district-admin
 *   (a2) the same on the in-process bus
 *   (b1) floor "direct": a bare Fastify route running the same SQL with a pg Pool
 *   (b2) floor "bare hop": a bare Fastify route making a plain NATS request to a plain subscriber
 *        (same process) that runs that SQL
 * It prints a table, the ratios and the goal check, and writes the figures to
 * bench/results/gateway-<timestamp>.json. It stops by itself (a watchdog bounds the whole run),
 * listens on 127.0.0.1 only, and cleans up: apps closed, database dropped, JetStream stream deleted.
 *
 * Settings (environment): BENCH_CONNECTIONS (64), BENCH_DURATION_S (10), BENCH_WARMUP_S (2),
 * BENCH_ONLY (e.g. `a1,b2`), NATS_URL (nats://127.0.0.1:4222), TEST_DATABASE_URL / DATABASE_URL
 * (the server the bench database is created on; postgres://postgres@127.0.0.1:5432/postgres).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Module } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import Fastify, { type FastifyInstance } from 'fastify';
import { Pool } from 'pg';
import { createGatewayApp } from '@gz/gateway';
import { seedDemoDistrict } from '@gz/identity';
import { connectBus, DatabaseRegistry } from '@gz/platform';
import { StandaloneModule } from '@gz/standalone';
import { createTestDatabase, deleteTestStream, type TestDatabase } from '@gz/testing';
// Not exported by @gz/identity: imported from the file itself so that the floors select the very
// columns and shape the very JSON that the platform's handler does.
import { USER_VIEW_COLUMNS, userView, type UserViewRow } from '../libs/identity/src/persistence/views';
import {
  childProcesses,
  cpuIdle,
  log,
  machine,
  machineLine,
  message,
  onCleanup,
  positive,
  runBench,
  warn,
} from './support';

// What the platform's `me` handler runs (UserStore.viewRow): the same columns, table and key.
const ME_SQL = `SELECT ${USER_VIEW_COLUMNS} FROM "identity".app_user WHERE id = $1`;

const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const CONNECTIONS = positive('BENCH_CONNECTIONS', 64);
const DURATION_S = positive('BENCH_DURATION_S', 10);
/** Latency at a steady, unsaturated load: requests per second over all connections. */
const STEADY_RATE = positive('BENCH_STEADY_RATE', 1000);
const STEADY_CONNECTIONS = 16;
const WARMUP_S = positive('BENCH_WARMUP_S', 2);
const ROUNDS = positive('BENCH_ROUNDS', 1);
const DB_POOL_SIZE = 10; // the platform's default, used by every scenario
const PASSWORD = 'Bench-Passw0rd!';
const USERNAME = 'district-admin';
const HOST = '127.0.0.1';

const ROOT = path.resolve(__dirname, __dirname.split(path.sep).includes('dist') ? '../..' : '..');
const AUTOCANNON = require.resolve('autocannon/autocannon.js');

type ScenarioId = 'a1' | 'a2' | 'b1' | 'b2';
const LABELS: Record<ScenarioId, string> = {
  a1: 'NestJS gateway → NATS → identity → PG',
  a2: 'NestJS gateway → in-process bus → identity → PG',
  b1: 'floor "direct": bare Fastify → PG',
  b2: 'floor "bare hop": bare Fastify → NATS → PG',
};
const ONLY = (process.env.BENCH_ONLY ?? 'a1,a2,b1,b2').split(',').map((s) => s.trim()) as ScenarioId[];

interface Figures {
  scenario: ScenarioId;
  label: string;
  requestsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  totalRequests: number;
  durationS: number;
  /** with BENCH_ROUNDS > 1: each round's figures (the others are medians, counts are sums) */
  rounds?: Array<{ requestsPerSec: number; p50Ms: number; p99Ms: number }>;
}

interface Target {
  url: string;
  headers: Record<string, string>;
}

// ---------------------------------------------------------------------------------------------
// the load generator: autocannon in a child process, so it never shares the server's event loop

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  duration: number;
  [key: string]: unknown;
}

function autocannon(target: Target, durationS: number, rate?: number): Promise<AutocannonResult> {
  const args = [
    AUTOCANNON,
    '-j',
    '-c',
    String(rate ? STEADY_CONNECTIONS : CONNECTIONS),
    '-d',
    String(durationS),
    '-t',
    '10',
  ];
  if (rate) args.push('-R', String(rate));
  for (const [k, v] of Object.entries(target.headers)) args.push('-H', `${k}=${v}`);
  args.push(target.url);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    childProcesses.add(child);
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
    const killer = setTimeout(() => child.kill('SIGKILL'), (durationS + 30) * 1000);
    child.on('error', (e) => {
      clearTimeout(killer);
      reject(e);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(killer);
      childProcesses.delete(child);
      const line = out.trim().split('\n').pop() ?? '';
      try {
        if (code !== 0) throw new Error(`exit ${code ?? signal}`);
        resolve(JSON.parse(line) as AutocannonResult);
      } catch (e) {
        reject(new Error(`autocannon failed (${message(e)}): ${err.trim().slice(-2000) || out.slice(-2000)}`));
      }
    });
  });
}

async function load(id: ScenarioId, target: Target): Promise<Figures> {
  await autocannon(target, WARMUP_S); // warm-up, discarded
  const r = await autocannon(target, DURATION_S);
  // autocannon drops its connections at the end; let the requests still in flight finish before
  // the server is closed, or they fail noisily during shutdown.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  return {
    scenario: id,
    label: LABELS[id],
    requestsPerSec: round(r.requests.average, 1),
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    totalRequests: r.requests.total,
    meanMs: r.latency.average,
    durationS: r.duration,
  };
}

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

// ---------------------------------------------------------------------------------------------
// small HTTP helpers (loopback only)

async function http(url: string, init: RequestInit = {}): Promise<{ status: number; body: unknown }> {
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body };
}

function signIn(base: string) {
  return http(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: USERNAME, password: PASSWORD }),
  });
}

function addressOf(server: { address(): unknown }): string {
  const a = server.address() as { port: number } | string | null;
  if (!a || typeof a === 'string') throw new Error('no TCP address');
  return `http://${HOST}:${a.port}`;
}

// ---------------------------------------------------------------------------------------------
// (a1), (a2): the platform, booted as `npm start` boots it (gateway app, bus, seeded district)

interface Profile {
  id: string;
  [key: string]: unknown;
}

async function bootPlatform(
  nats: boolean,
  database: TestDatabase,
): Promise<{ target: Target; profile: Profile; close: () => Promise<void> }> {
  const busRoot = `bench${randomBytes(4).toString('hex')}`;
  const env: NodeJS.ProcessEnv = {
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    DATABASE_URL: database.url,
    BUS_ROOT: busRoot,
    ...(nats ? { NATS_URL } : {}),
    DB_POOL_SIZE: String(DB_POOL_SIZE),
    RATE_LIMIT_PER_MINUTE: '100000000',
    ACCESS_TOKEN_TTL_S: '3600',
    PII_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    PII_INDEX_KEY: randomBytes(32).toString('base64'),
    IDENTITY_SECRETS_KEY: randomBytes(32).toString('base64'),
  };
  @Module({ imports: [StandaloneModule.forRoot(env)] })
  class BenchStandaloneModule {}

  // createGatewayApp = createFastifyApp (the production adapter: request ids, body limit, logger
  // from LOG_LEVEL) + configureGateway, exactly as runStandalone does.
  const app: NestFastifyApplication = await createGatewayApp(BenchStandaloneModule);
  // registered in this order so that, run last-in first-out, the app closes before its stream goes
  const dropStream = nats
    ? onCleanup(`delete the stream of ${busRoot}`, () => deleteTestStream(busRoot, NATS_URL))
    : async () => undefined;
  const closeApp = onCleanup(`close the ${nats ? 'NATS' : 'in-process'} app`, () => app.close());
  const close = async () => {
    await closeApp();
    await dropStream();
  };
  try {
    await connectBus(app);
    await seedDemoDistrict(app.get(DatabaseRegistry).get('identity'), PASSWORD);
    await app.listen(0, HOST);
    const base = addressOf(app.getHttpServer());
    // Sign in; until the bus subscriptions are up the gateway answers 503, so try again briefly.
    let login = await signIn(base);
    for (let i = 0; i < 20 && login.status >= 500; i++) {
      await new Promise((r) => setTimeout(r, 250));
      login = await signIn(base);
    }
    const token = (login.body as { accessToken?: string }).accessToken;
    if (login.status !== 200 || !token)
      throw new Error(`login as ${USERNAME}: ${login.status} ${JSON.stringify(login.body)}`);
    const target: Target = { url: `${base}/api/v1/me`, headers: { authorization: `Bearer ${token}` } };
    const me = await http(target.url, { headers: target.headers });
    if (me.status !== 200) throw new Error(`GET /api/v1/me: ${me.status} ${JSON.stringify(me.body)}`);
    return { target, profile: me.body as Profile, close };
  } catch (e) {
    await close();
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------
// (b1), (b2): the floors, no Nest, no auth

async function selectProfile(pool: Pool, id: string): Promise<unknown> {
  const { rows } = await pool.query<UserViewRow>(ME_SQL, [id]);
  if (!rows[0]) throw new Error('no such user');
  return userView(rows[0]);
}

async function listen(server: FastifyInstance): Promise<string> {
  await server.listen({ port: 0, host: HOST });
  return addressOf(server.server);
}

async function bootDirect(
  databaseUrl: string,
  userId: string,
): Promise<{ target: Target; close: () => Promise<void> }> {
  const pool = new Pool({ connectionString: databaseUrl, max: DB_POOL_SIZE });
  const server = Fastify({ logger: false });
  server.get('/me', async () => selectProfile(pool, userId));
  const close = onCleanup('close the direct floor', async () => {
    await server.close();
    await pool.end();
  });
  try {
    return { target: { url: `${await listen(server)}/me`, headers: {} }, close };
  } catch (e) {
    await close();
    throw e;
  }
}

async function bootBareHop(
  databaseUrl: string,
  userId: string,
): Promise<{ target: Target; close: () => Promise<void> }> {
  const pool = new Pool({ connectionString: databaseUrl, max: DB_POOL_SIZE });
  // One connection for both ends, as the standalone platform has one per process.
  const nc: NatsConnection = await connect({
    servers: NATS_URL,
    name: 'bench-bare-hop',
    timeout: 5000,
    noAsyncTraces: true,
  }); // as the platform's connector
  const subject = `bench${randomBytes(4).toString('hex')}.identity.all.me`;
  const server = Fastify({ logger: false });
  const close = onCleanup('close the bare-hop floor', async () => {
    await server.close();
    await nc.drain().catch(() => nc.close());
    await pool.end();
  });
  try {
    nc.subscribe(subject, {
      queue: 'identity',
      callback: (err, msg) => {
        if (err) return;
        const { id } = msg.json<{ id: string }>();
        selectProfile(pool, id).then(
          (view) => msg.respond(JSON.stringify(view)),
          (e: unknown) => msg.respond(JSON.stringify({ error: message(e) })),
        );
      },
    });
    await nc.flush();
    server.get('/me', async (_request, reply) => {
      const answer = await nc.request(subject, JSON.stringify({ id: userId }), { timeout: 5000 });
      return reply.header('content-type', 'application/json; charset=utf-8').send(answer.string());
    });
    return { target: { url: `${await listen(server)}/me`, headers: {} }, close };
  } catch (e) {
    await close();
    throw e;
  }
}

/** A floor must answer what the platform answers, or the comparison means nothing. */
async function sameAnswer(id: ScenarioId, target: Target, expected: Profile): Promise<void> {
  const res = await http(target.url, { headers: target.headers });
  if (res.status !== 200) throw new Error(`(${id}) GET ${target.url}: ${res.status} ${JSON.stringify(res.body)}`);
  if (JSON.stringify(res.body) !== JSON.stringify(expected)) {
    warn(`(${id}) answers differently from the platform: ${JSON.stringify(res.body)} vs ${JSON.stringify(expected)}`);
  }
}

// ---------------------------------------------------------------------------------------------

function table(rows: Figures[]): string {
  const head = ['', 'scenario', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx', 'errors', 'requests'];
  const body = rows.map((r) => [
    `(${r.scenario})`,
    r.label,
    r.requestsPerSec.toFixed(1),
    String(r.p50Ms),
    String(r.p99Ms),
    String(r.non2xx),
    String(r.errors + r.timeouts),
    String(r.totalRequests),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const fmt = (cells: string[]) =>
    cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [fmt(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(fmt)].join('\n');
}

/** One round: itself; several: the median of each figure (and the sums of the counts). */
function median(runs: Figures[]): Figures {
  const mid = (pick: (f: Figures) => number) => {
    const v = runs.map(pick).sort((x, y) => x - y);
    const h = Math.floor(v.length / 2);
    return v.length % 2 ? v[h] : round((v[h - 1] + v[h]) / 2, 2);
  };
  const sum = (pick: (f: Figures) => number) => runs.reduce((t, f) => t + pick(f), 0);
  return {
    ...runs[0],
    requestsPerSec: mid((f) => f.requestsPerSec),
    p50Ms: mid((f) => f.p50Ms),
    p99Ms: mid((f) => f.p99Ms),
    meanMs: mid((f) => f.meanMs),
    non2xx: sum((f) => f.non2xx),
    errors: sum((f) => f.errors),
    timeouts: sum((f) => f.timeouts),
    totalRequests: sum((f) => f.totalRequests),
    durationS: sum((f) => f.durationS),
    ...(runs.length > 1
      ? { rounds: runs.map((f) => ({ requestsPerSec: f.requestsPerSec, p50Ms: f.p50Ms, p99Ms: f.p99Ms })) }
      : {}),
  };
}

function ratio(a: Figures | undefined, b: Figures | undefined): number | null {
  return a && b && b.requestsPerSec > 0 ? round(a.requestsPerSec / b.requestsPerSec, 3) : null;
}

const pct = (r: number | null) => (r === null ? 'n/a' : `${(r * 100).toFixed(1)}%`);

async function main(): Promise<void> {
  log(`Gongzhi gateway benchmark, ${new Date().toISOString()}`);
  const idleAtStart = await cpuIdle(2000);
  log(`${machineLine()}; CPU idle before the start ${idleAtStart}%`);
  if (idleAtStart < 90) warn('something else is using the CPU: the figures will be low and noisy');
  log(
    `load: autocannon (child process) ${CONNECTIONS} connections, ${WARMUP_S} s warm-up (discarded) then ${DURATION_S} s${ROUNDS > 1 ? `, ${ROUNDS} rounds (medians)` : ''}, GET profile of ${USERNAME}; NATS ${NATS_URL}`,
  );

  // Every server is up for the whole run; the scenarios are loaded one after the other (and, with
  // BENCH_ROUNDS > 1, in turn round after round, so that a change in background load hits them all).
  const targets = new Map<ScenarioId, Target>();

  // (a1) keeps its database for the floors, which read the same row
  const database = await createTestDatabase();
  onCleanup(`drop database ${database.name}`, () => database.drop());
  log(`database ${database.name} (dropped at the end)`);
  const a1 = await bootPlatform(true, database);
  const profile = a1.profile;
  targets.set('a1', a1.target);

  if (ONLY.includes('a2')) {
    const db2 = await createTestDatabase();
    onCleanup(`drop database ${db2.name}`, () => db2.drop());
    targets.set('a2', (await bootPlatform(false, db2)).target);
  }
  if (ONLY.includes('b1')) targets.set('b1', (await bootDirect(database.url, profile.id)).target);
  if (ONLY.includes('b2')) targets.set('b2', (await bootBareHop(database.url, profile.id)).target);
  for (const id of ['b1', 'b2'] as const) {
    const target = targets.get(id);
    if (target) await sameAnswer(id, target, profile);
  }

  const runs = new Map<ScenarioId, Figures[]>();
  for (let r = 1; r <= ROUNDS; r++) {
    for (const id of ['a1', 'a2', 'b1', 'b2'] as const) {
      const target = targets.get(id);
      if (!target || !ONLY.includes(id)) continue;
      log(`(${id}) ${LABELS[id]}: ${target.url}${ROUNDS > 1 ? ` round ${r}/${ROUNDS}` : ''} …`);
      const f = await load(id, target);
      log(`(${id}) ${f.requestsPerSec.toFixed(1)} req/s, p50 ${f.p50Ms} ms, p99 ${f.p99Ms} ms, non-2xx ${f.non2xx}`);
      runs.set(id, [...(runs.get(id) ?? []), f]);
    }
  }
  const results = [...runs.values()].map(median);

  // Latency when the platform is not saturated: at 64 busy connections p99 is mostly queueing.
  const steady = new Map<ScenarioId, { p50Ms: number; p99Ms: number; requestsPerSec: number }>();
  for (const id of ['a1', 'b2'] as const) {
    const target = targets.get(id);
    if (!target || !ONLY.includes(id)) continue;
    const r = await autocannon(target, DURATION_S, STEADY_RATE);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    steady.set(id, { p50Ms: r.latency.p50, p99Ms: r.latency.p99, requestsPerSec: round(r.requests.average, 1) });
    log(
      `(${id}) at a steady ${STEADY_RATE} req/s: p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, non-2xx ${r.non2xx}`,
    );
  }

  const by = (id: ScenarioId) => results.find((r) => r.scenario === id);
  const ratios = {
    a1_over_b2: ratio(by('a1'), by('b2')),
    a1_over_b1: ratio(by('a1'), by('b1')),
    a2_over_b1: ratio(by('a2'), by('b1')),
  };
  const a1f = by('a1');
  const throughputOk = ratios.a1_over_b2 !== null && ratios.a1_over_b2 >= 0.7;
  const a1Steady = steady.get('a1');
  const p99Ok = a1Steady !== undefined && a1Steady.p99Ms < 25;
  const goal = ratios.a1_over_b2 === null || !a1f ? 'not measured' : throughputOk && p99Ok ? 'met' : 'not met';

  log('');
  log(table(results));
  log('');
  log(`throughput (a1)/(b2) NestJS over NATS vs bare hop:       ${pct(ratios.a1_over_b2)}`);
  log(`throughput (a1)/(b1) NestJS over NATS vs direct:         ${pct(ratios.a1_over_b1)}`);
  log(`throughput (a2)/(b1) NestJS in-process bus vs direct:    ${pct(ratios.a2_over_b1)}`);
  log(
    `goal (a1 ≥ 70% of (b2) throughput, and a1 p99 < 25 ms at a steady ${STEADY_RATE} req/s): ${goal}` +
      (a1f && ratios.a1_over_b2 !== null
        ? ` (throughput ${pct(ratios.a1_over_b2)} ${throughputOk ? '≥' : '<'} 70%, p99 ${a1Steady?.p99Ms ?? '?'} ms ${p99Ok ? '<' : '≥'} 25 ms; saturated p99 ${a1f.p99Ms} ms)`
        : ''),
  );

  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const file = path.join(ROOT, 'bench', 'results', `gateway-${stamp}.json`);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(
    file,
    `${JSON.stringify(
      {
        date: new Date().toISOString(),
        machine: { ...machine(), cpuIdlePercentAtStart: idleAtStart },
        settings: {
          connections: CONNECTIONS,
          steadyRate: STEADY_RATE,
          steadyConnections: STEADY_CONNECTIONS,
          durationS: DURATION_S,
          warmupS: WARMUP_S,
          rounds: ROUNDS,
          dbPoolSize: DB_POOL_SIZE,
          nats: NATS_URL,
          route: 'GET /api/v1/me',
          user: USERNAME,
        },
        results,
        steady: Object.fromEntries(steady),
        ratios,
        goal: { rule: 'a1 throughput ≥ 70% of b2 and a1 p99 < 25 ms', result: goal, throughputOk, p99Ok },
      },
      null,
      2,
    )}\n`,
  );
  log(`figures written to ${path.relative(process.cwd(), file)}`);
}

// The whole run is bounded: boots, 4 × rounds × (warm-up + run), cleanup, with room to spare.
runBench(main, ((4 * ROUNDS + 2) * (WARMUP_S + DURATION_S + 30) + 180) * 1000);
