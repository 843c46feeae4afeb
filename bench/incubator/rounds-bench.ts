/**
 * The venture-philanthropy rounds benchmark (issue 13, "Figures to report"): `npm run bench:incubator-rounds`.
 *
 * The platform in one process as the gateway app boots it (identity, the incubator, the gateway,
 * the in-process bus), on a fresh database. Everything goes through the gateway's HTTP API: a
 * street's round with five weighted criteria, BENCH_APPLICATIONS (500) organisations each applying
 * once, a panel of BENCH_REVIEWERS (7) who each score every application (3,500 sheets, one
 * criterion in five marked not applicable on some), and one reviewer with a conflict of interest
 * on BENCH_CONFLICTS (10) applications. Then the ranking (first page of 50, computed over the whole
 * round) is read BENCH_READS (500) times one after another by the round's keeper, the same by the
 * conflicted reviewer (whose ranking leaves out their applications), then by BENCH_CLIENTS (8)
 * concurrent readers; and the whole ranking is exported as CSV BENCH_EXPORTS (50) times. Prints
 * p50/p95/p99 of each (goal: the ranking's p95 < 100 ms), checks the ranking (500 lines, each
 * with 7 reviewers, ranks 1…500 in order of the mean; the conflicted reviewer's 490), and writes
 * bench/results/incubator-rounds-<timestamp>.json. Never asserts: exit 0 either way.
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
import { connectBus, DatabaseRegistry, PlatformModule } from '@gz/platform';
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

const APPLICATIONS = positive('BENCH_APPLICATIONS', 500);
const REVIEWERS = positive('BENCH_REVIEWERS', 7);
const CONFLICTS = Math.min(positive('BENCH_CONFLICTS', 10), APPLICATIONS - 1);
const READS = positive('BENCH_READS', 500);
const CLIENTS = positive('BENCH_CLIENTS', 8);
const EXPORTS = positive('BENCH_EXPORTS', 50);
const SETUP_CLIENTS = 8;
const PASSWORD = 'Bench-Passw0rd!';
const GOAL_P95_MS = 100;

const CRITERIA = [
  { key: 'need', name: '需求迫切性', weight: 30 },
  { key: 'design', name: '项目设计', weight: 25 },
  { key: 'capacity', name: '执行能力', weight: 20 },
  { key: 'budget', name: '预算合理性', weight: 15 },
  { key: 'sustain', name: '可持续性', weight: 10 },
];

/** The system clock, moved forward by the benchmark to close the call. */
class BenchClock {
  offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
}

