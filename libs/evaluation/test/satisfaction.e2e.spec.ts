import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DatabaseRegistry } from '@gz/platform';
import { createTestDatabase, testBusRoot, testEnv, TestSession, type TestDatabase } from '@gz/testing';
import ExcelJS from 'exceljs';
import { bootEvaluation } from './factories';

async function workbook(rows: unknown[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('结果').addRows(rows);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe("residents' satisfaction: surveys and third-party results", () => {
  let db: TestDatabase;
  let app: NestFastifyApplication;
  const s = new TestSession(() => app);
  const http = () => s.http();
  const logged = async () =>
    Number(
      (await app.get(DatabaseRegistry).get('evaluation').query(`SELECT count(*) AS n FROM "evaluation".event_log`))[0]
        .n,
    );
  const value = async (code: string) =>
    (
      await http()
        .get(`/api/v1/evaluation/indicators/${code}/value`)
        .query({ unitKind: 'community', unit: 'd01.s01.c01', period: '2026' })
        .set(s.as('district-admin'))
        .expect(200)
    ).body;

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await bootEvaluation(
      testEnv({
        databaseUrl: db.url,
        busRoot: testBusRoot(),
        nats: false,
        extra: { RATE_LIMIT_PER_MINUTE: '100000', PROJECTION_POLL_MS: '50' },
      }),
    );
    await s.signIn('district-admin', 'street-admin', 'community-secretary', 'resident', 'grid-worker-s02');
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('takes answers to a survey of a community, every question 1–5, and counts a sheet with a mean of 4 or more as satisfied', async () => {
    const survey = (
      await http()
        .post('/api/v1/evaluation/surveys')
        .set(s.as('community-secretary'))
        .send({
          kind: 'periodic',
          path: 'd01.s01.c01',
          title: '居民满意度调查',
          questions: [
            { code: 'q1', text: '环境卫生' },
            { code: 'q2', text: '办事效率' },
          ],
        })
        .expect(201)
    ).body;
    await http()
      .post(`/api/v1/evaluation/surveys/${survey.id}/answers`)
      .set(s.as('resident'))
      .send({ answers: { q1: 5, q2: 3 } })
      .expect(201);
    await http()
      .post(`/api/v1/evaluation/surveys/${survey.id}/answers`)
      .set(s.as('resident'))
      .send({ answers: { q1: 3, q2: 4 } })
      .expect(201);
    const before = await logged();
    for (const answers of [{ q1: 6, q2: 3 }, { q1: 5 }, { q1: 5, q2: 5, q3: 1 }])
      await http()
        .post(`/api/v1/evaluation/surveys/${survey.id}/answers`)
        .set(s.as('resident'))
        .send({ answers })
        .expect(422);
    await http()
      .post(`/api/v1/evaluation/surveys/${survey.id}/answers`)
      .set(s.as('grid-worker-s02'))
      .send({ answers: { q1: 5, q2: 5 } })
      .expect(404);
    expect(await logged()).toBe(before);
    // (5 + 3) / 2 = 4: satisfied; (3 + 4) / 2 = 3.5: not
    expect(await value('survey_satisfaction')).toMatchObject({ numerator: 1, denominator: 2, shown: '50.0%' });
  });

  it('takes an after-ticket questionnaire once per ticket', async () => {
    const survey = (
      await http()
        .post('/api/v1/evaluation/surveys')
        .set(s.as('street-admin'))
        .send({
          kind: 'after_ticket',
          path: 'd01.s01.c01',
          title: '结案回访',
          questions: [{ code: 'q1', text: '是否满意' }],
        })
        .expect(201)
    ).body;
    const ticketId = '01900000-0000-7000-8000-000000000001';
    await http()
      .post(`/api/v1/evaluation/surveys/${survey.id}/answers`)
      .set(s.as('resident'))
      .send({ ticketId, answers: { q1: 5 } })
      .expect(201);
    await http()
      .post(`/api/v1/evaluation/surveys/${survey.id}/answers`)
      .set(s.as('resident'))
      .send({ ticketId, answers: { q1: 1 } })
      .expect(409);
    await http()
      .post(`/api/v1/evaluation/surveys/${survey.id}/answers`)
      .set(s.as('resident'))
      .send({ answers: { q1: 1 } })
      .expect(422);
    expect(await value('survey_satisfaction')).toMatchObject({ numerator: 2, denominator: 3 });
  });

  it('imports third-party results from XLSX with a row report: all-or-nothing refuses a file with a wrong row, valid-rows takes the good ones', async () => {
    const rows = [
      ['单位路径', '日期', '样本数', '满意数'],
      ['d01.s01.c01', '2026-03-15', '200', '180'],
      ['d01.s01.c01', '2026-02-30', '100', '90'],
      ['d01.s01.c01', '2026-03-15', '50', '60'],
      ['d01.s02.c01', '2026-03-15', '10', '9'],
    ];
    const file = await workbook(rows);
    const before = await logged();
    const refused = await http()
      .post('/api/v1/evaluation/satisfaction/imports')
      .set(s.as('street-admin'))
      .attach('file', file, '测评结果.xlsx')
      .expect(422);
    expect(refused.body.details.import).toMatchObject({ rows: 4, imported: 0, refused: 3 });
    expect(refused.body.details.import.problems).toEqual([
      { row: 3, problems: ['日期：应为YYYY-MM-DD'] },
      { row: 4, problems: ['满意数：不能大于样本数'] },
      { row: 5, problems: ['单位路径：不在您的范围内'] },
    ]);
    expect(await logged()).toBe(before);
    const taken = await http()
      .post('/api/v1/evaluation/satisfaction/imports')
      .set(s.as('street-admin'))
      .field('mode', 'valid-rows')
      .attach('file', file, '测评结果.xlsx')
      .expect(201);
    expect(taken.body).toMatchObject({ rows: 4, imported: 1, refused: 3, mode: 'valid-rows' });
    expect(await value('third_party_satisfaction')).toMatchObject({ numerator: 180, denominator: 200, shown: '90.0%' });
    await http()
      .post('/api/v1/evaluation/satisfaction/imports')
      .set(s.as('resident'))
      .attach('file', file, 'x.xlsx')
      .expect(403);
    await http()
      .post('/api/v1/evaluation/satisfaction/imports')
      .set(s.as('street-admin'))
      .attach('file', await workbook([['路径', '样本数']]), 'x.xlsx')
      .expect(422);
  });
});
