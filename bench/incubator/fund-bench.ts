/**
 * The community funds benchmark (issue 13, "Figures to report"): `npm run bench:incubator-funds`.
 *
 * The platform in one process as the gateway app boots it (identity, the incubator, the gateway,
 * the in-process bus), on a fresh database. A micro-fund of the demo community is set up through
 * the API with two managers; donations bring its balance to what BENCH_AFFORDABLE (400) payments
 * of BENCH_AMOUNT_FEN (1,000 fen) allow, plus 550 fen that no payment can use. BENCH_PAYMENTS
 * (1,000) spendings are requested by the community's secretary and approved by a manager (the real
 * flow: someone other than the requester approves), all through the gateway. Then a child process
 * (fund-pay-load.ts, never sharing the platform's event loop) sends every payment request at once.
 * Checked afterwards: the number paid equals what the balance allowed, every other request was
 * refused with 409 naming the balance, the final balance is what was left (never negative), the
 * ledger adds up to it and the period's statement closes on it. Prints payments/s (requests
 * answered per second) and writes bench/results/incubator-funds-<timestamp>.json. The gateway's
 * bus timeout is raised to BENCH_REQUEST_TIMEOUT_MS (60 s): a thousand requests at once queue for
 * the database pool, and the figure is how fast that queue drains. Never asserts: exit 0 either way.
 */
import { spawn } from 'node:child_process';
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
  call as apiCall,
  childProcesses,
  type Json,
  log,
  machine,
  machineLine,
  message,
  onCleanup,
  positive,
  REPO_ROOT,
  round,
  runBench,
  stats,
} from '../support';

const PAYMENTS = positive('BENCH_PAYMENTS', 1000);
const AFFORDABLE = Math.min(positive('BENCH_AFFORDABLE', 400), PAYMENTS);
const AMOUNT_FEN = positive('BENCH_AMOUNT_FEN', 1000);
const LEFT_OVER_FEN = 550 % AMOUNT_FEN;
const SETUP_CONCURRENCY = 16;
const PASSWORD = 'Bench-Passw0rd!';

/** Payments wait behind one fund's row: a longer timeout than the default. */
const call = (base: string, token: string, method: string, url: string, body?: unknown) =>
  apiCall(base, token, method, url, body, 60000);

async function expectStatus(what: string, status: number, p: Promise<{ status: number; body: Json }>): Promise<Json> {
  const res = await p;
  if (res.status !== status) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

async function signIn(base: string, username: string): Promise<string> {
  const body = await expectStatus(
    `login ${username}`,
    200,
    call(base, '', 'POST', '/api/v1/auth/login', { username, password: PASSWORD }),
  );
  return body.accessToken as string;
}

/** Runs `task` for 0…n-1 with at most `width` at a time. */
async function inParallel(n: number, width: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      for (let i = next++; i < n; i = next++) await task(i);
    }),
  );
}

interface LoadAnswer {
  paid: number;
  refusedForBalance: number;
  other: number;
  others: string[];
  elapsedS: number;
  latencyMs: number[];
}

function runLoad(load: Record<string, unknown>): Promise<LoadAnswer> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(__dirname, 'fund-pay-load.js')], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    childProcesses.add(child);
    child.stdin.end(JSON.stringify(load));
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
    child.on('error', reject);
    child.on('exit', (code) => {
      childProcesses.delete(child);
      try {
        if (code !== 0) throw new Error(`exit ${code}`);
        resolve(JSON.parse(out.trim().split('\n').pop() ?? '') as LoadAnswer);
      } catch (e) {
        reject(new Error(`payment load failed (${message(e)}): ${err.trim().slice(-2000)}`));
      }
    });
  });
}

