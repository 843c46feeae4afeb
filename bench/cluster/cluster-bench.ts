/**
 * The cluster benchmark (issue 15, "Figures to report"): `npm run bench:cluster`.
 *
 * `npm run start:cluster`'s topology (every service and the gateway as its own process;
 * ticketing and dispatch split into an s01 group and a default group for s02 and `all`), on a
 * nats-server and a PostgreSQL of the bench's own (free ports, temporary folders), migrated and
 * seeded with the demo district. It measures:
 *   - start-up: each process from spawn to /health/ready 200, all eight starting at once, then one
 *     service (ticketing, s01) started alone while the others idle (BENCH_RESTARTS times);
 *   - memory: VmRSS of every process at idle (after BENCH_IDLE_S) and its peak under the tickets
 *     benchmark's load (the report-load.ts autocannon child, BENCH_CONNECTIONS per street, for
 *     BENCH_LOAD_S), sampled every 250 ms;
 *   - faults, under a steady BENCH_RATE reports/s (each retried with its Idempotency-Key until
 *     accepted): ticketing-s01 SIGKILLed and started again, dispatch (s02, all) the same,
 *     nats-server SIGKILLed for 10 s and started again, PostgreSQL SIGKILLed and started again;
 *     for each, the seconds until the affected streets' reports were accepted again, and the
 *     answers meanwhile (503s; a 500 would be a bug).
 * Prints a table and writes bench/results/cluster-<timestamp>.json. Never asserts. Listens on
 * 127.0.0.1 only; the watchdog bounds the run; cleanup stops everything it started.
 */
import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Cluster, clusterTopology, clusterValues, migrateAll, seedDemo } from '@gz/cli';
import { DisposableNatsServer, DisposablePostgres, ReportLoad, testBusRoot } from '@gz/testing';
import { Client } from 'pg';
import {
  childProcesses,
  log,
  machine,
  machineLine,
  onCleanup,
  positive,
  REPO_ROOT,
  round,
  runBench,
  sleep,
  warn,
} from '../support';

const RATE = positive('BENCH_RATE', 40);
const IDLE_S = positive('BENCH_IDLE_S', 10);
const LOAD_S = positive('BENCH_LOAD_S', 15);
const CONNECTIONS = positive('BENCH_CONNECTIONS', 32);
const RESTARTS = positive('BENCH_RESTARTS', 3);
const PASSWORD = 'Bench-Passw0rd!';
const MiB = 1024 * 1024;

function rssOf(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

async function signIn(base: string, username: string): Promise<string> {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

/** The tickets benchmark's report load (autocannon in a child process) for one street. */
function reportLoad(
  url: string,
  token: string,
  grid: string,
  prefix: string,
): Promise<{ created: number; elapsedS: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(REPO_ROOT, 'dist', 'bench', 'tickets', 'report-load.js')], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        LOAD: JSON.stringify({
          url,
          token,
          connections: CONNECTIONS,
          durationS: LOAD_S,
          prefix,
          category: 'C0302',
          grid,
        }),
      },
    });
    childProcesses.add(child);
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.on('exit', (code) => {
      childProcesses.delete(child);
      if (code !== 0) return reject(new Error(`report load exited ${code}`));
      resolve(JSON.parse(out.trim().split('\n').pop() ?? '{}'));
    });
  });
}

async function allReady(cluster: Cluster, timeoutMs = 120_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await Promise.all(cluster.members().map((m) => cluster.isReady(m.name)))).every(Boolean)) {
    if (Date.now() > until) throw new Error('the cluster did not become ready again');
    await sleep(100);
  }
}

