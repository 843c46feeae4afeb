/**
 * The evaluation benchmark (issue 14, "Figures to report"): `npm run bench:evaluation`.
 *
 * The platform in one process (identity, evaluation, the gateway) over real NATS (JetStream), on
 * a fresh database and its own bus root. In one run:
 *  1. live application: BENCH_LIVE_TICKETS (10,000) tickets' events (report, opening, closing:
 *     3 each) published on JetStream and applied through evaluation's real durable consumer and
 *     its projector; events/s from the first publish to the last one applied (goal ≥ 2,000);
 *  2. lag at a steady 200 events/s for BENCH_STEADY_S (20) s: from each publish to the moment
 *     the live projection has applied it (goal p95 < 2 s);
 *  3. a district's year written straight into the history: BENCH_TICKETS (1,000,000) tickets and
 *     their events (bench/evaluation/history.ts), applied by the live projection, then a full
 *     rebuild of the whole log beside it, timed until it replaces the live one (goal ≥ 20,000/s);
 *  4. through the gateway, a district ranking of its communities for the year and one
 *     community's yearly scorecard, BENCH_QUERIES (50) each (goal p95 < 100 ms each).
 * Writes bench/results/evaluation-<timestamp>.json. Never asserts: exit 0 either way.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Module } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { eventSubject, type EventEnvelope } from '@gz/contracts';
import { EvaluationModule, ProjectorJob, seedDemoEvaluation } from '@gz/evaluation';
import { createGatewayApp, GatewayModule } from '@gz/gateway';
import { IdentityModule, seedDemoDistrict } from '@gz/identity';
import {
  connectBus,
  DatabaseRegistry,
  EVENT_TRANSPORT,
  newId,
  PlatformModule,
  type EventTransport,
} from '@gz/platform';
import { createTestDatabase, deleteTestStream, TEST_NATS_URL } from '@gz/testing';
import { log, machine, machineLine, onCleanup, positive, REPO_ROOT, round, runBench, sleep, stats } from '../support';
import { writeHistory } from './history';

const LIVE_TICKETS = positive('BENCH_LIVE_TICKETS', 10_000);
const STEADY_S = positive('BENCH_STEADY_S', 20);
const STEADY_RATE = positive('BENCH_STEADY_RATE', 200);
const TICKETS = positive('BENCH_TICKETS', 1_000_000);
const QUERIES = positive('BENCH_QUERIES', 50);
const PASSWORD = 'Bench-Passw0rd!';
const SHAPE = { tickets: TICKETS, streets: 10, communitiesPerStreet: 10, gridsPerCommunity: 5, year: 2026 };

function ticketEvents(i: number, at: Date): EventEnvelope[] {
  const ticketId = newId();
  const street = `s${String((i % 10) + 1).padStart(2, '0')}`;
  const gridPath = `d01.${street}.c${String((i % 7) + 1).padStart(2, '0')}.g01`;
  const facts = {
    categoryName: '问题',
    categoryKind: 'event',
    severity: 'normal',
    source: 'resident',
    ackMinutes: 60,
    handleMinutes: 1440,
    gridClosable: false,
  };
  const e = (type: string, to: string, extra: object = {}): EventEnvelope => ({
    id: newId(),
    type,
    version: 1,
    occurredAt: at.toISOString(),
    street,
    actor: { kind: 'system', id: 'bench' },
    data: {
      ticketId,
      street,
      gridPath,
      categoryCode: 'E0101',
      from: null,
      to,
      at: at.toISOString(),
      by: { id: 'bench', kind: 'system' },
      ...extra,
    },
  });
  return [e('ticket.reported', 'reported', facts), e('ticket.opened', 'opened', facts), e('ticket.closed', 'closed')];
}

async function main(): Promise<void> {
  log(machineLine());
  // the process's peak memory (identity, evaluation and the gateway in one): what a pod's limit must hold
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 500);
  sampler.unref();
  const db = await createTestDatabase();
  onCleanup('database', () => db.drop());
  const root = `bench${newId().replace(/-/g, '').slice(-10)}`;
  onCleanup('stream', () => deleteTestStream(root));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    DATABASE_URL: db.url,
    NATS_URL: TEST_NATS_URL,
    BUS_ROOT: root,
    RATE_LIMIT_PER_MINUTE: '100000000',
    PROJECTION_POLL_MS: '50',
    PORT: '0',
    HOST: '127.0.0.1',
  };
  @Module({
    imports: [
      PlatformModule.forRoot({ app: 'standalone', env }),
      IdentityModule.forRoot({ env }),
      EvaluationModule.forRoot({ env }),
      GatewayModule.forRoot({ env }),
    ],
  })
  class BenchModule {}
  const app: NestFastifyApplication = await createGatewayApp(BenchModule, { shutdownHooks: false });
  onCleanup('app', () => app.close());
  await connectBus(app);
  await app.init();
  await app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  const ds = app.get(DatabaseRegistry).get('evaluation');
  await seedDemoDistrict(app.get(DatabaseRegistry).get('identity'), PASSWORD);
  await seedDemoEvaluation(ds);
  const transport = app.get<EventTransport>(EVENT_TRANSPORT);
  const projector = app.get(ProjectorJob);
  const logEnd = async () =>
    (await ds.query(`SELECT coalesce(max(seq), 0)::text AS s, count(*)::int AS n FROM "evaluation".event_log`))[0] as {
      s: string;
      n: number;
    };
  const livePosition = async () =>
    BigInt((await ds.query(`SELECT position::text AS p FROM "evaluation".generation WHERE state = 'live'`))[0].p);
  const send = async (events: EventEnvelope[]) => {
    for (let i = 0; i < events.length; i += 500) {
      const results = await transport.publishAll(
        events
          .slice(i, i + 500)
          .map((e) => ({ subject: eventSubject(root, e.street, e.type), envelope: e, headers: {} })),
      );
      if (results.some((r) => r.status === 'rejected')) throw new Error('a publish failed');
    }
  };

  // 1. live application through the real consumer
  const live: EventEnvelope[] = [];
  for (let i = 0; i < LIVE_TICKETS; i++) live.push(...ticketEvents(i, new Date(Date.UTC(2025, 11, 1 + (i % 28), 2))));
  const t0 = Date.now();
  await send(live);
  for (;;) {
    const end = await logEnd();
    if (end.n >= live.length && (await livePosition()) >= BigInt(end.s)) break;
    await sleep(20);
  }
  const liveSeconds = (Date.now() - t0) / 1000;
  const liveRate = round(live.length / liveSeconds, 0);
  log(
    `live application: ${live.length} events through the consumer in ${round(liveSeconds, 2)} s: ${liveRate} events/s (goal ≥ 2000)`,
  );

  // 2. lag at a steady rate
  const published = new Map<string, number>();
  const lags: number[] = [];
  let watching = true;
  const t1 = Date.now();
  const watcher = (async () => {
    let seen = 0n;
    while (watching || published.size > 0) {
      const position = await livePosition();
      if (position > seen) {
        const rows: Array<{ event_id: string }> = await ds.query(
          `SELECT event_id FROM "evaluation".event_log WHERE seq > $1 AND seq <= $2`,
          [String(seen), String(position)],
        );
        const now = Date.now();
        for (const r of rows) {
          const at = published.get(r.event_id);
          if (at !== undefined) {
            lags.push(now - at);
            published.delete(r.event_id);
          }
        }
        seen = position;
      }
      await sleep(10);
      if (!watching && Date.now() - t1 > (STEADY_S + 30) * 1000) break;
    }
  })();
  const perTick = Math.max(1, Math.round(STEADY_RATE / 10));
  for (let tick = 0; tick < STEADY_S * 10; tick++) {
    const due = t1 + tick * 100;
    if (due > Date.now()) await sleep(due - Date.now());
    const batch: EventEnvelope[] = [];
    for (let k = 0; batch.length < perTick; k++)
      batch.push(...ticketEvents(tick * 100 + k, new Date(Date.UTC(2025, 10, 1 + (k % 28), 2))));
    const now = Date.now();
    for (const e of batch.slice(0, perTick)) published.set(e.id, now);
    await send(batch.slice(0, perTick));
  }
  watching = false;
  await watcher;
  const lag = stats(lags);
  log(
    `steady ${STEADY_RATE} events/s for ${STEADY_S} s: lag from publish to applied p50 ${lag.p50Ms} ms, p95 ${lag.p95Ms} ms, max ${lag.maxMs} ms over ${lag.count} events (goal p95 < 2000 ms)`,
  );

  // 3. the year, written straight into the history; the live projection applies it, then a full rebuild
  const tw = Date.now();
  const written = await writeHistory(ds, SHAPE, (n) => process.stderr.write(`\rhistory: ${n} entries`));
  process.stderr.write('\n');
  log(
    `history: ${TICKETS} tickets, ${written} events written straight into the log in ${round((Date.now() - tw) / 1000, 1)} s`,
  );
  const tc = Date.now();
  await projector.caughtUp((await logEnd()).s, 3_600_000);
  const catchUp = (Date.now() - tc) / 1000;
  log(`live projection caught up with them in ${round(catchUp, 1)} s: ${round(written / catchUp, 0)} events/s`);
  const total = (await logEnd()).n;
  const tr = Date.now();
  const { generation } = (
    await ds.query(
      `INSERT INTO "evaluation".generation (id, state, position) SELECT max(id) + 1, 'building', 0 FROM "evaluation".generation RETURNING id AS generation`,
    )
  )[0];
  for (;;) {
    const [g] = await ds.query(`SELECT state FROM "evaluation".generation WHERE id = $1`, [generation]);
    if (g?.state === 'live') break;
    await sleep(100);
  }
  const rebuildSeconds = (Date.now() - tr) / 1000;
  const rebuildRate = round(total / rebuildSeconds, 0);
  log(`full rebuild: ${total} log entries in ${round(rebuildSeconds, 1)} s: ${rebuildRate} events/s (goal ≥ 20000)`);

  // 4. a district ranking of its communities and a community's yearly scorecard, through the gateway
  const token = (await (
    await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'district-admin', password: PASSWORD }),
    })
  ).json()) as { accessToken: string };
  const timed = async (url: string) => {
    const times: number[] = [];
    let body = '';
    for (let i = 0; i < QUERIES; i++) {
      const t = performance.now();
      const res = await fetch(`${base}${url}`, { headers: { authorization: `Bearer ${token.accessToken}` } });
      body = await res.text();
      if (res.status !== 200) throw new Error(`${url}: ${res.status} ${body}`);
      times.push(performance.now() - t);
    }
    return { ...stats(times), body };
  };
  const ranking = await timed('/api/v1/evaluation/rankings?unitKind=community&period=2026&scheme=community-2026');
  const ranked = JSON.parse(ranking.body) as { ranked: unknown[]; nothingDue: unknown[] };
  log(
    `ranking of the district's ${ranked.ranked.length + ranked.nothingDue.length} communities for 2026: p50 ${ranking.p50Ms} ms, p95 ${ranking.p95Ms} ms (goal < 100 ms)`,
  );
  const card = await timed(
    '/api/v1/evaluation/scorecards?unitKind=community&unit=d01.s01.c01&period=2026&scheme=community-2026',
  );
  log(
    `yearly scorecard of d01.s01.c01: p50 ${card.p50Ms} ms, p95 ${card.p95Ms} ms (goal < 100 ms); score ${(JSON.parse(card.body) as { score: string }).score}`,
  );

  const peakMiB = round(peakRss / 1024 / 1024, 0);
  log(`peak resident memory of the process: ${peakMiB} MiB`);
  const results = {
    machine: machine(),
    peakRssMiB: peakMiB,
    live: { events: live.length, seconds: round(liveSeconds, 2), eventsPerSecond: liveRate },
    steady: { rate: STEADY_RATE, seconds: STEADY_S, lag },
    history: { tickets: TICKETS, events: written, catchUpSeconds: round(catchUp, 1) },
    rebuild: { entries: total, seconds: round(rebuildSeconds, 1), eventsPerSecond: rebuildRate },
    ranking: { ...ranking, body: undefined },
    scorecard: { ...card, body: undefined },
  };
  await mkdir(path.join(REPO_ROOT, 'bench/results'), { recursive: true });
  const file = path.join(
    REPO_ROOT,
    'bench/results',
    `evaluation-${new Date().toISOString().replace(/[:.]/g, '-')}.json`,
  );
  await writeFile(file, `${JSON.stringify(results, null, 2)}\n`);
  log(`results: ${path.relative(REPO_ROOT, file)}`);
}

runBench(main, 3 * 3600_000);
