/**
 * Registry benchmark (issue 3, "Figures to report").
 *
 *   npm run bench:registry              # 1,000,000 persons in 330,000 households
 *   BENCH_PERSONS=100000 npm run bench:registry
 *
 * 1. A fresh database; the platform boots as `npm start` boots it (gateway app, in-process bus,
 *    migrations, demo accounts), with random PII keys.
 * 2. Generator: a district of BENCH_PERSONS persons in BENCH_PERSONS × 0.33 households, written
 *    straight into the registry schema with set-based SQL (unnest arrays, 5,000 rows per
 *    statement; secondary indexes dropped during the load and rebuilt after). Identity numbers
 *    and phones are really encrypted (AES-256-GCM) and blind-indexed (HMAC) in node with the
 *    same keys the service uses. About 8% of persons carry a care tag, 5% are floating.
 * 3. The streets, communities and grids of the generated district (and of the import's street)
 *    are created in identity's org tree through POST /api/v1/orgs, since the registry checks
 *    grid paths against that tree.
 * 4. Measured through HTTP (gateway → bus → registry service → PG), one request at a time,
 *    BENCH_QUERIES (200) each after 20 warm-ups: lookup by identity number, name search
 *    (2-character partial Chinese name, community scope and whole district), a grid's
 *    must-visit list. Then BENCH_IMPORT_ROWS (100,000) rows through runImport (the function
 *    behind POST /registry/imports and gz import-registry) as the service runs it: grid paths
 *    checked with identity over the bus, the per-person events written to the outbox; rows/s.
 * Prints the figures and the goal checks, writes JSON to bench/results, drops the database.
 * It never asserts: a missed goal is reported, not thrown. BENCH_KEEP_DB=1 keeps the database
 * (to look at plans afterwards).
 */
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Module } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Pool } from 'pg';
import { streetOfPath } from '@gz/contracts';
import { createGatewayApp } from '@gz/gateway';
import { seedDemoDistrict } from '@gz/identity';
import { BusClient, connectBus, DatabaseRegistry, newId, OrgGrids, Outbox } from '@gz/platform';
import { makeIdNumber, personalDataFromEnv, runImport } from '@gz/registry';
import { StandaloneModule } from '@gz/standalone';
import { createTestDatabase, type TestDatabase } from '@gz/testing';
import { log, machine, machineLine, onCleanup, positive, runBench } from '../support';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const PASSWORD = 'Bench-Passw0rd!';
const PERSONS = positive('BENCH_PERSONS', 1_000_000);
const QUERIES = positive('BENCH_QUERIES', 200);
const IMPORT_ROWS = positive('BENCH_IMPORT_ROWS', 100_000);
const HOUSEHOLDS = Math.round(PERSONS * 0.33);
const HOUSEHOLDS_PER_GRID = 300;
const BATCH = 5000;

// deterministic pseudo-random numbers, so two runs load the same district
let seed = 20261123;
const rand = () => {
  // mulberry32
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];

const SURNAMES = [
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤',
];
const GIVEN = [
  ...'伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国文辉玉珍海燕波宁鹏志红春梅晓东林凤云飞丹萍雪琴',
];
const TAGS = ['elderly_alone', 'disabled', 'low_income', 'left_behind_child', 'veteran', 'old_party_member'];
const REGIONS = ['110101', '110105', '110108', '320102', '440106', '510104'];

/** grid i of the district: 10 streets × 10 communities × n grids */
function gridPath(i: number, grids: number): string {
  const perStreet = Math.ceil(grids / 10);
  const perCommunity = Math.ceil(perStreet / 10);
  const s = Math.floor(i / perStreet);
  const c = Math.floor((i % perStreet) / perCommunity);
  const g = i % perCommunity;
  return `d01.s${String(s + 1).padStart(2, '0')}.c${String(c + 1).padStart(2, '0')}.g${String(g + 1).padStart(2, '0')}`;
}

