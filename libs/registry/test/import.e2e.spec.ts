import { writeFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { RegistryEvents, type DuplicateView, type Page, type PersonView } from '@gz/contracts';
import { busRequestDuration, csvLine, DatabaseRegistry } from '@gz/platform';
import {
  createTestDatabase,
  deleteTestStream,
  eventually,
  TEST_NATS_URL,
  testBusRoot,
  testEnv,
  type TestDatabase,
} from '@gz/testing';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { makeIdNumber } from '../src';
import { auth, bootPlatform, login } from './support';

const HEADER = [
  '网格',
  '地址',
  '门牌号',
  '姓名',
  '性别',
  '出生日期',
  '身份证号',
  '电话',
  '居住类型',
  '与户主关系',
  '标签',
];
const id = (seq: number) => makeIdNumber('110105', '1975-04-0' + ((seq % 9) + 1), seq);
const rows = (address: string, n: number, start = 100) =>
  Array.from({ length: n }, (_, i) => [
    'd01.s01.c01.g01',
    address,
    `${101 + Math.floor(i / 3)}`,
    `导入${i}`,
    '',
    '',
    id(start + i),
    '13900000000',
    '户籍',
    i % 3 === 0 ? '户主' : '子女',
    i === 0 ? '独居老人' : '',
  ]);
const csv = (data: string[][]) => Buffer.from([HEADER, ...data].map(csvLine).join('\r\n'), 'utf8');

/** Requests this process made to identity's org tree (the registry's grid check), from the bus metrics. */
async function orgTreeRequests(): Promise<number> {
  const metric = await busRequestDuration.get();
  return metric.values
    .filter((v) => v.metricName === 'gz_bus_request_duration_seconds_count' && v.labels.action === 'orgs.tree')
    .reduce((n, v) => n + v.value, 0);
}

// Over NATS, so that gz import-registry (another connection) asks the same identity service.
describe('bulk import and export of the registry', () => {
  const root = testBusRoot();
  let db: TestDatabase;
  let app: NestFastifyApplication;
  let secretary: string;
  let worker: string;
  let admin: string;
  const http = () => request(app.getHttpServer());
  const outbox = (
    sql = 'true',
    params: unknown[] = [],
  ): Promise<Array<{ type: string; envelope: { street: string; data: Record<string, unknown> } }>> =>
    app
      .get(DatabaseRegistry)
      .get('registry')
      .query(`SELECT type, envelope FROM "registry".outbox WHERE ${sql} ORDER BY id`, params);
  const count = async (address: string) => {
    const res = await http()
      .get('/api/v1/registry/persons')
      .query({ address, pageSize: 1 })
      .set(auth(secretary))
      .expect(200);
    return res.body.total as number;
  };
  const upload = (token: string, file: Buffer, name: string, mode?: string) => {
    const req = http().post('/api/v1/registry/imports').set(auth(token));
    if (mode) req.field('mode', mode);
    return req.attach('file', file, name);
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await bootPlatform(testEnv({ databaseUrl: db.url, busRoot: root, nats: true }));
    secretary = await login(app, 'community-secretary');
    worker = await login(app, 'grid-worker');
    admin = await login(app, 'district-admin');
  });

  afterAll(async () => {
    await app.close();
    await db.drop();
    await deleteTestStream(root);
  });

  it('rejects a file with a bad row in all-or-nothing mode: 422 with the report, nothing written', async () => {
    const data = rows('导入路1号', 6);
    data[3][6] = data[3][6].slice(0, 17) + (data[3][6][17] === '0' ? '1' : '0');
    const res = await upload(secretary, csv(data), 'people.csv').expect(422);
    expect(res.body.details.import).toMatchObject({
      status: 'rejected',
      mode: 'all-or-nothing',
      imported: 0,
      total: 6,
    });
    expect(res.body.details.import.problems).toEqual([
      { row: 5, field: 'idNumber', reason: expect.stringContaining('check character') },
    ]);
    expect(await count('导入路1号')).toBe(0);

    const valid = await upload(secretary, csv(data), 'people.csv', 'valid-rows').expect(201);
    expect(valid.body).toMatchObject({
      status: 'done',
      imported: 5,
      rejected: 1,
      processed: 6,
      total: 6,
      buildingsCreated: 1,
      householdsCreated: 2,
    });
    expect(await count('导入路1号')).toBe(5);

    const again = await upload(secretary, csv(data), 'people.csv', 'valid-rows').expect(201);
    expect(again.body).toMatchObject({ imported: 0, unchanged: 5, buildingsCreated: 0, householdsCreated: 0 });
    expect(await count('导入路1号')).toBe(5);

    const job = await http().get(`/api/v1/registry/imports/${valid.body.id}`).set(auth(secretary)).expect(200);
    expect(job.body).toMatchObject({ processed: 6, total: 6, imported: 5 });
  });

  it('keys persons without an identity number by name, birth date and household, and keeps the scope', async () => {
    const data = [['d01.s01.c01.g01', '导入路2号', '201', '小明', '男', '2024-01-02', '', '', '户籍', '子女', '']];
    expect((await upload(secretary, csv(data), 'baby.csv').expect(201)).body.imported).toBe(1);
    expect((await upload(secretary, csv(data), 'baby.csv').expect(201)).body).toMatchObject({
      imported: 0,
      unchanged: 1,
    });

    const outside = [['d01.s01.c01.g02', '导入路3号', '1', '越界', '男', '1990-01-01', '', '', '户籍', '', '']];
    const res = await upload(worker, csv(outside), 'x.csv').expect(422);
    expect(res.body.details.import.problems).toEqual([
      { row: 2, field: 'gridPath', reason: 'outside your scope: d01.s01.c01.g02' },
    ]);
  });

  it('publishes the events of the single-record paths per person, never personal data, and nothing on a re-import', async () => {
    const data = rows('事件路1号', 5, 700); // households 101 (rows 0-2) and 102 (rows 3-4)
    const job = (await upload(secretary, csv(data), 'events.csv').expect(201)).body;
    expect(job).toMatchObject({ imported: 5, buildingsCreated: 1, householdsCreated: 2 });
    const persons = (
      (await http().get('/api/v1/registry/persons').query({ address: '事件路1号' }).set(auth(secretary)).expect(200))
        .body as Page<PersonView>
    ).items;
    const ids = persons.map((p) => p.id);
    const events = await outbox(
      `envelope->'actor'->>'id' <> 'seed' AND (envelope->'data'->>'personId' = ANY($1) OR envelope->'data'->>'householdId' = ANY($2) OR envelope->'data'->>'importId' = $3 OR envelope->'data'->>'address' = '事件路1号')`,
      [ids, [...new Set(persons.map((p) => p.householdId as string))], job.id],
    );
    const count = (type: string) => events.filter((e) => e.type === type).length;
    expect([
      count(RegistryEvents.buildingCreated),
      count(RegistryEvents.householdCreated),
      count(RegistryEvents.personRegistered),
      count(RegistryEvents.personMovedIn),
      count(RegistryEvents.householdChanged),
      count(RegistryEvents.importCompleted),
    ]).toEqual([1, 2, 5, 5, 2, 1]);
    const head = persons.find((p) => p.relation === 'head') as PersonView;
    const household = (
      await http().get(`/api/v1/registry/households/${head.householdId}`).set(auth(secretary)).expect(200)
    ).body;
    expect(household).toMatchObject({ headPersonId: head.id, version: 2, memberCount: 3 });
    const registered = events.find(
      (e) => e.type === RegistryEvents.personRegistered && e.envelope.data.personId === head.id,
    );
    const movedIn = events.find((e) => e.type === RegistryEvents.personMovedIn && e.envelope.data.personId === head.id);
    expect(registered?.envelope).toMatchObject({
      street: 's01',
      data: {
        personId: head.id,
        path: 'd01.s01.c01.g01',
        residenceType: 'registered',
        tags: ['elderly_alone'],
        householdId: head.householdId,
      },
    });
    expect(movedIn?.envelope.data).toMatchObject({
      personId: head.id,
      householdId: head.householdId,
      path: 'd01.s01.c01.g01',
      relation: 'head',
      date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
    });
    // the same payload shapes as registering one person into a household
    const one = await http()
      .post('/api/v1/registry/persons')
      .set(auth(secretary))
      .send({
        name: '单录',
        gender: 'male',
        birthDate: '1990-01-01',
        residenceType: 'registered',
        householdId: head.householdId,
        relation: 'child',
      })
      .expect(201);
    const single = await outbox(`envelope->'data'->>'personId' = $1`, [one.body.id]);
    const keys = (list: typeof events, type: string) =>
      Object.keys(list.find((e) => e.type === type)?.envelope.data ?? {}).sort();
    for (const type of [RegistryEvents.personRegistered, RegistryEvents.personMovedIn])
      expect(keys(events, type)).toEqual(keys(single, type));
    const householdChanged = await outbox(`type = $1 AND envelope->'data'->>'householdId' = $2`, [
      RegistryEvents.householdChanged,
      head.householdId,
    ]);
    expect(Object.keys(householdChanged[0].envelope.data).sort()).toEqual(
      Object.keys(householdChanged[1].envelope.data).sort(),
    );
    // no identity number, no phone in any of them
    const text = JSON.stringify(events);
    for (const row of data) expect(text).not.toContain(row[6]);
    expect(text).not.toContain('13900000000');

    const all = (await outbox()).length;
    expect((await upload(secretary, csv(data), 'events.csv').expect(201)).body).toMatchObject({
      imported: 0,
      unchanged: 5,
    });
    expect((await outbox()).length).toBe(all);
  });

  it('checks tags against the built-in ones and those the district defined, by code or name', async () => {
    await http()
      .post('/api/v1/registry/tags')
      .set(auth(admin))
      .send({ code: 'dialysis_patient', name: '透析病人' })
      .expect(201);
    const data = rows('标签路1号', 3, 800);
    data[0][10] = '透析病人';
    data[1][10] = 'dialysis_patient;独居老人';
    data[2][10] = '富豪';
    const refused = await upload(secretary, csv(data), 'tags.csv').expect(422);
    expect(refused.body.details.import.problems).toEqual([
      { row: 4, field: 'tags', reason: 'unknown tag 富豪: neither built in nor defined by d01' },
    ]);
    expect((await upload(secretary, csv(data), 'tags.csv', 'valid-rows').expect(201)).body).toMatchObject({
      imported: 2,
      rejected: 1,
    });
    const found = (
      (await http().get('/api/v1/registry/persons').query({ tag: 'dialysis_patient' }).set(auth(secretary)).expect(200))
        .body as Page<PersonView>
    ).items;
    expect(found.map((p) => p.tags).sort()).toEqual([['dialysis_patient'], ['dialysis_patient', 'elderly_alone']]);
  });

  it('flags likely duplicates (same name and birth date in one community, one without identity number) as registering one does', async () => {
    const single = await http()
      .post('/api/v1/registry/persons')
      .set(auth(secretary))
      .send({
        name: '周念念',
        gender: 'female',
        birthDate: '2025-03-03',
        residenceType: 'registered',
        gridPath: 'd01.s01.c01.g02',
      })
      .expect(201);
    const data = [
      // another grid of the community, and twice in the file (two households): one flag per pair
      ['d01.s01.c01.g01', '重复路1号', '1', '周念念', '女', '2025-03-03', '', '', '户籍', '子女', ''],
      ['d01.s01.c01.g01', '重复路1号', '2', '周念念', '女', '2025-03-03', '', '', '户籍', '子女', ''],
      // another street: not flagged
      ['d01.s02.c01.g01', '重复路2号', '1', '周念念', '女', '2025-03-03', '', '', '户籍', '子女', ''],
    ];
    expect((await upload(admin, csv(data), 'dupes.csv').expect(201)).body).toMatchObject({ imported: 3 });
    const flags = (
      (await http().get('/api/v1/registry/duplicates').query({ pageSize: 100 }).set(auth(secretary)).expect(200))
        .body as Page<DuplicateView>
    ).items.filter((f) => f.person.name === '周念念');
    expect(flags).toHaveLength(3);
    expect(
      flags.every(
        (f) =>
          f.community === 'd01.s01.c01' &&
          f.person.path.startsWith('d01.s01.c01') &&
          f.other.path.startsWith('d01.s01.c01'),
      ),
    ).toBe(true);
    expect(flags.filter((f) => [f.person.id, f.other.id].includes(single.body.id))).toHaveLength(2);
    const flagged = await outbox(`type = $1 AND envelope->'data'->>'flagId' = ANY($2)`, [
      RegistryEvents.duplicateFlagged,
      flags.map((f) => f.id),
    ]);
    expect(flagged).toHaveLength(3);
    // re-importing flags nothing more
    expect((await upload(admin, csv(data), 'dupes.csv').expect(201)).body).toMatchObject({ imported: 0, unchanged: 3 });
    expect((await outbox(`type = $1`, [RegistryEvents.duplicateFlagged])).length).toBe(flagged.length);
  });

  it('refuses grid paths identity’s org tree does not have, asking identity at most once per file', async () => {
    const data = rows('网格路1号', 300, 900);
    for (let i = 0; i < data.length; i++) data[i][0] = ['d01.s01.c01.g01', 'd01.s01.c01.g02', 'd01.s01.c01.g03'][i % 3];
    data[7][0] = 'd01.s01.c01.g07';
    const before = await orgTreeRequests();
    const res = await upload(secretary, csv(data), 'grids.csv', 'valid-rows').expect(201);
    expect(res.body).toMatchObject({ imported: 299, rejected: 1 });
    expect(res.body.problems).toEqual([
      { row: 9, field: 'gridPath', reason: 'd01.s01.c01.g07 is not a grid of the organisation tree' },
    ]);
    expect((await orgTreeRequests()) - before).toBeLessThanOrEqual(1);
  });

  it('imports XLSX', async () => {
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('人口');
    sheet.addRow([
      'grid',
      'address',
      'door',
      'name',
      'gender',
      'birth_date',
      'id_number',
      'phone',
      'residence_type',
      'relation',
      'tags',
    ]);
    for (const r of rows('导入路4号', 4, 300)) sheet.addRow(r);
    const file = Buffer.from(await wb.xlsx.writeBuffer());
    const res = await upload(secretary, file, 'people.xlsx').expect(201);
    expect(res.body).toMatchObject({ status: 'done', imported: 4 });
    expect(await count('导入路4号')).toBe(4);
  });

  it('exports a scope to XLSX, masked', async () => {
    const res = await http()
      .get('/api/v1/registry/export')
      .query({ path: 'd01.s01.c01' })
      .set(auth(secretary))
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as ArrayBuffer);
    const values = wb.worksheets[0].getSheetValues().slice(1) as unknown[][];
    expect(values[0]).toContain('身份证号');
    const ids = values
      .slice(1)
      .map((r) => r[8])
      .filter(Boolean) as string[];
    expect(ids.length).toBeGreaterThan(5);
    expect(ids.every((v) => /^\d{3}\*{11}[\dX]{4}$/.test(v))).toBe(true);
    expect(
      values
        .slice(1)
        .map((r) => r[9])
        .filter(Boolean)
        .every((v) => String(v).includes('****')),
    ).toBe(true);
    await http().get('/api/v1/registry/export').query({ path: 'd01.s02' }).set(auth(secretary)).expect(403);
  });

  it('imports through gz import-registry with the same function', async () => {
    const { runCli } = await import('@gz/cli');
    const dir = await mkdtemp(path.join(os.tmpdir(), 'gz-import-'));
    try {
      const file = path.join(dir, 'cli.csv');
      await writeFile(file, csv(rows('导入路5号', 7, 500)));
      const lines: string[] = [];
      const out = { log: (l: string) => lines.push(l), error: (l: string) => lines.push(`ERR ${l}`) };
      const env = { DATABASE_URL: db.url, BUS_ROOT: root, NATS_URL: TEST_NATS_URL };
      expect(await runCli(['import-registry', file], env, out)).toBe(0);
      expect(lines.join('\n')).toContain('imported 7, unchanged 0, refused 0');
      // the same events as through the service, published by the registry's relay
      const events = await outbox(
        `envelope->'data'->>'path' = 'd01.s01.c01.g01' AND envelope->'actor'->>'id' = 'gz-cli'`,
      );
      expect(events.filter((e) => e.type === RegistryEvents.personRegistered)).toHaveLength(7);
      await eventually(async () =>
        (
          await app
            .get(DatabaseRegistry)
            .get('registry')
            .query(`SELECT count(*)::int AS n FROM "registry".outbox WHERE published_at IS NULL`)
        )[0].n === 0
          ? true
          : undefined,
      );
      lines.length = 0;
      expect(await runCli(['import-registry', file, '--mode', 'valid-rows'], env, out)).toBe(0);
      expect(lines.join('\n')).toContain('imported 0, unchanged 7');
      expect(await count('导入路5号')).toBe(7);
      // a grid identity does not know is a row error
      const stray = path.join(dir, 'stray.csv');
      await writeFile(
        stray,
        csv([['d01.s01.c01.g08', '导入路6号', '1', '迷路', '男', '1990-01-01', '', '', '户籍', '', '']]),
      );
      lines.length = 0;
      expect(await runCli(['import-registry', stray], env, out)).toBe(1);
      expect(lines.join('\n')).toContain('row 2  gridPath: d01.s01.c01.g08 is not a grid of the organisation tree');
      // without NATS (a standalone install) the grids come from the identity schema, checked the same
      lines.length = 0;
      expect(await runCli(['import-registry', stray], { ...env, NATS_URL: undefined }, out)).toBe(1);
      expect(lines.join('\n')).toContain('the grids are read from the identity schema');
      expect(lines.join('\n')).toContain('row 2  gridPath: d01.s01.c01.g08 is not a grid of the organisation tree');
      const known = path.join(dir, 'known.csv');
      await writeFile(known, csv(rows('导入路7号', 2, 600)));
      lines.length = 0;
      expect(await runCli(['import-registry', known], { ...env, NATS_URL: undefined }, out)).toBe(0);
      expect(lines.join('\n')).toContain('imported 2, unchanged 0, refused 0');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
