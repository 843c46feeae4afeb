/**
 * The incubation benchmark (issue 13, organisations and incubation): `npm run bench:incubator-incubation`.
 *
 * The platform in one process (identity, the incubator, the gateway, the in-process bus) on a
 * fresh database. A street with BENCH_ORGS (2,000) organisations on the roll, each serving its
 * community and each with one incubation in the street's park, written straight into the
 * incubator schema with set-based SQL, its stage history included: a fifth applied on time, a
 * fifth applied and past the 5-working-day first review, a fifth admitted, a fifth incubating,
 * a fifth graduated (five stages). Then, through the gateway, one request at a time,
 * BENCH_READS (300) each after 20 warm-ups: the overdue first reviews of the street (one page
 * of 50), one incubation with its whole history, the district's coverage of communities. Then
 * the on-time applications (BENCH_ORGS / 5) are admitted from BENCH_CLIENTS (32) concurrent
 * clients, each admission sent twice: admissions/s, and each admitted exactly once (one
 * `admitted` entry in its history, one incubation.admitted event, the second request 409).
 * Prints the figures, writes bench/results/incubation-<timestamp>.json. Never asserts.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Module } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createGatewayApp, GatewayModule } from '@gz/gateway';
import { IdentityModule, seedDemoDistrict } from '@gz/identity';
import { IncubatorModule } from '@gz/incubator';
import { connectBus, DatabaseRegistry, newId, PlatformModule, WorkingCalendar } from '@gz/platform';
import { createTestDatabase } from '@gz/testing';
import {
  call,
  type Json,
  log,
  machine,
  machineLine,
  onCleanup,
  positive,
  REPO_ROOT,
  round,
  runBench,
  stats,
} from '../support';

const ORGS = positive('BENCH_ORGS', 2000);
const READS = positive('BENCH_READS', 300);
const CLIENTS = positive('BENCH_CLIENTS', 32);
const PASSWORD = 'Bench-Passw0rd!';
const GOAL_READ_P95_MS = 100;
const DAY = 24 * 60 * 60 * 1000;

async function signIn(base: string, username: string): Promise<string> {
  const res = await call(base, '', 'POST', '/api/v1/auth/login', { username, password: PASSWORD });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.accessToken as string;
}

/** Milliseconds of `n` sequential requests after 20 warm-ups; throws on any answer but 200. */
async function timed(n: number, request: (i: number) => Promise<{ status: number; body: Json }>): Promise<number[]> {
  for (let i = 0; i < 20; i++) await request(i);
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    const res = await request(i);
    ms.push(performance.now() - t);
    if (res.status !== 200) throw new Error(`read ${i}: ${res.status} ${JSON.stringify(res.body)}`);
  }
  return ms;
}

type Stage = 'applied' | 'admitted' | 'incubating' | 'graduated';
const PATHS: Record<Stage, string[]> = {
  applied: ['applied'],
  admitted: ['applied', 'admitted'],
  incubating: ['applied', 'admitted', 'incubating'],
  graduated: ['applied', 'admitted', 'incubating', 'assessed', 'graduated'],
};