async function main(): Promise<void> {
  log(`Gongzhi community funds benchmark, ${new Date().toISOString()}`);
  log(machineLine());
  log(
    `one micro-fund affording ${AFFORDABLE} payments of ${AMOUNT_FEN} fen (+${LEFT_OVER_FEN} fen); ${PAYMENTS} concurrent payment requests`,
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
    // all requests arrive at once and queue for the database's pool (DB_POOL_SIZE, 10): the bench
    // measures how fast the queue drains, so the gateway waits for the answers instead of the default 5 s
    BUS_REQUEST_TIMEOUT_MS: String(positive('BENCH_REQUEST_TIMEOUT_MS', 60_000)),
  };
  // the gateway app reads its settings from the process as well
  process.env.RATE_LIMIT_PER_MINUTE = env.RATE_LIMIT_PER_MINUTE;
  process.env.RATE_LIMIT_AUTH_PER_MINUTE = env.RATE_LIMIT_AUTH_PER_MINUTE;
  process.env.LOG_LEVEL ??= 'warn';
  @Module({
    imports: [
      PlatformModule.forRoot({ app: 'funds-bench', env }),
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

  const admin = await signIn(base, 'district-admin');
  const secretary = await signIn(base, 'community-secretary');
  const managers: Array<{ userId: string; name: string; token: string }> = [];
  for (const [username, name] of [
    ['bench-fund-manager-1', '李桂芳'],
    ['bench-fund-manager-2', '张德明'],
  ]) {
    const user = await expectStatus(
      `POST /users ${username}`,
      201,
      call(base, admin, 'POST', '/api/v1/users', {
        username,
        displayName: name,
        password: PASSWORD,
        roles: ['resident'],
        scopes: ['d01.s01.c01.g01'],
      }),
    );
    managers.push({ userId: user.id, name, token: await signIn(base, username) });
  }

  const t = performance.now();
  const fund = await expectStatus(
    'POST /funds',
    201,
    call(base, secretary, 'POST', '/api/v1/incubator/funds', {
      kind: 'micro_fund',
      name: '湖光社区邻里微基金（压测）',
      placePath: 'd01.s01.c01',
      charity: '东湖街道社区发展基金会',
      managers: managers.map(({ userId, name }) => ({ userId, name })),
    }),
  );
  // the balance in ten donations: AFFORDABLE payments' worth and a remainder no payment can use
  const total = AFFORDABLE * AMOUNT_FEN + LEFT_OVER_FEN;
  const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
  for (let i = 0; i < 10; i++) {
    const amountFen = Math.floor(total / 10) + (i === 9 ? total % 10 : 0);
    await expectStatus(
      'POST /donations',
      201,
      call(base, managers[0].token, 'POST', `/api/v1/incubator/funds/${fund.id}/donations`, {
        donorName: `捐赠人${i + 1}`,
        donorPhone: `1390000${String(i).padStart(4, '0')}`,
        amountFen,
        channel: 'bank_transfer',
        receivedOn: today,
      }),
    );
  }
  const spendingIds: string[] = new Array(PAYMENTS);
  await inParallel(PAYMENTS, SETUP_CONCURRENCY, async (i) => {
    const asked = await expectStatus(
      'POST /spending',
      201,
      call(base, secretary, 'POST', `/api/v1/incubator/funds/${fund.id}/spending`, {
        purpose: `困难家庭临时救助 ${i + 1}`,
        payee: `受助家庭 ${i + 1}`,
        amountFen: AMOUNT_FEN,
      }),
    );
    await expectStatus(
      'approve',
      200,
      call(base, managers[i % 2].token, 'POST', `/api/v1/incubator/funds/spending/${asked.id}/approve`, {}),
    );
    spendingIds[i] = asked.id as string;
  });
  const setupS = (performance.now() - t) / 1000;
  const setupRate = (2 * PAYMENTS) / setupS;
  log(
    `fund set up with ${total} fen in 10 donations, ${PAYMENTS} spendings requested and approved: ${round(setupS)} s ` +
      `(${round(setupRate)} requests/s from ${SETUP_CONCURRENCY} clients: this machine's pace for simple writes, to read the figure below against)`,
  );

  // the payer is the secretary; every payment request at once
  const load = await runLoad({ base, token: secretary, spendingIds });
  const answered = load.paid + load.refusedForBalance + load.other;
  const perSecond = answered / load.elapsedS;
  const latency = stats(load.latencyMs);

  const after = await expectStatus(
    'GET /funds/:id',
    200,
    call(base, secretary, 'GET', `/api/v1/incubator/funds/${fund.id}`),
  );
  const ds = registry.get('incubator');
  const [ledger] = (await ds.query(
    `SELECT count(*) FILTER (WHERE kind = 'spending')::int AS paid, COALESCE(sum(delta_fen), 0)::bigint AS sum,
            min(balance_after_fen)::bigint AS lowest, count(*)::int AS entries, count(DISTINCT seq)::int AS seqs
       FROM "incubator".fund_entry WHERE fund_id = $1`,
    [fund.id],
  )) as Array<{ paid: number; sum: string; lowest: string; entries: number; seqs: number }>;
  const statement = await expectStatus(
    'GET /statement',
    200,
    call(base, secretary, 'GET', `/api/v1/incubator/funds/${fund.id}/statement?from=${today}&to=${today}`),
  );
  const allowed = Math.floor(total / AMOUNT_FEN);
  const expectedBalance = total - allowed * AMOUNT_FEN;
  const paidAsAllowed = load.paid === allowed && ledger.paid === allowed;
  const balanceRight =
    after.balanceFen === expectedBalance &&
    Number(ledger.sum) === expectedBalance &&
    Number(ledger.lowest) >= 0 &&
    statement.closingBalanceFen === expectedBalance &&
    ledger.entries === ledger.seqs;

  log('');
  log(
    `payments: ${answered} answered in ${round(load.elapsedS, 2)} s: ${load.paid} paid, ${load.refusedForBalance} refused (409 naming the balance), ${load.other} other${load.others.length ? ` (${load.others.join('; ')})` : ''}`,
  );
  log(`  ${round(perSecond)} payment requests/s, ${round(load.paid / load.elapsedS)} paid/s`);
  log(`  latency p50 ${latency.p50Ms} ms, p95 ${latency.p95Ms} ms, p99 ${latency.p99Ms} ms, max ${latency.maxMs} ms`);
  log(
    `paid equals what the balance allowed: ${load.paid} paid, ${ledger.paid} in the ledger, ${allowed} allowed: ${paidAsAllowed ? 'yes' : 'NO'}`,
  );
  log(
    `final balance ${after.balanceFen} fen (expected ${expectedBalance}; ledger sum ${ledger.sum}, lowest balance after any entry ${ledger.lowest}, statement closes on ${statement.closingBalanceFen}): ${balanceRight ? 'never negative, adds up' : 'NO'}`,
  );

  const results = {
    bench: 'incubator-funds',
    at: new Date().toISOString(),
    machine: machine(),
    payments: PAYMENTS,
    amountFen: AMOUNT_FEN,
    fundTotalFen: total,
    allowed,
    setupRequestsPerSecond: round(setupRate),
    load: {
      paid: load.paid,
      refusedForBalance: load.refusedForBalance,
      other: load.other,
      elapsedS: round(load.elapsedS, 2),
      requestsPerSecond: round(perSecond),
      paidPerSecond: round(load.paid / load.elapsedS),
      latency,
    },
    ledger: { ...ledger, finalBalanceFen: after.balanceFen, statementClosingFen: statement.closingBalanceFen },
    checks: { paidAsAllowed, balanceRight },
  };
  const dir = path.join(REPO_ROOT, 'bench', 'results');
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `incubator-funds-${results.at.replace(/[:.]/g, '-')}.json`);
  await writeFile(file, `${JSON.stringify(results, null, 2)}\n`);
  log(`results: ${path.relative(REPO_ROOT, file)}`);
}

runBench(main, 15 * 60_000);