function birthDate(): string {
  const year = 1930 + Math.floor(rand() * 95);
  const month = 1 + Math.floor(rand() * 12);
  const day = 1 + Math.floor(rand() * 28);
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

interface Generated {
  idNumbers: string[];
  names: string[];
  grids: string[];
}

async function generate(pool: Pool, env: NodeJS.ProcessEnv): Promise<Generated> {
  const pii = personalDataFromEnv(env);
  const grids = Math.max(1, Math.ceil(HOUSEHOLDS / HOUSEHOLDS_PER_GRID));
  const gridList = Array.from({ length: grids }, (_, i) => gridPath(i, grids));
  // secondary indexes are rebuilt after the load (as a bulk load into an empty schema would)
  const indexes: Array<{ name: string; def: string }> = (
    await pool.query(
      `SELECT indexname AS name, indexdef AS def FROM pg_indexes i
        WHERE schemaname = 'registry' AND tablename IN ('building','household','person','residence')
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
    )
  ).rows;
  for (const ix of indexes) await pool.query(`DROP INDEX "registry"."${ix.name}"`);

  const sample: Generated = { idNumbers: [], names: [], grids: gridList };
  const seq = new Map<string, number>();
  let personsLeft = PERSONS;
  let households = 0;
  let persons = 0;
  let buildingNo = 0;
  const t0 = Date.now();
  // one building per 30 households, in order through the grids
  for (let h0 = 0; h0 < HOUSEHOLDS; h0 += BATCH) {
    const n = Math.min(BATCH, HOUSEHOLDS - h0);
    const b = { id: [] as string[], street: [] as string[], path: [] as string[], address: [] as string[] };
    const h = {
      id: [] as string[],
      building: [] as string[],
      street: [] as string[],
      path: [] as string[],
      door: [] as string[],
      head: [] as (string | null)[],
    };
    const p = {
      id: [] as string[],
      street: [] as string[],
      path: [] as string[],
      name: [] as string[],
      gender: [] as string[],
      birth: [] as string[],
      idc: [] as string[],
      idk: [] as string[],
      idi: [] as string[],
      idm: [] as string[],
      pc: [] as string[],
      pk: [] as string[],
      pi: [] as string[],
      pm: [] as string[],
      rt: [] as string[],
      tags: [] as string[],
      hid: [] as string[],
      rel: [] as string[],
    };
    let buildingId = '';
    for (let k = 0; k < n; k++) {
      const hi = h0 + k;
      const grid = gridList[Math.floor(hi / HOUSEHOLDS_PER_GRID)] ?? gridList[gridList.length - 1];
      const street = streetOfPath(grid);
      if (hi % 30 === 0 || k === 0) {
        buildingId = newId();
        b.id.push(buildingId);
        b.street.push(street);
        b.path.push(grid);
        b.address.push(`幸福路${++buildingNo}号`);
      }
      const householdId = newId();
      h.id.push(householdId);
      h.building.push(buildingId);
      h.street.push(street);
      h.path.push(grid);
      h.door.push(`${Math.floor((hi % 30) / 6) + 1}0${(hi % 6) + 1}`);
      // 1,000,000 / 330,000 ≈ 3.03 members: 1 to 5, the rest in the last households
      const housesLeft = HOUSEHOLDS - hi;
      const members =
        housesLeft === 1
          ? personsLeft
          : Math.max(
              1,
              Math.min(personsLeft - (housesLeft - 1), Math.round(personsLeft / housesLeft + (rand() - 0.5) * 3)),
            );
      personsLeft -= members;
      const surname = pick(SURNAMES);
      let head: string | null = null;
      for (let m = 0; m < members; m++) {
        const personId = newId();
        const born = birthDate();
        const region = pick(REGIONS);
        const key = `${region}${born}`;
        const sq = (seq.get(key) ?? 0) + 1;
        seq.set(key, sq);
        if (sq > 999) continue; // more than 999 people of one region and birthday: skip (rare)
        const idNumber = makeIdNumber(region, born, sq);
        const name = surname + pick(GIVEN) + (rand() < 0.7 ? pick(GIVEN) : '');
        const phone = `13${String(Math.floor(rand() * 1e9)).padStart(9, '0')}`;
        const sealedId = pii.idNumber(idNumber, personId);
        const sealedPhone = pii.phone(phone, personId);
        const r = rand();
        p.id.push(personId);
        p.street.push(street);
        p.path.push(grid);
        p.name.push(name);
        p.gender.push(Number(idNumber[16]) % 2 === 1 ? 'male' : 'female');
        p.birth.push(born);
        p.idc.push(sealedId.cipher as string);
        p.idk.push(sealedId.keyId as string);
        p.idi.push(sealedId.index as string);
        p.idm.push(sealedId.masked as string);
        p.pc.push(sealedPhone.cipher as string);
        p.pk.push(sealedPhone.keyId as string);
        p.pi.push(sealedPhone.index as string);
        p.pm.push(sealedPhone.masked as string);
        p.rt.push(r < 0.05 ? 'floating' : r < 0.7 ? 'registered' : 'resident');
        p.tags.push(rand() < 0.08 ? pick(TAGS) : '');
        p.hid.push(householdId);
        p.rel.push(m === 0 ? 'head' : 'child');
        if (m === 0) head = personId;
        if (rand() < 0.002 && sample.idNumbers.length < 5000) sample.idNumbers.push(idNumber);
        if (rand() < 0.002 && sample.names.length < 5000) sample.names.push(name);
        persons++;
      }
      h.head.push(head);
    }
    await pool.query(
      `INSERT INTO "registry".building (id, street_code, path, address, units, floors, created_by)
       SELECT t.*, 1, 6, 'bench' FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) AS t`,
      [b.id, b.street, b.path, b.address],
    );
    await pool.query(
      `INSERT INTO "registry".household (id, building_id, street_code, path, door_number, type, created_by)
       SELECT t.*, 'family', 'bench' FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[]) AS t`,
      [h.id, h.building, h.street, h.path, h.door],
    );
    await pool.query(
      `INSERT INTO "registry".person (id, street_code, path, name, gender, birth_date, ethnicity,
         id_number_cipher, id_number_key_id, id_number_index, id_number_masked, phone_cipher, phone_key_id, phone_index, phone_masked,
         residence_type, tags, household_id, relation, created_by)
       SELECT t.id, t.street, t.path, t.name, t.gender, t.birth, '汉族', t.idc, t.idk, t.idi, t.idm, t.pc, t.pk, t.pi, t.pm, t.rt,
              CASE WHEN t.tags = '' THEN '{}'::text[] ELSE ARRAY[t.tags] END, t.hid, t.rel, 'bench'
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::date[], $7::text[], $8::text[], $9::text[], $10::text[],
                     $11::text[], $12::text[], $13::text[], $14::text[], $15::text[], $16::text[], $17::uuid[], $18::text[])
           AS t(id, street, path, name, gender, birth, idc, idk, idi, idm, pc, pk, pi, pm, rt, tags, hid, rel)`,
      [
        p.id,
        p.street,
        p.path,
        p.name,
        p.gender,
        p.birth,
        p.idc,
        p.idk,
        p.idi,
        p.idm,
        p.pc,
        p.pk,
        p.pi,
        p.pm,
        p.rt,
        p.tags,
        p.hid,
        p.rel,
      ],
    );
    await pool.query(
      `INSERT INTO "registry".residence (id, person_id, household_id, street_code, path, relation, moved_in_on, move_in_reason, recorded_by)
       SELECT gen_random_uuid(), t.pid, t.hid, t.street, t.path, t.rel, t.born, 'bench', 'bench'
         FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::date[]) AS t(pid, hid, street, path, rel, born)`,
      [p.id, p.hid, p.street, p.path, p.rel, p.birth],
    );
    await pool.query(
      `UPDATE "registry".household h SET head_person_id = t.pid FROM unnest($1::uuid[], $2::uuid[]) AS t(hid, pid) WHERE h.id = t.hid AND t.pid IS NOT NULL`,
      [h.id, h.head],
    );
    households += n;
    if ((h0 / BATCH) % 10 === 0)
      log(`  … ${households} households, ${persons} persons (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
  }
  const loaded = Date.now();
  log(
    `rows written: ${households} households, ${persons} persons in ${((loaded - t0) / 1000).toFixed(1)} s; rebuilding ${indexes.length} indexes …`,
  );
  for (const ix of indexes) await pool.query(ix.def);
  await pool.query('ANALYZE "registry".building, "registry".household, "registry".person, "registry".residence');
  log(`indexes rebuilt and analysed in ${((Date.now() - loaded) / 1000).toFixed(1)} s`);
  return sample;
}

