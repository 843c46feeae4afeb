import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createTestDatabase, testBusRoot, testEnv, type TestDatabase } from '@gz/testing';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { auth, bootPlatform, login, TestClock } from '../../ticketing/test/support';

const HEADER = ['街道', '类别代码', '区域', '牵头部门', '协办部门'];

async function xlsx(rows: string[][], header = HEADER): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('责任清单');
  sheet.addRow(header);
  for (const r of rows) sheet.addRow(r);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

async function readXlsx(data: Buffer): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(data as unknown as ArrayBuffer);
  const out: string[][] = [];
  workbook.worksheets[0].eachRow((row) => out.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ''))));
  return out;
}

const GOOD = [
  ['s01', 'C03*', '', '区环卫局 (d01.dep-sanitation)', ''],
  ['s01', 'E0101', '', '区城管局 (d01.dep-urban)', '区住建局 (d01.dep-housing), 区环卫局 (d01.dep-sanitation)'],
  ['s01', '*', '', 'd01.dep-urban', ''],
];

describe('responsibility lists as XLSX through the gateway', () => {
  let db: TestDatabase;
  let app: NestFastifyApplication;
  const tokens: Record<string, string> = {};
  const http = () => request(app.getHttpServer());
  const as = (who: string) => auth(tokens[who]);
  const upload = (file: Buffer, query = '', who = 'district-admin') =>
    http()
      .post(`/api/v1/responsibility-lists/import${query}`)
      .set(as(who))
      .attach('file', file, { filename: 'list.xlsx', contentType: 'application/octet-stream' });
  const current = async () =>
    (await http().get('/api/v1/responsibility-lists?street=s01').set(as('district-admin')).expect(200)).body;

  beforeAll(async () => {
    db = await createTestDatabase();
    const env = testEnv({
      databaseUrl: db.url,
      busRoot: testBusRoot(),
      nats: false,
      extra: { TIMER_POLL_MS: '0', RATE_LIMIT_PER_MINUTE: '100000' },
    });
    app = await bootPlatform(env, new TestClock('2026-05-12T08:00:00+08:00'));
    for (const u of ['district-admin', 'grid-worker']) tokens[u] = await login(app, u);
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it("seeds each street a list with a line per category: 33 component and 112 event lines, like the seeds' street", async () => {
    const list = await current();
    const all: string[] = list.rules.map((r: { category: string }) => r.category);
    expect(all.filter((c) => c === '*')).toHaveLength(1); // the catch-all line (兜底)
    const categories = all.filter((c) => c !== '*');
    expect(categories.filter((c) => c.startsWith('C'))).toHaveLength(33);
    expect(categories.filter((c) => c.startsWith('E'))).toHaveLength(112);
    expect(new Set(categories).size).toBe(categories.length);
    // every line names a category of the catalogue, which holds the 112 national event classes
    const catalogue: Array<{ code: string; kind: string; district: string | null }> = (
      await http().get('/api/v1/ticket-categories').set(as('grid-worker')).expect(200)
    ).body;
    const codes = new Set(catalogue.map((c) => c.code));
    expect(categories.filter((c) => !codes.has(c))).toEqual([]);
    expect(catalogue.filter((c) => c.kind === 'event' && !c.district)).toHaveLength(112);
    expect(catalogue.filter((c) => c.kind === 'component' && !c.district)).toHaveLength(34);
  });

  it('imports a good file as a new version, and exports it back', async () => {
    const before = await current();
    const dry = await upload(await xlsx(GOOD), '?dryRun=true').expect(200);
    expect(dry.body).toMatchObject({ dryRun: true, rows: 3, validRows: 3, imported: 0, errors: [] });
    expect((await current()).version).toBe(before.version);

    const res = await upload(await xlsx(GOOD)).expect(200);
    expect(res.body).toMatchObject({
      dryRun: false,
      mode: 'all-or-nothing',
      imported: 3,
      errors: [],
      lists: [{ street: 's01', version: before.version + 1, rules: 3 }],
    });
    const list = await current();
    expect(list.version).toBe(before.version + 1);
    expect(list.publishedBy).toBe('district-admin');
    expect(list.rules.map((r: { category: string }) => r.category)).toEqual(['C03*', 'E0101', '*']);
    expect(list.rules[1].co).toEqual([
      { path: 'd01.dep-housing', name: '区住建局' },
      { path: 'd01.dep-sanitation', name: '区环卫局' },
    ]);

    const exported = await http()
      .get('/api/v1/responsibility-lists/export?street=s01')
      .set(as('district-admin'))
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200)
      .expect('content-type', /spreadsheetml/);
    const sheet = await readXlsx(exported.body as Buffer);
    expect(sheet[0]).toEqual(HEADER);
    expect(sheet[3]).toEqual(['s01', '*', 'd01.s01', '区城管局 (d01.dep-urban)', '']);
    // what the export writes, the import reads back
    await upload(exported.body as Buffer, '?dryRun=true')
      .expect(200)
      .expect((r) => expect(r.body.validRows).toBe(3));
  });

  it('rejects a file with a bad row with 422 and the row report, writing nothing', async () => {
    const before = await current();
    const bad = [...GOOD, ['s01', 'X12', '', '区环卫局 (d01.dep-sanitation)', ''], ['s01', 'C0302', 'd01.s02', '', '']];
    const res = await upload(await xlsx(bad)).expect(422);
    expect(res.body.details.report).toMatchObject({ rows: 5, validRows: 3, imported: 0 });
    expect(res.body.details.report.errors).toEqual([
      { row: 5, column: '类别代码', reason: expect.stringContaining('not a category code') },
      { row: 6, column: '区域', reason: 'd01.s02 does not lie within d01.s01' },
      { row: 6, column: '牵头部门', reason: 'required' },
    ]);
    expect((await current()).version).toBe(before.version);

    // valid-rows: the good rows go in, the report still names the bad ones
    const partial = await upload(await xlsx(bad), '?mode=valid-rows').expect(200);
    expect(partial.body).toMatchObject({ mode: 'valid-rows', imported: 3, lists: [{ street: 's01', rules: 3 }] });
    expect(partial.body.errors).toHaveLength(3);
    expect((await current()).version).toBe(before.version + 1);
  });

  it('lists at most 500 errors in the report, and says how many more there are', async () => {
    // three errors a row: the category and both co-departments
    const bad = Array.from({ length: 700 }, () => ['s01', 'X12', '', 'd01.dep-urban', 'a,b']);
    const res = await upload(await xlsx(bad), '?dryRun=true').expect(200);
    expect(res.body).toMatchObject({ rows: 700, validRows: 0 });
    expect(res.body.errors).toHaveLength(501);
    expect(res.body.errors[500]).toEqual({ row: 0, reason: 'and 1600 more errors' });
  });

  it('refuses a file without the columns, a file that is not XLSX, and callers who are not admins', async () => {
    const noColumn = await upload(await xlsx([['s01', 'C03*']], ['街道', '类别代码'])).expect(422);
    expect(noColumn.body.details.report.errors).toEqual([
      { row: 1, column: '牵头部门', reason: 'missing column 牵头部门 (lead)' },
    ]);
    await upload(Buffer.from('not a workbook')).expect(422);
    await upload(await xlsx(GOOD), '', 'grid-worker').expect(403);
  });
});