async function must(
  base: string,
  token: string,
  method: string,
  url: string,
  body: unknown,
  status: number,
): Promise<Json> {
  const res = await call(base, token, method, url, body);
  if (res.status !== status) throw new Error(`${method} ${url}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

async function signIn(base: string, username: string): Promise<string> {
  return (await must(base, '', 'POST', '/api/v1/auth/login', { username, password: PASSWORD }, 200))
    .accessToken as string;
}

/** Runs `work` over `items` with `clients` at a time. */
async function inParallel<T>(items: T[], clients: number, work: (item: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < items.length) {
        const i = next++;
        await work(items[i], i);
      }
    }),
  );
}

/** A reviewer's points for an application: spread so that means differ, with some not-applicable marks. */
const pointsOf = (app: number, reviewer: number, criterion: number): number | null =>
  criterion === 4 && (app + reviewer) % 5 === 0 ? null : (app * 7 + reviewer * 3 + criterion * 5) % 11;

async function main(): Promise<void> {
  log(`Gongzhi venture-philanthropy rounds benchmark, ${new Date().toISOString()}`);
  log(machineLine());
  log(
    `round: ${APPLICATIONS} applications, ${REVIEWERS} reviewers (${APPLICATIONS * REVIEWERS} sheets), ${CONFLICTS} conflicts; ranking read ${READS} × 2 in a row and by ${CLIENTS} concurrent clients`,
  );
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
  // the gateway app reads its settings from the process as well
  process.env.RATE_LIMIT_PER_MINUTE = env.RATE_LIMIT_PER_MINUTE;
  process.env.RATE_LIMIT_AUTH_PER_MINUTE = env.RATE_LIMIT_AUTH_PER_MINUTE;
  process.env.LOG_LEVEL ??= 'warn';
  const clock = new BenchClock();
  @Module({
    imports: [
      PlatformModule.forRoot({ app: 'rounds-bench', env }),
      IdentityModule.forRoot({ env }),
      IncubatorModule.forRoot({ env, clock }),
      GatewayModule.forRoot({ env }),
    ],
  })
  class BenchModule {}
  const app: NestFastifyApplication = await createGatewayApp(BenchModule);
  onCleanup('close the app', () => app.close());
  await connectBus(app);
  await app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  await seedDemoDistrict(app.get(DatabaseRegistry).get('identity'), PASSWORD);

  const admin = await signIn(base, 'district-admin');
  const keeper = await signIn(base, 'street-admin');
  let t = performance.now();
  const reviewers: Array<{ id: string; token: string }> = [];
  for (let i = 0; i < REVIEWERS; i++) {
    const user = await must(
      base,
      admin,
      'POST',
      '/api/v1/users',
      {
        username: `rounds-reviewer-${i}`,
        displayName: `评审专家${i}`,
        password: PASSWORD,
        roles: ['resident'],
        scopes: ['d01.s01.c01.g02'],
      },
      201,
    );
    reviewers.push({ id: user.id as string, token: await signIn(base, `rounds-reviewer-${i}`) });
  }
  const now = clock.now().getTime();
  const created = await must(
    base,
    keeper,
    'POST',
    '/api/v1/incubator/rounds',
    {
      place: 'd01.s01',
      title: '东湖街道公益创投（压测）',
      callText: '面向辖区社区社会组织征集服务项目',
      track: 'standard',
      budgetFen: 170_000_000,
      eligibility: { legalStatuses: ['registered', 'filed', 'informal'] },
      opensAt: new Date(now - 60_000).toISOString(),
      closesAt: new Date(now + 3_600_000).toISOString(),
      reviewBy: new Date(now + 7_200_000).toISOString(),
      criteria: CRITERIA,
    },
    201,
  );
  const roundId = created.id as string;
  for (const r of reviewers)
    await must(base, keeper, 'POST', `/api/v1/incubator/rounds/${roundId}/reviewers`, { userId: r.id }, 201);
  await must(base, keeper, 'POST', `/api/v1/incubator/rounds/${roundId}/open`, {}, 200);
  log(`${REVIEWERS} reviewers created and named, round opened: ${round((performance.now() - t) / 1000)} s`);

  t = performance.now();
  const applications: string[] = new Array(APPLICATIONS);
  await inParallel(
    Array.from({ length: APPLICATIONS }, (_, i) => i),
    SETUP_CLIENTS,
    async (i) => {
      const community = i % 2 ? 'd01.s01.c02' : 'd01.s01.c01';
      const org = await must(
        base,
        keeper,
        'POST',
        '/api/v1/incubator/organisations',
        {
          name: `压测社区组织${String(i).padStart(4, '0')}`,
          legalStatus: i % 2 ? 'filed' : 'informal',
          communityPath: community,
          communitiesServed: [community],
          fields: ['elderly'],
        },
        201,
      );
      const amount = 100_000 + (i % 50) * 10_000;
      const application = await must(
        base,
        keeper,
        'POST',
        `/api/v1/incubator/rounds/${roundId}/applications`,
        {
          organisationId: org.id,
          title: `社区服务项目${i}`,
          summary: '为辖区居民提供服务',
          targetGroup: '辖区居民',
          communityPath: community,
          amountFen: amount,
          budgetLines: [
            { item: '人员', amountFen: amount - 50_000 },
            { item: '物料', amountFen: 50_000 },
          ],
          milestones: [
            { title: '中期', dueOn: '2026-09-30', shareBp: 5000 },
            { title: '结项', dueOn: '2026-12-31', shareBp: 5000 },
          ],
        },
        201,
      );
      applications[i] = application.id as string;
    },
  );
  const applyS = (performance.now() - t) / 1000;
  log(`${APPLICATIONS} organisations and applications through the gateway: ${round(applyS)} s`);

  clock.offsetMs = 3_600_000 + 1000;
  await must(base, keeper, 'POST', `/api/v1/incubator/rounds/${roundId}/close-call`, {}, 200);
  const conflicted = reviewers[REVIEWERS - 1];
  for (const id of applications.slice(0, CONFLICTS))
    await must(
      base,
      conflicted.token,
      'POST',
      `/api/v1/incubator/rounds/${roundId}/conflicts`,
      { applicationId: id, kind: 'interest' },
      201,
    );
  t = performance.now();
  const sheets = applications.flatMap((id, a) => reviewers.map((r, v) => ({ id, a, r, v })));
  const sheetMs: number[] = [];
  await inParallel(sheets, SETUP_CLIENTS, async ({ id, a, r, v }) => {
    if (r === conflicted && a < CONFLICTS) return;
    const res = await call(base, r.token, 'PUT', `/api/v1/incubator/applications/${id}/score-sheet`, {
      marks: CRITERIA.map((c, k) => {
        const p = pointsOf(a, v, k);
        return p === null ? { criterion: c.key, notApplicable: true } : { criterion: c.key, points: p };
      }),
    });
    if (res.status !== 200) throw new Error(`score sheet: ${res.status} ${JSON.stringify(res.body)}`);
    sheetMs.push(res.ms);
  });
  const scoreS = (performance.now() - t) / 1000;
  const sheetStats = stats(sheetMs);
  log(
    `${sheetMs.length} score sheets through the gateway from ${SETUP_CLIENTS} clients: ${round(scoreS)} s, ${round(sheetMs.length / scoreS)} sheets/s, p95 ${sheetStats.p95Ms} ms`,
  );

  const rankingUrl = `/api/v1/incubator/rounds/${roundId}/ranking?pageSize=50`;
  // warm-up: plans cached, the pool's connections open
  for (let i = 0; i < 20; i++) await call(base, keeper, 'GET', rankingUrl);
  const readSequential = async (token: string) => {
    const ms: number[] = [];
    for (let i = 0; i < READS; i++) {
      const res = await call(base, token, 'GET', rankingUrl);
      if (res.status !== 200) throw new Error(`ranking: ${res.status} ${JSON.stringify(res.body)}`);
      ms.push(res.ms);
    }
    return stats(ms);
  };
  const keeperStats = await readSequential(keeper);
  const reviewerStats = await readSequential(conflicted.token);
  const concurrentMs: number[] = [];
  t = performance.now();
  await inParallel(
    Array.from({ length: READS }, (_, i) => i),
    CLIENTS,
    async () => {
      const res = await call(base, keeper, 'GET', rankingUrl);
      if (res.status !== 200) throw new Error(`ranking: ${res.status}`);
      concurrentMs.push(res.ms);
    },
  );
  const concurrentS = (performance.now() - t) / 1000;
  const concurrentStats = stats(concurrentMs);
  const exportMs: number[] = [];
  let exportBytes = 0;
  for (let i = 0; i < EXPORTS; i++) {
    const res = await call(base, keeper, 'GET', `/api/v1/incubator/rounds/${roundId}/ranking/export?format=csv`);
    if (res.status !== 200) throw new Error(`export: ${res.status}`);
    exportBytes = Buffer.byteLength(res.body as string);
    exportMs.push(res.ms);
  }
  const exportStats = stats(exportMs);

  // the ranking is what it should be: every application, each with its sheets, in order of the mean
  const whole: Json[] = [];
  for (let page = 1; whole.length < APPLICATIONS; page++) {
    const res = await must(
      base,
      keeper,
      'GET',
      `/api/v1/incubator/rounds/${roundId}/ranking?pageSize=200&page=${page}`,
      undefined,
      200,
    );
    whole.push(...res.items);
    if (res.items.length === 0) break;
  }
  const conflictedIds = new Set(applications.slice(0, CONFLICTS));
  const ordered = whole.every(
    (r, i) =>
      r.rank === i + 1 &&
      r.reviewers === (conflictedIds.has(r.applicationId) ? REVIEWERS - 1 : REVIEWERS) &&
      (i === 0 || r.scoreSum / r.reviewers <= whole[i - 1].scoreSum / whole[i - 1].reviewers),
  );
  const theirs = await must(
    base,
    conflicted.token,
    'GET',
    `/api/v1/incubator/rounds/${roundId}/ranking?pageSize=1`,
    undefined,
    200,
  );
  const rankingOk = whole.length === APPLICATIONS && ordered && theirs.total === APPLICATIONS - CONFLICTS;

  const line = (what: string, s: ReturnType<typeof stats>, goal = true) =>
    log(
      `${what}: ${s.count} reads, p50 ${s.p50Ms} ms, p95 ${s.p95Ms} ms, p99 ${s.p99Ms} ms, max ${s.maxMs} ms${
        goal ? ` (goal p95 < ${GOAL_P95_MS}: ${(s.p95Ms ?? Infinity) < GOAL_P95_MS ? 'met' : 'MISSED'})` : ''
      }`,
    );
  log('');
  line('ranking, keeper, one after another', keeperStats);
  line(`ranking, reviewer with ${CONFLICTS} conflicts, one after another`, reviewerStats);
  line(`ranking, keeper, ${CLIENTS} concurrent clients (${round(READS / concurrentS)} reads/s)`, concurrentStats);
  line(`ranking export (CSV, ${APPLICATIONS} lines, ${exportBytes} bytes)`, exportStats, false);
  log(
    `ranking checked: ${whole.length} lines, ranks in order of the mean, ${REVIEWERS} reviewers each (${REVIEWERS - 1} where conflicted), the conflicted reviewer sees ${theirs.total}: ${rankingOk ? 'yes' : 'NO'}`,
  );

  const results = {
    bench: 'incubator-rounds',
    at: new Date().toISOString(),
    machine: machine(),
    applications: APPLICATIONS,
    reviewers: REVIEWERS,
    conflicts: CONFLICTS,
    setup: {
      applySeconds: round(applyS),
      scoreSeconds: round(scoreS),
      sheets: sheetMs.length,
      sheetLatency: sheetStats,
    },
    ranking: {
      keeper: keeperStats,
      conflictedReviewer: reviewerStats,
      concurrent: { clients: CLIENTS, perSecond: round(READS / concurrentS), latency: concurrentStats },
    },
    export: { ...exportStats, bytes: exportBytes },
    rankingOk,
    goals: {
      rankingP95: (keeperStats.p95Ms ?? Infinity) < GOAL_P95_MS && (reviewerStats.p95Ms ?? Infinity) < GOAL_P95_MS,
    },
  };
  const dir = path.join(REPO_ROOT, 'bench', 'results');
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `incubator-rounds-${results.at.replace(/[:.]/g, '-')}.json`);
  await writeFile(file, `${JSON.stringify(results, null, 2)}\n`);
  log(`results: ${path.relative(REPO_ROOT, file)}`);
}

runBench(main, 20 * 60_000);
