import { randomBytes } from 'node:crypto';
import { eventStreamName } from '@gz/contracts';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { Client } from 'pg';

/** The server tests create their databases on (a maintenance database URL). */
export const TEST_SERVER_URL =
  process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const TEST_NATS_URL = process.env.TEST_NATS_URL ?? process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

function suffix(): string {
  return randomBytes(5).toString('hex');
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** A fresh, empty database for one test file; `drop()` removes it. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `gz_test_${suffix()}`;
  const admin = new Client({ connectionString: TEST_SERVER_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return {
    name,
    url: withDatabase(TEST_SERVER_URL, name),
    async drop() {
      const c = new Client({ connectionString: TEST_SERVER_URL });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

/** A bus root of its own (subjects and JetStream stream) so test files never see each other. */
export function testBusRoot(): string {
  return `t${suffix()}`;
}

/** Deletes the JetStream stream of a test bus root. */
export async function deleteTestStream(root: string, natsUrl = TEST_NATS_URL): Promise<void> {
  const nc = await connect({ servers: natsUrl, timeout: 2000 });
  try {
    const jsm = await jetstreamManager(nc);
    await jsm.streams.delete(eventStreamName(root)).catch(() => false);
  } finally {
    await nc.close();
  }
}

export interface TestEnvOptions {
  databaseUrl: string;
  busRoot: string;
  /** use NATS (true) or the in-process bus (false) */
  nats: boolean;
  extra?: Record<string, string>;
}

/** The environment an app under test reads instead of process.env. */
export function testEnv(options: TestEnvOptions): NodeJS.ProcessEnv {
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DATABASE_URL: options.databaseUrl,
    BUS_ROOT: options.busRoot,
    ...(options.nats ? { NATS_URL: TEST_NATS_URL } : {}),
    BUS_REQUEST_TIMEOUT_MS: '3000',
    OUTBOX_POLL_MS: '200',
    EVENT_RETRY_BASE_MS: '50',
    DB_POOL_SIZE: '4',
    ...options.extra,
  };
}

/** Polls until `check` returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined> | T | undefined, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
