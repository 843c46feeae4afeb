/**
 * The volunteers benchmark (issue 13, volunteers): `npm run bench:incubator-volunteers`.
 *
 * The platform in one process as the gateway app boots it (identity, the incubator, the gateway,
 * the in-process bus), on a fresh database; an organisation's team with BENCH_VOLUNTEERS (2,000)
 * volunteers written straight into the incubator schema (their data sealed with the service's own
 * sealer). Then, from a child process (volunteer-load.ts, never sharing the platform's event loop):
 *
 * 1. Sign-ups: BENCH_SIGNUPS (1,000) sign-ups through the gateway from BENCH_CLIENTS (64) concurrent
 *    clients against one activity of BENCH_CAPACITY (300) places. Checked: exactly the capacity
 *    confirmed, the rest waiting with places 1…n in the order they were taken, the activity's
 *    counts equal to the rows; then 100 concurrent cancellations of confirmed places promote
 *    exactly the first 100 waiting. Prints sign-ups/s and their latency.
 * 2. Hours reports: BENCH_ACTIVITIES (240) past activities over a year with 50 volunteers each
 *    (12,000 entries) written straight into the schema; then 500 reads each of the team's hours for
 *    a quarter, the team's hours per volunteer (a page), a volunteer's hours for the year, through
 *    the gateway from 16 clients: p50/p95 (goal: p95 < 100 ms).
 * 3. Recording: one request recording 300 volunteers' hours for an ended activity (300 entries and
 *    300 events in one transaction): its time.
 *
 * Writes bench/results/incubator-volunteers-<timestamp>.json. Never asserts: exit 0 either way.
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
import { connectBus, DatabaseRegistry, FieldSealer, newId, PlatformModule } from '@gz/platform';
import { createTestDatabase } from '@gz/testing';
import type { DataSource } from 'typeorm';
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

const VOLUNTEERS = positive('BENCH_VOLUNTEERS', 2000);
const SIGNUPS = Math.min(positive('BENCH_SIGNUPS', 1000), VOLUNTEERS);
const CAPACITY = positive('BENCH_CAPACITY', 300);
const CLIENTS = positive('BENCH_CLIENTS', 64);
const ACTIVITIES = positive('BENCH_ACTIVITIES', 240);
const PER_ACTIVITY = Math.min(50, VOLUNTEERS);
const READS = 500;
const READ_CLIENTS = 16;
const RECORDED = Math.min(300, VOLUNTEERS);
const CANCELLED = Math.min(100, CAPACITY, Math.max(0, SIGNUPS - CAPACITY));
const GOAL_READ_P95_MS = 100;
const PASSWORD = 'Bench-Passw0rd!';

/** Sign-ups wait behind one activity's row: a longer timeout than the default. */
const call = (base: string, token: string, method: string, url: string, body?: unknown) =>
  apiCall(base, token, method, url, body, 60000);