interface Latency {
  n: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  meanHits: number;
}

/** `GET url`, or `POST url` with a JSON body (exact identity numbers go in a body, never a URL). */
type Call = string | { url: string; body: unknown };

async function measure(base: string, token: string, urls: Call[]): Promise<Latency> {
  const call = async (c: Call) => {
    const url = typeof c === 'string' ? c : c.url;
    const res = await fetch(
      base + url,
      typeof c === 'string'
        ? { headers: { authorization: `Bearer ${token}` } }
        : {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify(c.body),
          },
    );
    const body = (await res.json()) as { total?: number };
    if (res.status !== 200) throw new Error(`${url}: ${res.status} ${JSON.stringify(body)}`);
    return body.total ?? 0;
  };
  for (const url of urls.slice(0, 20)) await call(url);
  const times: number[] = [];
  let hits = 0;
  for (const url of urls) {
    const t = process.hrtime.bigint();
    hits += await call(url);
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  times.sort((a, b) => a - b);
  const q = (f: number) => Math.round(times[Math.min(times.length - 1, Math.floor(f * times.length))] * 10) / 10;
  return { n: times.length, p50Ms: q(0.5), p95Ms: q(0.95), maxMs: q(1), meanHits: Math.round(hits / urls.length) };
}

/**
 * Creates the streets, communities and grids of `grids` that identity's org tree lacks (the
 * demo's are there), parents before children, 8 requests at a time.
 */
async function createOrgUnits(base: string, token: string, grids: readonly string[]): Promise<number> {
  type Node = { path: string; children?: Node[] };
  const tree = (await (
    await fetch(`${base}/api/v1/orgs/tree`, { headers: { authorization: `Bearer ${token}` } })
  ).json()) as Node[];
  const existing = new Set<string>();
  const walk = (n: Node) => {
    existing.add(n.path);
    (n.children ?? []).forEach(walk);
  };
  tree.forEach(walk);
  const levels: Array<Map<string, 'street' | 'community' | 'grid'>> = [new Map(), new Map(), new Map()];
  const kinds = ['street', 'community', 'grid'] as const;
  for (const g of grids) {
    const parts = g.split('.');
    for (let depth = 2; depth <= 4; depth++) {
      const path = parts.slice(0, depth).join('.');
      if (!existing.has(path)) levels[depth - 2].set(path, kinds[depth - 2]);
    }
  }
  let created = 0;
  for (const level of levels) {
    const todo = [...level];
    const worker = async () => {
      for (let next = todo.shift(); next; next = todo.shift()) {
        const [path, kind] = next;
        const code = path.slice(path.lastIndexOf('.') + 1);
        const res = await fetch(`${base}/api/v1/orgs`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            parentPath: path.slice(0, path.lastIndexOf('.')),
            code,
            name: `${kind} ${code}`,
            kind,
          }),
        });
        if (res.status !== 201) throw new Error(`POST /orgs ${path}: ${res.status} ${await res.text()}`);
        created++;
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
  }
  return created;
}