/** The street's roll and incubations, as the service would have written them; answers the on-time applications. */
async function writeIncubations(
  ds: import('typeorm').DataSource,
  now: Date,
): Promise<{ onTime: string[]; all: string[] }> {
  const calendar = new WorkingCalendar();
  const parkId = newId();
  await ds.query(
    `INSERT INTO "incubator".park (id, name, path, street_code, operator, created_by_id, created_at)
     VALUES ($1, '东湖街道社会组织孵化园（压测）', 'd01.s01', 's01', '东湖社会工作服务中心', 'bench', $2)`,
    [parkId, now],
  );
  const orgs = Array.from({ length: ORGS }, (_, i) => ({
    id: newId(),
    name: `压测社会组织${i}`,
    community: i % 2 === 0 ? 'd01.s01.c01' : 'd01.s01.c02',
    status: (['registered', 'filed', 'informal'] as const)[i % 3],
  }));
  await ds.query(
    `INSERT INTO "incubator".organisation (id, name, legal_status, credit_code, street_code, community_path, fields,
       created_by, created_at, updated_at)
     SELECT id, name, status, CASE WHEN status = 'registered' THEN '52510100MJ' || lpad(n::text, 7, '0') || 'X' END,
            's01', community, ARRAY['elderly'], 'bench', $5, $5
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) WITH ORDINALITY o(id, name, community, status, n)`,
    [orgs.map((o) => o.id), orgs.map((o) => o.name), orgs.map((o) => o.community), orgs.map((o) => o.status), now],
  );
  await ds.query(
    `INSERT INTO "incubator".organisation_community (organisation_id, community_path)
     SELECT id, community FROM unnest($1::uuid[], $2::text[]) o(id, community)`,
    [orgs.map((o) => o.id), orgs.map((o) => o.community)],
  );
  const rows = orgs.map((o, i) => {
    const kind = i % 5; // 0 applied on time, 1 applied overdue, 2 admitted, 3 incubating, 4 graduated
    const stage: Stage = (['applied', 'applied', 'admitted', 'incubating', 'graduated'] as const)[kind];
    const applied = new Date(now.getTime() - (kind === 0 ? 1 : 20 + (i % 30)) * DAY);
    return {
      id: newId(),
      org: o.id,
      stage,
      applied,
      due: calendar.deadlineAfter(applied, 5),
      reviewed: stage === 'applied' ? null : new Date(applied.getTime() + 2 * DAY),
    };
  });
  await ds.query(
    `INSERT INTO "incubator".incubation (id, park_id, organisation_id, stage, street_code, park_path, applied_at,
       first_review_due_at, first_reviewed_at, version, created_at, updated_at)
     SELECT id, $2, org, stage, 's01', 'd01.s01', applied, due, reviewed, 1, applied, applied
       FROM unnest($1::uuid[], $3::uuid[], $4::text[], $5::timestamptz[], $6::timestamptz[], $7::timestamptz[])
            i(id, org, stage, applied, due, reviewed)`,
    [
      rows.map((r) => r.id),
      parkId,
      rows.map((r) => r.org),
      rows.map((r) => r.stage),
      rows.map((r) => r.applied),
      rows.map((r) => r.due),
      rows.map((r) => r.reviewed),
    ],
  );
  const entries = rows.flatMap((r) =>
    PATHS[r.stage].map((stage, k, all) => ({
      id: r.id,
      stage,
      from: k === 0 ? null : all[k - 1],
      at: new Date(r.applied.getTime() + k * 2 * DAY),
    })),
  );
  await ds.query(
    `INSERT INTO "incubator".incubation_stage (incubation_id, stage, from_stage, by_id, by_name, at)
     SELECT id, stage, from_stage, 'bench', 'bench', at
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[]) s(id, stage, from_stage, at)`,
    [entries.map((e) => e.id), entries.map((e) => e.stage), entries.map((e) => e.from), entries.map((e) => e.at)],
  );
  await ds.query(`ANALYZE "incubator".incubation`);
  await ds.query(`ANALYZE "incubator".incubation_stage`);
  return { onTime: rows.filter((_, i) => i % 5 === 0).map((r) => r.id), all: rows.map((r) => r.id) };
}