async function expect201(base: string, token: string, url: string, body: unknown): Promise<Json> {
  const res = await call(base, token, 'POST', url, body);
  if (res.status !== 201) throw new Error(`POST ${url}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

async function signIn(base: string, username: string, password = PASSWORD): Promise<string> {
  const res = await call(base, '', 'POST', '/api/v1/auth/login', { username, password });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.accessToken as string;
}

interface LoadAnswer {
  statuses: Record<string, number>;
  failures: string[];
  ms: number[];
  elapsedS: number;
}

function runLoad(load: { base: string; clients: number; requests: unknown[] }): Promise<LoadAnswer> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(__dirname, 'volunteer-load.js')], {
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
        reject(new Error(`load failed (${message(e)}): ${err.trim().slice(-2000)}`));
      }
    });
  });
}

/** Volunteers written straight into the schema, sealed as the service seals them, all on the team. */
async function writeVolunteers(
  ds: DataSource,
  sealer: FieldSealer,
  teamId: string,
  leader: { id: string; name: string },
): Promise<string[]> {
  const at = new Date();
  const ids = Array.from({ length: VOLUNTEERS }, () => newId());
  const phone = (i: number) => `139${String(i).padStart(8, '0')}`;
  for (let i = 0; i < ids.length; i += 1000) {
    const chunk = ids.slice(i, i + 1000);
    await ds.query(
      `INSERT INTO "incubator".volunteer (id, name_sealed, name_masked, phone_sealed, phone_masked, phone_index, street_code,
         community_path, consent_at, consent_method, consent_recorded_by, created_at, updated_at)
       SELECT id, ns, '志*', ps, pm, pi, 's01', 'd01.s01.c01', $1, 'written', $2::jsonb, $1, $1
         FROM unnest($3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[]) v(id, ns, ps, pm, pi)`,
      [
        at,
        JSON.stringify({ id: leader.id, kind: 'user', name: leader.name }),
        chunk,
        chunk.map((id, k) => sealer.seal(`志愿者${i + k}`, `volunteer-name:${id}`)),
        chunk.map((id, k) => sealer.seal(phone(i + k), `volunteer-phone:${id}`)),
        chunk.map((_, k) => `${phone(i + k).slice(0, 3)}****${phone(i + k).slice(-4)}`),
        chunk.map((_, k) => sealer.index(phone(i + k))),
      ],
    );
    await ds.query(
      `INSERT INTO "incubator".volunteer_team_member (team_id, volunteer_id, joined_at, added_by) SELECT $1, unnest($2::uuid[]), $3, 'bench'`,
      [teamId, chunk, at],
    );
  }
  return ids;
}

/** A year of past activities with their sign-ups and recorded hours, written straight into the schema. */
async function writeHistory(
  ds: DataSource,
  teamId: string,
  organisationId: string,
  volunteers: string[],
  leader: { id: string; name: string },
): Promise<number> {
  const by = JSON.stringify({ id: leader.id, kind: 'user', name: leader.name });
  const first = Date.parse('2025-12-01T09:00:00+08:00');
  let entries = 0;
  for (let a = 0; a < ACTIVITIES; a++) {
    const id = newId();
    const startsAt = new Date(first + Math.floor((a * 365) / ACTIVITIES) * 86_400_000);
    const endsAt = new Date(startsAt.getTime() + 150 * 60_000);
    await ds.query(
      `INSERT INTO "incubator".volunteer_activity (id, team_id, title, content, place, street_code, community_path, starts_at, ends_at,
         capacity, confirmed, in_charge, check_code, hours_due_at, created_by, created_at)
       VALUES ($1, $2, $3, '为独居老人送餐、陪伴', '湖光社区长者食堂', 's01', 'd01.s01.c01', $4, $5, $6, $6, '赵秀兰', 'BENCH2', $7, $8::jsonb, $4)`,
      [
        id,
        teamId,
        `助老服务第${a + 1}期`,
        startsAt,
        endsAt,
        PER_ACTIVITY,
        new Date(endsAt.getTime() + 14 * 86_400_000),
        by,
      ],
    );
    const who = Array.from({ length: PER_ACTIVITY }, (_, k) => volunteers[(a * 37 + k) % volunteers.length]);
    await ds.query(
      `INSERT INTO "incubator".activity_sign_up (id, activity_id, volunteer_id, status, signed_up_by, signed_up_at, confirmed_at)
       SELECT gen_random_uuid(), $1, unnest($2::uuid[]), 'confirmed', $3::jsonb, $4, $4`,
      [id, who, by, startsAt],
    );
    await ds.query(
      `INSERT INTO "incubator".volunteer_hours_entry (id, activity_id, volunteer_id, team_id, organisation_id, street_code, community_path,
         served_on, minutes, late, due_at, status, recorded_by, recorded_at)
       SELECT gen_random_uuid(), $1, v, $2, $3, 's01', 'd01.s01.c01', ($4::timestamptz AT TIME ZONE 'Asia/Shanghai')::date,
              60 + (n % 90), false, $5, 'current', $6::jsonb, $5
         FROM unnest($7::uuid[]) WITH ORDINALITY x(v, n)`,
      [id, teamId, organisationId, startsAt, new Date(endsAt.getTime() + 86_400_000), by, who],
    );
    entries += who.length;
  }
  await ds.query(`ANALYZE "incubator".volunteer_hours_entry`);
  return entries;
}

async function main(): Promise<void> {
  log(`Gongzhi volunteers benchmark, ${new Date().toISOString()}`);
  log(machineLine());
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
      PlatformModule.forRoot({ app: 'volunteers-bench', env }),
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
  const ds = registry.get('incubator');
  const sealer = app.get(FieldSealer, { strict: false });

  const admin = await signIn(base, 'district-admin');
  const streetAdmin = await signIn(base, 'street-admin');
  const staff = await signIn(base, 'social-org-staff');
  const leaderUser = await expect201(base, admin, '/api/v1/users', {
    username: 'bench-leader',
    displayName: '队长',
    password: PASSWORD,
    roles: ['resident'],
    scopes: ['d01.s01.c01.g01'],
  });
  const leaderToken = await signIn(base, 'bench-leader');
  const leader = { id: leaderUser.id as string, name: 'bench-leader' };
  const org = await expect201(base, streetAdmin, '/api/v1/incubator/organisations', {
    name: '东湖邻里互助会（压测）',
    legalStatus: 'registered',
    creditCode: '52510100MJ0000009X',
    communityPath: 'd01.s01.c01',
    communitiesServed: ['d01.s01.c01'],
    fields: ['elderly', 'volunteering'],
    orgPath: 'd01.s01.so01',
  });
  const team = await expect201(base, staff, '/api/v1/incubator/volunteer-teams', {
    name: '助老志愿队（压测）',
    communityPath: 'd01.s01.c01',
    organisationId: org.id,
    organiserIds: [leader.id],
  });
  let t = performance.now();
  const volunteers = await writeVolunteers(ds, sealer, team.id, leader);
  log(`${VOLUNTEERS} volunteers written (sealed): ${round((performance.now() - t) / 1000)} s`);

  // 1. concurrent sign-ups against one activity's capacity
  const startsAt = new Date(Date.now() + 86_400_000);
  const act = await expect201(base, leaderToken, '/api/v1/incubator/activities', {
    teamId: team.id,
    title: '重阳节敬老助餐（压测）',
    content: '分餐、送餐上门',
    place: '湖光社区长者食堂',
    communityPath: 'd01.s01.c01',
    startsAt: startsAt.toISOString(),
    endsAt: new Date(startsAt.getTime() + 3 * 3_600_000).toISOString(),
    capacity: CAPACITY,
    inCharge: '赵秀兰',
  });
  const signUpUrl = `/api/v1/incubator/activities/${act.id}/sign-ups`;
  const signUps = await runLoad({
    base,
    clients: CLIENTS,
    requests: volunteers
      .slice(0, SIGNUPS)
      .map((volunteerId) => ({ method: 'POST', url: signUpUrl, token: leaderToken, body: { volunteerId } })),
  });
  const [counts] = await ds.query(
    `SELECT count(*) FILTER (WHERE s.status = 'confirmed')::int AS confirmed, count(*) FILTER (WHERE s.status = 'waiting')::int AS waiting,
            count(DISTINCT s.volunteer_id)::int AS volunteers, max(a.confirmed) AS row_confirmed, max(a.waiting) AS row_waiting
       FROM "incubator".activity_sign_up s JOIN "incubator".volunteer_activity a ON a.id = s.activity_id WHERE s.activity_id = $1`,
    [act.id],
  );
  const waitingPage = await call(base, leaderToken, 'GET', `${signUpUrl}?status=waiting&pageSize=200`);
  const positionsInOrder = (waitingPage.body.items as Array<{ position: number }>).every(
    (s, i) => s.position === i + 1,
  );
  const signUpRate = (signUps.statuses['201'] ?? 0) / signUps.elapsedS;
  const signUpLatency = stats(signUps.ms);
  const capacityHeld = counts.confirmed === CAPACITY && counts.waiting === SIGNUPS - CAPACITY;
  log(
    `sign-ups: ${SIGNUPS} from ${CLIENTS} clients against ${CAPACITY} places: ${round(signUpRate)} sign-ups/s, ` +
      `p50 ${signUpLatency.p50Ms} ms, p95 ${signUpLatency.p95Ms} ms, p99 ${signUpLatency.p99Ms} ms; statuses ${JSON.stringify(signUps.statuses)}`,
  );
  log(
    `  confirmed ${counts.confirmed} (capacity ${CAPACITY}), waiting ${counts.waiting}, distinct volunteers ${counts.volunteers}, ` +
      `activity row ${counts.row_confirmed}/${counts.row_waiting}, waiting places 1…n in order: ${positionsInOrder} → ${capacityHeld && positionsInOrder ? 'HELD' : 'BROKEN'}`,
  );

  // one client, one sign-up at a time (another activity): what a sign-up costs without queueing
  const quiet = await expect201(base, leaderToken, '/api/v1/incubator/activities', {
    teamId: team.id,
    title: '读书会（压测）',
    content: '陪伴长者读书',
    place: '湖光社区图书室',
    communityPath: 'd01.s01.c01',
    startsAt: startsAt.toISOString(),
    endsAt: new Date(startsAt.getTime() + 3_600_000).toISOString(),
    capacity: 10,
    inCharge: '赵秀兰',
  });
  const oneByOne = await runLoad({
    base,
    clients: 1,
    requests: volunteers.slice(0, 50).map((volunteerId) => ({
      method: 'POST',
      url: `/api/v1/incubator/activities/${quiet.id}/sign-ups`,
      token: leaderToken,
      body: { volunteerId },
    })),
  });
  const signUpAlone = stats(oneByOne.ms);
  log(
    `  one client alone (50 sign-ups): p50 ${signUpAlone.p50Ms} ms, p95 ${signUpAlone.p95Ms} ms; statuses ${JSON.stringify(oneByOne.statuses)}`,
  );

  // cancellations promote exactly the first waiting, in order
  const confirmedIds: Array<{ id: string }> = await ds.query(
    `SELECT id FROM "incubator".activity_sign_up WHERE activity_id = $1 AND status = 'confirmed' ORDER BY seq LIMIT $2`,
    [act.id, CANCELLED],
  );
  const firstWaiting: Array<{ id: string }> = await ds.query(
    `SELECT id FROM "incubator".activity_sign_up WHERE activity_id = $1 AND status = 'waiting' ORDER BY seq LIMIT $2`,
    [act.id, CANCELLED],
  );
  const cancels = await runLoad({
    base,
    clients: CLIENTS,
    requests: confirmedIds.map((s) => ({
      method: 'POST',
      url: `${signUpUrl}/${s.id}/cancel`,
      token: leaderToken,
      body: {},
    })),
  });
  const promotedRows: Array<{ id: string }> = await ds.query(
    `SELECT id FROM "incubator".activity_sign_up WHERE id = ANY($1::uuid[]) AND status = 'confirmed'`,
    [firstWaiting.map((s) => s.id)],
  );
  const [after] = await ds.query(
    `SELECT count(*) FILTER (WHERE status = 'confirmed')::int AS confirmed, count(*) FILTER (WHERE status = 'waiting')::int AS waiting
       FROM "incubator".activity_sign_up WHERE activity_id = $1`,
    [act.id],
  );
  const promotedInOrder = promotedRows.length === firstWaiting.length && after.confirmed === CAPACITY;
  log(
    `cancellations: ${CANCELLED} at once (${round(cancels.elapsedS, 2)} s, statuses ${JSON.stringify(cancels.statuses)}): ` +
      `confirmed ${after.confirmed}, waiting ${after.waiting}, the first ${promotedRows.length} waiting promoted → ${promotedInOrder ? 'IN ORDER' : 'BROKEN'}`,
  );

  // 2. hours reports over a year of history
  t = performance.now();
  const entries = await writeHistory(ds, team.id, org.id, volunteers, leader);
  log(
    `history: ${ACTIVITIES} activities, ${entries} hours entries written: ${round((performance.now() - t) / 1000)} s`,
  );
  const someVolunteer = (i: number) => volunteers[(i * 7919) % volunteers.length];
  const reads = {
    teamQuarter: Array.from({ length: READS }, () => ({
      method: 'GET',
      url: `/api/v1/incubator/volunteer-teams/${team.id}/hours?from=2026-01-01&to=2026-03-31`,
      token: leaderToken,
    })),
    teamByVolunteer: Array.from({ length: READS }, (_, i) => ({
      method: 'GET',
      url: `/api/v1/incubator/volunteer-teams/${team.id}/hours/volunteers?from=2026-01-01&to=2026-12-31&page=${1 + (i % 5)}`,
      token: leaderToken,
    })),
    volunteerYear: Array.from({ length: READS }, (_, i) => ({
      method: 'GET',
      url: `/api/v1/incubator/volunteers/${someVolunteer(i)}/hours?from=2025-12-01&to=2026-11-30`,
      token: streetAdmin,
    })),
  };
  const readFigures: Record<
    string,
    ReturnType<typeof stats> & { statuses: Record<string, number>; perSecond: number }
  > = {};
  const alone: Record<string, ReturnType<typeof stats>> = {};
  for (const [name, requests] of Object.entries(reads)) {
    const answer = await runLoad({ base, clients: READ_CLIENTS, requests });
    readFigures[name] = { ...stats(answer.ms), statuses: answer.statuses, perSecond: round(READS / answer.elapsedS) };
    const f = readFigures[name];
    // one client, one request at a time: what a read costs without queueing behind the others
    alone[name] = stats((await runLoad({ base, clients: 1, requests: requests.slice(0, 100) })).ms);
    log(
      `read ${name}: ${READS} from ${READ_CLIENTS} clients, p50 ${f.p50Ms} ms, p95 ${f.p95Ms} ms (goal < ${GOAL_READ_P95_MS}) ` +
        `${(f.p95Ms ?? Infinity) < GOAL_READ_P95_MS ? 'MET' : 'MISSED'}, ${round(READS / answer.elapsedS)} reads/s; ` +
        `one client alone: p50 ${alone[name].p50Ms} ms, p95 ${alone[name].p95Ms} ms; statuses ${JSON.stringify(answer.statuses)}`,
    );
  }
  const teamTotal = await call(base, leaderToken, 'GET', `/api/v1/incubator/volunteer-teams/${team.id}/hours`);
  const [sqlTotal] = await ds.query(
    `SELECT sum(minutes)::bigint AS minutes FROM "incubator".volunteer_hours_entry WHERE team_id = $1 AND status = 'current'`,
    [team.id],
  );
  log(
    `team total: ${teamTotal.body.minutes} min (${teamTotal.body.hours} h); the entries add up to ${sqlTotal.minutes} min`,
  );

  // 3. one request recording many volunteers' hours
  const past = new Date(Date.now() - 2 * 86_400_000);
  const ended = await expect201(base, leaderToken, '/api/v1/incubator/activities', {
    teamId: team.id,
    title: '社区大扫除（压测）',
    content: '清理楼道杂物',
    place: '湖光社区',
    communityPath: 'd01.s01.c01',
    startsAt: past.toISOString(),
    endsAt: new Date(past.getTime() + 3 * 3_600_000).toISOString(),
    capacity: RECORDED,
    inCharge: '赵秀兰',
  });
  const enrolled = await runLoad({
    base,
    clients: CLIENTS,
    requests: volunteers.slice(0, RECORDED).map((volunteerId) => ({
      method: 'POST',
      url: `/api/v1/incubator/activities/${ended.id}/sign-ups`,
      token: leaderToken,
      body: { volunteerId },
    })),
  });
  // record those the sign-ups confirmed (a sign-up that timed out at the gateway may still have been taken)
  const enrolledIds: Array<{ volunteer_id: string }> = await ds.query(
    `SELECT volunteer_id FROM "incubator".activity_sign_up WHERE activity_id = $1 AND status = 'confirmed'`,
    [ended.id],
  );
  t = performance.now();
  const recorded = await call(base, leaderToken, 'POST', `/api/v1/incubator/activities/${ended.id}/hours`, {
    entries: enrolledIds.map((r, i) => ({ volunteerId: r.volunteer_id, minutes: 120 + (i % 60) })),
  });
  const recordMs = performance.now() - t;
  const [{ n: events }] = await ds.query(
    `SELECT count(*)::int AS n FROM "incubator".outbox WHERE type = 'volunteer_hours.credited'`,
  );
  log(
    `recording: ${enrolledIds.length} volunteers' hours in one request (${JSON.stringify(enrolled.statuses)} enrolled first): ${recorded.status}, ` +
      `${round(recordMs)} ms; ${events} volunteer_hours.credited events written`,
  );

  const results = {
    at: new Date().toISOString(),
    machine: machine(),
    settings: {
      VOLUNTEERS,
      SIGNUPS,
      CAPACITY,
      CLIENTS,
      ACTIVITIES,
      PER_ACTIVITY,
      READS,
      READ_CLIENTS,
      RECORDED,
      CANCELLED,
    },
    signUps: {
      rate: round(signUpRate),
      latency: signUpLatency,
      alone: signUpAlone,
      statuses: signUps.statuses,
      failures: signUps.failures,
      counts,
      positionsInOrder,
      capacityHeld,
    },
    cancellations: { statuses: cancels.statuses, after, promoted: promotedRows.length, promotedInOrder },
    reads: readFigures,
    readsOneClient: alone,
    teamTotal: { api: teamTotal.body, sql: sqlTotal.minutes },
    recording: { status: recorded.status, ms: round(recordMs), entries: enrolledIds.length, events },
  };
  const dir = path.join(REPO_ROOT, 'bench', 'results');
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `incubator-volunteers-${results.at.replace(/[:.]/g, '-')}.json`);
  await writeFile(file, `${JSON.stringify(results, null, 2)}\n`);
  log(`results: ${path.relative(REPO_ROOT, file)}`);
}

runBench(main, 10 * 60_000);