async function main(): Promise<void> {
  log(`Gongzhi registry benchmark, ${new Date().toISOString()}`);
  log(machineLine());
  log(
    `district: ${PERSONS} persons in ${HOUSEHOLDS} households; ${QUERIES} queries per figure; import of ${IMPORT_ROWS} rows`,
  );
  const database: TestDatabase = await createTestDatabase();
  if (process.env.BENCH_KEEP_DB === '1') log(`database ${database.name} (kept: BENCH_KEEP_DB=1; drop it yourself)`);
  else {
    onCleanup(`drop database ${database.name}`, () => database.drop());
    log(`database ${database.name} (dropped at the end)`);
  }
  const env: NodeJS.ProcessEnv = {
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    DATABASE_URL: database.url,
    BUS_ROOT: `bench${randomBytes(4).toString('hex')}`,
    RATE_LIMIT_PER_MINUTE: '100000000',
    ACCESS_TOKEN_TTL_S: '3600',
    PII_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    PII_INDEX_KEY: randomBytes(32).toString('base64'),
    IDENTITY_SECRETS_KEY: randomBytes(32).toString('base64'),
  };
  @Module({ imports: [StandaloneModule.forRoot(env)] })
  class BenchModule {}
  process.env.LOG_LEVEL ??= 'warn'; // the app's logger reads it from the process
  const app: NestFastifyApplication = await createGatewayApp(BenchModule);
  onCleanup('close the app', () => app.close());
  await connectBus(app);
  await seedDemoDistrict(app.get(DatabaseRegistry).get('identity'), PASSWORD);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const base = `http://127.0.0.1:${address.port}`;

  const pool = new Pool({ connectionString: database.url, max: 2 });
  onCleanup('close the pool', () => pool.end());
  const tGen = Date.now();
  const sample = await generate(pool, env);
  const generateS = (Date.now() - tGen) / 1000;
  log(`generator: ${generateS.toFixed(1)} s in all`);

  const token = async (username: string) => {
    for (let i = 0; i < 40; i++) {
      const res = await fetch(`${base}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: PASSWORD }),
      });
      if (res.status === 200) return ((await res.json()) as { accessToken: string }).accessToken;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`login ${username} failed`);
  };
  const admin = await token('district-admin');
  const secretary = await token('community-secretary');
  const n = (xs: string[]) => {
    if (xs.length === 0) throw new Error('the generator kept no samples to query');
    return Array.from({ length: QUERIES }, (_, i) => xs[i % xs.length]);
  };
  const ids = n(sample.idNumbers);
  const partial = n(sample.names.map((s) => s.slice(1, 3)).filter((s) => s.length === 2));
  const c01Grids = sample.grids.filter((g) => g.startsWith('d01.s01.c01.'));
  const grids = n(sample.grids.filter((_, i) => i % Math.max(1, Math.floor(sample.grids.length / QUERIES)) === 0));

  const figures = {
    idLookup: await measure(
      base,
      admin,
      ids.map((idNumber) => ({ url: '/api/v1/registry/persons/search', body: { idNumber } })),
    ),
    nameCommunity: await measure(
      base,
      secretary,
      partial.map((s) => `/api/v1/registry/persons?name=${encodeURIComponent(s)}`),
    ),
    nameDistrict: await measure(
      base,
      admin,
      partial.map((s) => `/api/v1/registry/persons?name=${encodeURIComponent(s)}`),
    ),
    mustVisit: await measure(
      base,
      admin,
      grids.map((g) => `/api/v1/registry/visits/unvisited?within=${g}`),
    ),
  };
  log('');
  log(
    `lookup by identity number (POST /persons/search, district): p50 ${figures.idLookup.p50Ms} ms, p95 ${figures.idLookup.p95Ms} ms, max ${figures.idLookup.maxMs} ms (n ${figures.idLookup.n}, hits/query ${figures.idLookup.meanHits})`,
  );
  log(
    `name search, 2 characters, community scope (${c01Grids.length} grids): p50 ${figures.nameCommunity.p50Ms} ms, p95 ${figures.nameCommunity.p95Ms} ms (mean total ${figures.nameCommunity.meanHits})`,
  );
  log(
    `name search, 2 characters, whole district:             p50 ${figures.nameDistrict.p50Ms} ms, p95 ${figures.nameDistrict.p95Ms} ms (mean total ${figures.nameDistrict.meanHits})`,
  );
  log(
    `a grid's must-visit list (unvisited this quarter):     p50 ${figures.mustVisit.p50Ms} ms, p95 ${figures.mustVisit.p95Ms} ms (mean households ${figures.mustVisit.meanHits})`,
  );

  // import: IMPORT_ROWS new persons (1 to 4 per household) into a street of their own, through runImport
  const header = ['网格', '地址', '门牌号', '姓名', '身份证号', '电话', '居住类型', '与户主关系', '标签'];
  const cells: string[][] = [header];
  const importGrids = new Set<string>();
  for (let i = 0; i < IMPORT_ROWS; i++) {
    const hh = Math.floor(i / 3);
    const grid = `d01.s20.c${String(1 + (Math.floor(hh / 3000) % 10)).padStart(2, '0')}.g${String(1 + (Math.floor(hh / 300) % 10)).padStart(2, '0')}`;
    importGrids.add(grid);
    cells.push([
      grid,
      `导入大道${Math.floor(hh / 30) + 1}号`,
      `${hh % 30}`,
      pick(SURNAMES) + pick(GIVEN) + pick(GIVEN),
      makeIdNumber(
        '650102',
        new Date(Date.UTC(1960, 0, 1) + Math.floor(i / 999) * 86_400_000).toISOString().slice(0, 10),
        1 + (i % 999),
      ),
      `139${String(i).padStart(8, '0')}`,
      '流动',
      i % 3 === 0 ? '户主' : '其他',
      '',
    ]);
  }
  const tOrgs = Date.now();
  const orgUnits = await createOrgUnits(base, admin, [...sample.grids, ...importGrids]);
  log(
    `org tree: ${orgUnits} streets, communities and grids created in identity in ${((Date.now() - tOrgs) / 1000).toFixed(1)} s`,
  );

  const actor = { kind: 'system' as const, id: 'bench', roles: ['district_admin' as const], scopes: ['d01'] };
  const registryDs = app.get(DatabaseRegistry).get('registry');
  const pii = personalDataFromEnv(env);
  // as the service runs it: grids asked of identity over the bus, events into the registry's outbox
  const importOptions = {
    fileName: 'bench.csv',
    mode: 'valid-rows' as const,
    actor,
    outbox: new Outbox('registry', env.BUS_ROOT as string),
    grids: OrgGrids.overBus(app.get(BusClient), 30_000, 'registry'),
  };
  const outboxRows = async () =>
    Number(
      (await pool.query(`SELECT count(*) AS n FROM "registry".outbox WHERE envelope->'actor'->>'id' = 'bench'`)).rows[0]
        .n,
    );
  const eventsBefore = await outboxRows();
  const tImport = process.hrtime.bigint();
  const job = await runImport(registryDs, pii, cells, importOptions);
  const importS = Number(process.hrtime.bigint() - tImport) / 1e9;
  const rowsPerS = Math.round(IMPORT_ROWS / importS);
  const importEvents = (await outboxRows()) - eventsBefore;
  log(
    `import of ${IMPORT_ROWS} rows (valid-rows, batches of 1,000): ${importS.toFixed(1)} s, ${rowsPerS} rows/s (imported ${job.imported}, unchanged ${job.unchanged}, refused ${job.rejected}; ${importEvents} events)`,
  );
  const tAgain = process.hrtime.bigint();
  const again = await runImport(registryDs, pii, cells, importOptions);
  const againS = Number(process.hrtime.bigint() - tAgain) / 1e9;
  const againEvents = (await outboxRows()) - eventsBefore - importEvents;
  log(
    `the same file again: ${againS.toFixed(1)} s, ${Math.round(IMPORT_ROWS / againS)} rows/s (imported ${again.imported}, unchanged ${again.unchanged}; ${againEvents} events)`,
  );

  const goals = {
    idLookupP95Under20ms: figures.idLookup.p95Ms < 20,
    nameSearchP95Under100ms: figures.nameDistrict.p95Ms < 100 && figures.nameCommunity.p95Ms < 100,
    importAtLeast2000RowsPerS: rowsPerS >= 2000,
  };
  log('');
  log(
    `goal exact lookup p95 < 20 ms:    ${goals.idLookupP95Under20ms ? 'met' : 'NOT met'} (${figures.idLookup.p95Ms} ms)`,
  );
  log(
    `goal name search p95 < 100 ms:    ${goals.nameSearchP95Under100ms ? 'met' : 'NOT met'} (community ${figures.nameCommunity.p95Ms} ms, district ${figures.nameDistrict.p95Ms} ms)`,
  );
  log(`goal import ≥ 2,000 rows/s:       ${goals.importAtLeast2000RowsPerS ? 'met' : 'NOT met'} (${rowsPerS} rows/s)`);

  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const file = path.join(ROOT, 'bench', 'results', `registry-${stamp}.json`);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(
    file,
    `${JSON.stringify(
      {
        date: new Date().toISOString(),
        machine: machine(),
        settings: {
          persons: PERSONS,
          households: HOUSEHOLDS,
          queries: QUERIES,
          importRows: IMPORT_ROWS,
          path: 'HTTP → gateway → in-process bus → registry → PG',
        },
        generateS,
        figures,
        import: {
          seconds: importS,
          rowsPerS,
          imported: job.imported,
          events: importEvents,
          reimportSeconds: againS,
          reimportUnchanged: again.unchanged,
          reimportEvents: againEvents,
        },
        goals,
      },
      null,
      2,
    )}\n`,
  );
  log(`figures written to ${path.relative(process.cwd(), file)}`);
}

runBench(main, 30 * 60_000);
