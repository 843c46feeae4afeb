/**
 * What every benchmark script needs: settings from the environment, output, cleanup that runs
 * at the end, on an error, on Ctrl-C and when the watchdog runs out, and latency statistics.
 */
import type { ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';

/** A positive integer setting from the environment. */
export function positive(name: string, fallback: number): number {
  const raw = process.env[name];
  const n = raw === undefined ? fallback : Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer`);
  return n;
}

export const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));
export const log = (line: string): void => void process.stdout.write(`${line}\n`);
export const warn = (line: string): void => void process.stderr.write(`bench: ${line}\n`);
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
export const round = (n: number, digits = 1): number => Math.round(n * 10 ** digits) / 10 ** digits;

export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

const cleanups: Array<{ what: string; run: () => Promise<unknown> }> = [];
/** Child processes (load generators, clients) killed first at cleanup. */
export const childProcesses = new Set<ChildProcess>();

/**
 * Registers something to undo at the end (last registered, first undone). The answer undoes it
 * now, once, e.g. when a scenario ends early.
 */
export function onCleanup(what: string, run: () => Promise<unknown>): () => Promise<void> {
  const entry = { what, run };
  cleanups.push(entry);
  return async () => {
    const i = cleanups.indexOf(entry);
    if (i < 0) return;
    cleanups.splice(i, 1);
    await withTimeout(run(), 15_000, what).catch((e: unknown) => warn(`cleanup ${what}: ${message(e)}`));
  };
}

export async function cleanupAll(): Promise<void> {
  for (const child of childProcesses) child.kill('SIGKILL');
  while (cleanups.length > 0) {
    const { what, run } = cleanups.pop()!;
    await withTimeout(run(), 15_000, what).catch((e: unknown) => warn(`cleanup ${what}: ${message(e)}`));
  }
}

/**
 * Runs a benchmark's `main` within `limitMs`, cleaning up in every case. Exit 0 when it ran
 * (benchmarks print goal checks, they never fail on them), 1 on an error, 2 when the watchdog
 * gave up, 130 on Ctrl-C. `on`, not `once`, for the signals: Nest's own shutdown hook raises the
 * signal again once it has closed its app.
 */
export function runBench(main: () => Promise<void>, limitMs: number): void {
  const watchdog = setTimeout(() => {
    warn(`gave up after ${Math.round(limitMs / 1000)} s`);
    void withTimeout(cleanupAll(), 20_000, 'cleanup').finally(() => process.exit(2));
  }, limitMs);
  watchdog.unref();
  let interrupted = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (interrupted) return;
      interrupted = true;
      warn(`${signal}: cleaning up`);
      void withTimeout(cleanupAll(), 20_000, 'cleanup').finally(() => process.exit(130));
    });
  }
  main()
    .then(cleanupAll)
    .then(() => process.exit(0))
    .catch(async (e: unknown) => {
      warn(e instanceof Error ? (e.stack ?? e.message) : String(e));
      await cleanupAll();
      process.exit(1);
    });
}

/** The p-th percentile of sorted values (nearest rank). */
export function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Count, p50, p95, p99 and max of latencies in milliseconds. */
export function stats(values: number[]) {
  const s = [...values].sort((a, b) => a - b);
  const f = (p: number) => {
    const v = percentile(s, p);
    return v === null ? null : round(v);
  };
  return { count: s.length, p50Ms: f(50), p95Ms: f(95), p99Ms: f(99), maxMs: f(100) };
}

/** The machine a run is measured on, for a results file. */
export function machine() {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    model: cpus[0]?.model,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
}

/** The machine as the first lines of a run print it. */
export function machineLine(m = machine()): string {
  return `machine: ${m.cpus} × ${m.model ?? '?'}, ${m.memoryGiB} GiB, node ${m.node}`;
}

/** The share of CPU time (all cores) that was idle over the next `ms`, in percent. */
export async function cpuIdle(ms: number): Promise<number> {
  const sample = () =>
    os
      .cpus()
      .reduce(
        (t, c) => ({ idle: t.idle + c.times.idle, all: t.all + Object.values(c.times).reduce((a, b) => a + b, 0) }),
        { idle: 0, all: 0 },
      );
  const before = sample();
  await sleep(ms);
  const after = sample();
  return Math.round((100 * (after.idle - before.idle)) / Math.max(1, after.all - before.all));
}

/** The repository's root, from bench/ in the sources or dist/bench/ in the build. */
export const REPO_ROOT = path.resolve(__dirname, __dirname.split(path.sep).includes('dist') ? '../..' : '..');

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers, read field by field
export type Json = any;

/**
 * One HTTP call to the gateway as a bench client: bearer token (none when empty), JSON body,
 * the answer parsed when it is JSON (text otherwise), and how long it took.
 */
export async function call(
  base: string,
  token: string,
  method: string,
  url: string,
  body?: unknown,
  timeoutMs = 30_000,
): Promise<{ status: number; body: Json; ms: number }> {
  const t = performance.now();
  const res = await fetch(base + url, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  const ms = performance.now() - t;
  const isJson = (res.headers.get('content-type') ?? '').includes('json');
  return { status: res.status, body: text && isJson ? JSON.parse(text) : text || undefined, ms };
}
