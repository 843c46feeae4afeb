import { writeFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createTestDatabase, testBusRoot, testEnv, type TestDatabase } from '@gz/testing';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { makeIdNumber } from '../src';
import { csvLine } from '../src/domain/import-rows';
import { auth, bootPlatform, login } from './support';

const HEADER = ['网格', '地址', '门牌号', '姓名', '性别', '出生日期', '身份证号', '电话', '居住类型', '与户主关系', '标签'];
const id = (seq: number) => makeIdNumber('110105', '1975-04-0' + ((seq % 9) + 1), seq);
const rows = (address: string, n: number, start = 100) =>
  Array.from({ length: n }, (_, i) => ['d01.s01.c01.g01', address, `${101 + Math.floor(i / 3)}`, `导入${i}`, '', '', id(start + i), '13900000000', '户籍', i % 3 === 0 ? '户主' : '子女', i === 0 ? '独居老人' : '']);
const csv = (data: string[][]) => Buffer.from([HEADER, ...data].map(csvLine).join('\r\n'), 'utf8');

describe('bulk import and export of the registry', () => {
  let db: TestDatabase;
  let app: NestFastifyApplication;
  let secretary: string;
  let worker: string;
  const http = () => request(app.getHttpServer());
  const count = async (address: string) => {
    const res = await http().get('/api/v1/registry/persons').query({ address, pageSize: 1 }).set(auth(secretary)).expect(200);
    return res.body.total as number;
  };
  const upload = (token: string, file: Buffer, name: string, mode?: string) => {
    const req = http().post('/api/v1/registry/imports').set(auth(token));
    if (mode) req.field('mode', mode);
    return req.attach('file', file, name);
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await bootPlatform(testEnv({ databaseUrl: db.url, busRoot: testBusRoot(), nats: false }));
    secretary = await login(app, 'community-secretary');
    worker = await login(app, 'grid-worker');
  });

  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  it('rejects a file with a bad row in all-or-nothing mode: 422 with the report, nothing written', async () => {
    const data = rows('导入路1号', 6);
    data[3][6] = data[3][6].slice(0, 17) + (data[3][6][17] === '0' ? '1' : '0');
    const res = await upload(secretary, csv(data), 'people.csv').expect(422);
    expect(res.body.details.import).toMatchObject({ status: 'rejected', mode: 'all-or-nothing', imported: 0, total: 6 });
    expect(res.body.details.import.problems).toEqual([{ row: 5, field: 'idNumber', reason: expect.stringContaining('check character') }]);
    expect(await count('导入路1号')).toBe(0);

    const valid = await upload(secretary, csv(data), 'people.csv', 'valid-rows').expect(201);
    expect(valid.body).toMatchObject({ status: 'done', imported: 5, rejected: 1, processed: 6, total: 6, buildingsCreated: 1, householdsCreated: 2 });
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
    expect((await upload(secretary, csv(data), 'baby.csv').expect(201)).body).toMatchObject({ imported: 0, unchanged: 1 });

    const outside = [['d01.s01.c01.g02', '导入路3号', '1', '越界', '男', '1990-01-01', '', '', '户籍', '', '']];
    const res = await upload(worker, csv(outside), 'x.csv').expect(422);
    expect(res.body.details.import.problems).toEqual([{ row: 2, field: 'gridPath', reason: 'outside your scope: d01.s01.c01.g02' }]);
  });

  it('imports XLSX', async () => {
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('人口');
    sheet.addRow(['grid', 'address', 'door', 'name', 'gender', 'birth_date', 'id_number', 'phone', 'residence_type', 'relation', 'tags']);
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
    const ids = values.slice(1).map((r) => r[8]).filter(Boolean) as string[];
    expect(ids.length).toBeGreaterThan(5);
    expect(ids.every((v) => /^\d{3}\*{11}[\dX]{4}$/.test(v))).toBe(true);
    expect(values.slice(1).map((r) => r[9]).filter(Boolean).every((v) => String(v).includes('****'))).toBe(true);
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
      const env = { DATABASE_URL: db.url, BUS_ROOT: testBusRoot() };
      expect(await runCli(['import-registry', file], env, out)).toBe(0);
      expect(lines.join('\n')).toContain('imported 7, unchanged 0, refused 0');
      lines.length = 0;
      expect(await runCli(['import-registry', file, '--mode', 'valid-rows'], env, out)).toBe(0);
      expect(lines.join('\n')).toContain('imported 0, unchanged 7');
      expect(await count('导入路5号')).toBe(7);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
