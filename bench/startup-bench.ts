import { randomBytes } from 'node:crypto';
/**
 * The startup benchmark: `node tools/build.mjs && node dist/bench/startup-bench.js`.
 *
 * Times `node dist/apps/standalone/src/main.js` (embedded PostgreSQL, in-process bus) from the
 * spawn of the process until GET /health/ready answers 200:
 *   first start  — initialises the embedded PostgreSQL, migrates and seeds the demo district
 *   second start — the same data directory, data present
 * Between the runs the process gets SIGTERM and the bench waits for it to exit. Everything lives
 * in a temporary GZ_DATA_DIR that is deleted at the end; ports are free ones on 127.0.0.1. The
 * run is bounded: a start that is not ready in BENCH_START_TIMEOUT_S (180) is killed and reported.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { cpuIdle } from './support';

const ROOT = path.resolve(__dirname, __dirname.split(path.sep).includes('dist') ? '../..' : '..');
const MAIN = path.join(ROOT, 'dist/apps/standalone/src/main.js');
const START_TIMEOUT_MS = Number(process.env.BENCH_START_TIMEOUT_S ?? 180) * 1000;
const STOP_TIMEOUT_MS = 30_000;
const GOAL_SECOND_START_MS = 15_000;

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

let current: Started | undefined;

function start(env: NodeJS.ProcessEnv): Started {
  const child = spawn(process.execPath, ['--enable-source-maps', MAIN], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const keep = (c: Buffer) => {
    out = (out + c.toString('utf8')).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  current = { child, output: () => out, exited };
  return current;
}

/** Polls GET /health/ready until it answers 200; fails if the process exits or time runs out. */
async function waitReady(port: number, started: Started, since: number): Promise<number> {
  let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  void started.exited.then((e) => (exit = e));
  for (;;) {
    if (exit) throw new Error(`the app exited (${exit.code ?? exit.signal}) before it was ready`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/health/ready`, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      if (res.status === 200) return performance.now() - since;
    } catch {
      // not listening yet
    }
    if (performance.now() - since > START_TIMEOUT_MS) throw new Error(`not ready within ${START_TIMEOUT_MS / 1000} s`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** SIGTERM, then waits for the exit; SIGKILL (and the embedded PostgreSQL it leaves) if it hangs. */
async function stop(started: Started, dataDir: string): Promise<string> {
  const { child } = started;
  if (child.exitCode !== null || child.signalCode !== null)
    return `already exited (${child.exitCode ?? child.signalCode})`;
  const t0 = performance.now();
  child.kill('SIGTERM');
  const timer = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), STOP_TIMEOUT_MS).unref());
  const result = await Promise.race([started.exited, timer]);
  if (result !== 'timeout') {
    const line = `exited (${result.code ?? result.signal}) ${Math.round(performance.now() - t0)} ms after SIGTERM`;
    return result.code === 0 ? line : `${line}; its last error: ${lastError(started.output()) ?? '(none logged)'}`;
  }
  child.kill('SIGKILL');
  await started.exited;
  await killOrphanPostgres(dataDir);
  return `did not exit within ${STOP_TIMEOUT_MS / 1000} s of SIGTERM: killed`;
}

/** The postmaster the app started, by the pid it wrote (only after a SIGKILL of the app). */
async function killOrphanPostgres(dataDir: string): Promise<void> {
  const pidFile = path.join(dataDir, 'pg', 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return;
  try {
    process.kill(pid, 'SIGINT'); // PostgreSQL's "fast shutdown"
  } catch {
    return; // not running
  }
  for (let i = 0; i < 100; i++) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // gone
  }
}

/** The first line of the last error the app logged (pino JSON at level ≥ 50, or a plain "Error: …"). */
function lastError(output: string): string | undefined {
  const lines = output.trim().split('\n').reverse();
  for (const line of lines) {
    if (line.startsWith('{')) {
      try {
        const entry = JSON.parse(line) as { level?: number; msg?: string; stack?: string };
        if ((entry.level ?? 0) >= 50) return String(entry.stack ?? entry.msg ?? line).split('\n')[0];
      } catch {
        // not JSON after all
      }
    } else if (/\bError\b/.test(line)) {
      return line.trim();
    }
  }
  return undefined;
}

function appReadyLine(output: string): string | undefined {
  // runStandalone logs "ready in <n> ms" (its own figure, from the start of runStandalone)
  const m = /ready in (\d+) ms/.exec(output);
  return m ? `${m[1]} ms` : undefined;
}

async function main(): Promise<number> {
  if (!existsSync(MAIN)) {
    log(`${path.relative(process.cwd(), MAIN)} is missing: run node tools/build.mjs first`);
    return 1;
  }
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'gz-startup-'));
  // mkdtemp makes the directory 0700; as root, the embedded PostgreSQL runs as the `postgres`
  // user, which must be able to reach <dataDir>/pg.
  await chmod(dataDir, 0o755);
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['DATABASE_URL', 'NATS_URL', 'TEST_DATABASE_URL', 'TEST_NATS_URL', 'OTEL_EXPORTER_OTLP_ENDPOINT'])
    delete env[name];
  const port = await freePort();
  const pgPort = await freePort();
  Object.assign(env, {
    GZ_DATA_DIR: dataDir,
    EMBEDDED_PG_PORT: String(pgPort),
    PORT: String(port),
    HOST: '127.0.0.1',
    NODE_ENV: 'production',
    // production refuses the development keys (registry, identity): give them keys of their own
    PII_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    PII_INDEX_KEY: randomBytes(32).toString('base64'),
    IDENTITY_SECRETS_KEY: randomBytes(32).toString('base64'),
  });

  const cpus = os.cpus();
  log(`Gongzhi startup benchmark, ${new Date().toISOString()}`);
  log(
    `machine: ${cpus.length} × ${cpus[0]?.model ?? '?'}, node ${process.version}${process.getuid?.() === 0 ? ', running as root' : ''}; CPU idle before the start ${await cpuIdle(2000)}%`,
  );
  log(
    `app: node ${path.relative(ROOT, MAIN)}; GZ_DATA_DIR ${dataDir}; embedded PostgreSQL on 127.0.0.1:${pgPort}; HTTP on 127.0.0.1:${port}`,
  );

  const times: Record<string, number> = {};
  let failed = false;
  try {
    for (const run of ['first start (initdb, migrate, seed)', 'second start (data present)']) {
      const t0 = performance.now();
      const started = start(env);
      try {
        const ms = await waitReady(port, started, t0);
        times[run] = ms;
        const own = appReadyLine(started.output());
        log(`${run}: ready after ${(ms / 1000).toFixed(2)} s${own ? ` (the app's own "ready in": ${own})` : ''}`);
      } catch (e) {
        failed = true;
        log(`${run}: FAILED: ${e instanceof Error ? e.message : String(e)}`);
        log(`--- the app's last output ---\n${started.output().trim().split('\n').slice(-30).join('\n')}\n---`);
      } finally {
        log(`  stop: ${await stop(started, dataDir)}`);
      }
      if (failed) break;
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
  const second = times['second start (data present)'];
  if (second !== undefined)
    log(`goal (second start < ${GOAL_SECOND_START_MS / 1000} s): ${second < GOAL_SECOND_START_MS ? 'met' : 'not met'}`);
  return failed ? 1 : 0;
}

// Two starts and two stops at most, each bounded; the watchdog is a last resort.
const watchdog = setTimeout(
  () => {
    process.stderr.write('startup-bench: gave up (watchdog)\n');
    current?.child.kill('SIGKILL');
    process.exit(2);
  },
  2 * (START_TIMEOUT_MS + STOP_TIMEOUT_MS + 15_000),
);
watchdog.unref();

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`startup-bench: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