async function main(): Promise<void> {
  log(`Gongzhi incubation benchmark, ${new Date().toISOString()}`);
  log(machineLine());
  log(`street: ${ORGS} organisations, one incubation each; ${READS} reads per query; ${CLIENTS} concurrent clients`);
  const database = await createTestDatabase();
  onCleanup(`drop database ${database.name}`, () => database.drop());
  const env: NodeJS.ProcessEnv = {
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    DATABASE_URL: database.url,
    BUS_ROOT: `bench${randomBytes(4).toString('hex')}`,
    ACCESS_TOKEN_TTL_S: '3600',
    IDENTITY_SECRETS_KEY: randomBytes(32).toString('base64'),
    INCUBATOR_PII_KEY: randomBytes(32).toString('base64'),
    RATE_LIMIT_PER_MINUTE: '100000000',
    RATE_LIMIT_AUTH_PER_MINUTE: '100000',
  };
  process.env.RATE_LIMIT_PER_MINUTE = env.RATE_LIMIT_PER_MINUTE;
  process.env.RATE_LIMIT_AUTH_PER_MINUTE = env.RATE_LIMIT_AUTH_PER_MINUTE;
  process.env.LOG_LEVEL ??= 'warn';
  @Module({
    imports: [
      PlatformModule.forRoot({ app: 'incubation-bench', env }),
      IdentityModule.forRoot({ env }),
      IncubatorModule.forRoot({ env }),
      GatewayModule.forRoot({ env }),
    ],
  })
  class BenchModule {}
  const app: NestFastifyApplication = await createGatewayApp(BenchModule);
  onCleanup('close the app', () => app.close());
  await connectBus(app);
  await app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  const registry = app.get(DatabaseRegistry);
  await seedDemoDistrict(registry.get('identity'), PASSWORD);
  const street = await signIn(base, 'street-admin');
  const district = await signIn(base, 'district-admin');

  let t = performance.now();
  const ds = registry.get('incubator');
  const { onTime, all } = await writeIncubations(ds, new Date());
  log(`roll and incubations written: ${round((performance.now() - t) / 1000)} s`);

  const overdue = stats(
    await timed(READS, () =>
      call(base, street, 'GET', '/api/v1/incubator/incubations?overdue=true&within=d01.s01&pageSize=50'),
    ),
  );
  const overdueTotal = (await call(base, street, 'GET', '/api/v1/incubator/incubations?overdue=true&within=d01.s01'))
    .body.total as number;
  const one = stats(
    await timed(READS, (i) =>
      call(base, street, 'GET', `/api/v1/incubator/incubations/${all[(i * 7919) % all.length]}`),
    ),
  );
  const coverage = stats(
    await timed(READS, () => call(base, district, 'GET', '/api/v1/incubator/coverage/communities?within=d01')),
  );

  // each on-time application admitted twice over, from CLIENTS clients at once
  const jobs = [...onTime, ...onTime];
  const statuses: number[] = [];
  t = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, c) => {
      const token = c % 2 === 0 ? street : district;
      while (next < jobs.length) {
        const id = jobs[next++];
        statuses.push(
          (await call(base, token, 'POST', `/api/v1/incubator/incubations/${id}/stage`, { stage: 'admitted' })).status,
        );
      }
    }),
  );
  const elapsedS = (performance.now() - t) / 1000;
  const admitted = statuses.filter((s) => s === 200).length;
  const refused = statuses.filter((s) => s === 409).length;
  const [{ entries, once }] = await ds.query(
    `SELECT count(*)::int AS entries, count(DISTINCT incubation_id)::int AS once FROM "incubator".incubation_stage
      WHERE stage = 'admitted' AND incubation_id = ANY($1::uuid[])`,
    [onTime],
  );
  const [{ events }] = await ds.query(
    `SELECT count(*)::int AS events FROM "incubator".outbox WHERE type = 'incubation.admitted'`,
  );
  const exactlyOnce =
    admitted === onTime.length &&
    refused === onTime.length &&
    entries === onTime.length &&
    once === onTime.length &&
    events === onTime.length;

  // then one move at a time: admitted → incubating (the timed helper warms up on the first 20)
  let k = 0;
  const moveMs = stats(
    await timed(Math.min(onTime.length, READS) - 20, () =>
      call(base, street, 'POST', `/api/v1/incubator/incubations/${onTime[k++]}/stage`, { stage: 'incubating' }),
    ),
  );

  log('');
  const goal = (p95: number | null) => ((p95 ?? Infinity) < GOAL_READ_P95_MS ? 'met' : 'MISSED');
  log(
    `overdue first reviews of the street (${overdueTotal} overdue, a page of 50): p50 ${overdue.p50Ms} ms, p95 ${overdue.p95Ms} ms (goal < ${GOAL_READ_P95_MS}): ${goal(overdue.p95Ms)}`,
  );
  log(
    `one incubation with its history: p50 ${one.p50Ms} ms, p95 ${one.p95Ms} ms (goal < ${GOAL_READ_P95_MS}): ${goal(one.p95Ms)}`,
  );
  log(
    `district coverage of communities: p50 ${coverage.p50Ms} ms, p95 ${coverage.p95Ms} ms (goal < ${GOAL_READ_P95_MS}): ${goal(coverage.p95Ms)}`,
  );
  log(
    `admissions: ${onTime.length} applications, each sent twice from ${CLIENTS} clients in ${round(elapsedS, 2)} s: ${round(jobs.length / elapsedS)} requests/s, ${round(admitted / elapsedS)} admissions/s`,
  );
  log(`one stage move at a time (admitted → incubating): p50 ${moveMs.p50Ms} ms, p95 ${moveMs.p95Ms} ms`);
  log(
    `  admitted ${admitted}, refused 409 ${refused}, history entries ${entries} for ${once} incubations, ${events} events: exactly once ${exactlyOnce ? 'yes' : 'NO'}`,
  );

  const results = {
    bench: 'incubator-incubation',
    at: new Date().toISOString(),
    machine: machine(),
    organisations: ORGS,
    reads: READS,
    clients: CLIENTS,
    overdueFirstReviews: { overdue: overdueTotal, latency: overdue },
    incubationWithHistory: one,
    districtCoverage: coverage,
    sequentialMove: moveMs,
    admissions: {
      applications: onTime.length,
      requests: jobs.length,
      admitted,
      refused,
      elapsedS: round(elapsedS, 2),
      perSecond: round(admitted / elapsedS),
      entries,
      events,
      exactlyOnce,
    },
  };
  const dir = path.join(REPO_ROOT, 'bench', 'results');
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `incubation-${results.at.replace(/[:.]/g, '-')}.json`);
  await writeFile(file, `${JSON.stringify(results, null, 2)}\n`);
  log(`results: ${path.relative(REPO_ROOT, file)}`);
}

runBench(main, 10 * 60_000);