async function main(): Promise<void> {
  log(`Gongzhi cluster benchmark, ${new Date().toISOString()}`);
  log(machineLine());
  const nats = await DisposableNatsServer.start();
  onCleanup('stop nats-server', () => nats.dispose());
  const pg = await DisposablePostgres.start();
  onCleanup('stop PostgreSQL', () => pg.dispose());
  const env: NodeJS.ProcessEnv = {
    BUS_ROOT: testBusRoot(),
    LOG_LEVEL: 'warn',
    GZ_DEMO_PASSWORD: PASSWORD,
    RATE_LIMIT_PER_MINUTE: '100000000',
    OTEL_SDK_DISABLED: process.env.BENCH_TELEMETRY === '1' ? 'false' : 'true',
  };
  await migrateAll(pg.url, env);
  await seedDemo(pg.url, env);
  const processes = clusterTopology(clusterValues([]));
  const cluster = await Cluster.start({
    processes,
    databaseUrl: pg.url,
    natsUrl: nats.url,
    env,
    onExit: (name, code, signal) => warn(`${name} exited (${code ?? signal})`),
  });
  onCleanup('stop the cluster', () => cluster.stop());
  const base = cluster.gatewayUrl;
  log(
    `cluster: ${processes.map((p) => `${p.name} (${p.streets})`).join(', ')}; nats ${nats.url}, PostgreSQL ${pg.url}`,
  );
  log(`telemetry ${env.OTEL_SDK_DISABLED === 'true' ? 'off (as start:cluster without a collector)' : 'on'}`);

  // ---- start-up
  const startAll = Object.fromEntries(cluster.members().map((m) => [m.name, round((m.readyMs ?? 0) / 1000, 2)]));
  const alone: number[] = [];
  for (let i = 0; i < RESTARTS; i++) {
    await sleep(1000);
    alone.push(round((await cluster.restart('ticketing-s01')) / 1000, 2));
  }

  // ---- memory
  await sleep(IDLE_S * 1000);
  const members = cluster.members();
  const idle = Object.fromEntries(members.map((m) => [m.name, round((rssOf(m.pid) ?? 0) / MiB)]));
  const tokens = { s01: await signIn(base, 'grid-worker'), s02: await signIn(base, 'grid-worker-s02') };
  const peak: Record<string, number> = {};
  const sampler = setInterval(() => {
    for (const m of members) peak[m.name] = Math.max(peak[m.name] ?? 0, (rssOf(m.pid) ?? 0) / MiB);
  }, 250);
  const [a, b] = await Promise.all([
    reportLoad(`${base}/api/v1/tickets`, tokens.s01, 'd01.s01.c01.g01', 'mem-s01'),
    reportLoad(`${base}/api/v1/tickets`, tokens.s02, 'd01.s02.c01.g01', 'mem-s02'),
  ]);
  clearInterval(sampler);
  const reportsPerS = round((a.created + b.created) / Math.max(a.elapsedS, b.elapsedS));
  await sleep(3000);

  // ---- faults under a steady load
  const load = new ReportLoad({
    base,
    reporters: [
      { street: 's01', token: tokens.s01, gridPath: 'd01.s01.c01.g01' },
      { street: 's02', token: tokens.s02, gridPath: 'd01.s02.c01.g01' },
    ],
    ratePerS: RATE,
    keyPrefix: 'fault',
  });
  load.start();
  const faults: Array<{ fault: string; streets: string[]; at: number; restartedAt: number; readyAt: number }> = [];
  const fault = async (
    name: string,
    streets: string[],
    kill: () => Promise<void>,
    start: () => Promise<void>,
    downMs = 0,
  ) => {
    await sleep(3000);
    const at = Date.now();
    await kill();
    if (downMs) await sleep(downMs);
    const restartedAt = Date.now();
    await start();
    await allReady(cluster);
    faults.push({ fault: name, streets, at, restartedAt, readyAt: Date.now() });
  };
  try {
    await fault(
      'ticketing-s01 SIGKILL, started again',
      ['s01'],
      () => cluster.kill('ticketing-s01'),
      async () => void (await cluster.restart('ticketing-s01')),
    );
    await fault(
      'dispatch (s02, all) SIGKILL, started again',
      ['s02'],
      () => cluster.kill('dispatch'),
      async () => void (await cluster.restart('dispatch')),
    );
    await fault(
      'nats-server SIGKILL for 10 s',
      ['s01', 's02'],
      () => nats.kill(),
      () => nats.resume(),
      10_000,
    );
    await fault(
      'PostgreSQL SIGKILL, started again',
      ['s01', 's02'],
      () => pg.kill(),
      () => pg.resume(),
    );
    await sleep(3000);
  } finally {
    await load.stop(60_000);
  }
  // how long a report waited for its dispatch case at worst (the dispatch kill and the outages)
  const db = new Client({ connectionString: pg.url });
  db.on('error', () => undefined);
  await db.connect();
  let lagS: number | null;
  let missing: number;
  try {
    lagS = (
      await db.query<{ lag_s: number | null }>(
        `SELECT max(extract(epoch FROM c.created_at - t.reported_at))::float8 AS lag_s
           FROM ticketing.ticket t JOIN dispatch.dispatch_case c ON c.ticket_id = t.id
           JOIN ticketing.report_key k ON k.ticket_id = t.id WHERE k.key LIKE 'fault-%'`,
      )
    ).rows[0]?.lag_s;
    missing = (
      await db.query<{ missing: number }>(
        `SELECT count(*)::int AS missing FROM ticketing.report_key k WHERE k.key LIKE 'fault-%'
           AND NOT EXISTS (SELECT 1 FROM dispatch.dispatch_case c WHERE c.ticket_id = k.ticket_id)`,
      )
    ).rows[0].missing;
  } finally {
    await db.end();
  }

  const outcome = faults.map((f) => {
    const accepted = load.acceptedAgainAfter(f.at, f.streets);
    const during = load.attempts.filter(
      (x) => f.streets.includes(x.street) && x.startedAt >= f.at && (accepted === undefined || x.startedAt < accepted),
    );
    const statuses: Record<string, number> = {};
    for (const x of during)
      if (x.status !== 201)
        statuses[String(x.status || 'no answer')] = (statuses[String(x.status || 'no answer')] ?? 0) + 1;
    return {
      fault: f.fault,
      streets: f.streets.join(','),
      downS: round((f.restartedAt - f.at) / 1000, 2),
      restartToReadyS: round((f.readyAt - f.restartedAt) / 1000, 2),
      acceptedAgainAfterFaultS: accepted === undefined ? null : round((accepted - f.at) / 1000, 2),
      acceptedAgainAfterRestartS:
        accepted === undefined ? null : round(Math.max(0, accepted - f.restartedAt) / 1000, 2),
      refusedMeanwhile: statuses,
    };
  });
  const statuses = [...new Set(load.attempts.map((x) => x.status))].sort();

  log('');
  log(`start-up, all ${members.length} processes at once (s to /health/ready 200):`);
  log(
    `  ${Object.entries(startAll)
      .map(([n, s]) => `${n} ${s}`)
      .join(', ')}`,
  );
  log(`start-up of ticketing-s01 alone, ${RESTARTS} times: ${alone.join(' s, ')} s (goal < 3 s)`);
  log('');
  log(
    `memory (VmRSS MiB): idle after ${IDLE_S} s | peak under the tickets load (${CONNECTIONS} connections per street, ${LOAD_S} s, ${reportsPerS} reports/s)`,
  );
  for (const m of members)
    log(`  ${m.name.padEnd(16)} ${String(idle[m.name]).padStart(7)} | ${String(round(peak[m.name] ?? 0)).padStart(7)}`);
  log(`  idle goal < 150 MiB per process: ${Object.values(idle).every((v) => v < 150) ? 'met' : 'not met'}`);
  log('');
  log(
    `faults under ${RATE} reports/s (${load.reports.length} reports, ${load.accepted().length} accepted; answers seen: ${statuses.join(', ')}):`,
  );
  for (const o of outcome)
    log(
      `  ${o.fault.padEnd(44)} down ${String(o.downS).padStart(5)} s, ready ${String(o.restartToReadyS).padStart(5)} s after restart; ${o.streets} reports accepted again ${o.acceptedAgainAfterFaultS} s after the fault (${o.acceptedAgainAfterRestartS} s after the restart); meanwhile ${JSON.stringify(o.refusedMeanwhile)}`,
    );
  log(`  longest report → dispatch case over the run: ${round(lagS ?? NaN, 2)} s; reports without a case: ${missing}`);

  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const file = path.join(REPO_ROOT, 'bench', 'results', `cluster-${stamp}.json`);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(
    file,
    `${JSON.stringify({ date: new Date().toISOString(), machine: machine(), settings: { RATE, IDLE_S, LOAD_S, CONNECTIONS, RESTARTS, telemetry: env.OTEL_SDK_DISABLED !== 'true' }, startAll, alone, idle, peak, reportsPerS, faults: outcome, statuses, missingCases: missing }, null, 2)}\n`,
  );
  log(`figures written to ${path.relative(process.cwd(), file)}`);
}

runBench(main, 15 * 60_000);
