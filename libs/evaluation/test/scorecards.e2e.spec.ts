import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DatabaseRegistry, DomainError, OrgUnits } from '@gz/platform';
import { createTestDatabase, eventually, testBusRoot, testEnv, TestSession, type TestDatabase } from '@gz/testing';
import type { DataSource } from 'typeorm';
import { bootEvaluation, publish, settled, ticketEvents, workEvents } from './factories';

const SANITATION = 'd01.dep-sanitation';
const URBAN = 'd01.dep-urban';

describe('evaluation through the gateway: scorecards, rankings, schemes, periods', () => {
  let db: TestDatabase;
  let app: NestFastifyApplication;
  const s = new TestSession(() => app);
  const http = () => s.http();
  const evaluation = (): DataSource => app.get(DatabaseRegistry).get('evaluation');
  const count = async (table: string) =>
    Number((await evaluation().query(`SELECT count(*) AS n FROM "evaluation".${table}`))[0].n);
  const card = (q: Record<string, string>, who = 'district-admin') =>
    http().get('/api/v1/evaluation/scorecards').query(q).set(s.as(who));

  beforeAll(async () => {
    db = await createTestDatabase();
    const env = testEnv({
      databaseUrl: db.url,
      busRoot: testBusRoot(),
      nats: false,
      extra: { RATE_LIMIT_PER_MINUTE: '100000', PROJECTION_POLL_MS: '50' },
    });
    app = await bootEvaluation(env);
    await s.signIn(
      'district-admin',
      'street-admin',
      'street-admin-s02',
      'grid-worker',
      'resident',
      'department-officer',
    );
    // sanitation in s01: 10 due in March, 8 handled by their deadline, 1 late, 1 not handled; all acknowledged on time
    const work = [];
    for (let i = 0; i < 10; i++)
      work.push(
        ...workEvents({
          department: SANITATION,
          gridPath: 'd01.s01.c01.g01',
          dispatchedAt: '2026-03-10T01:00:00Z',
          ackDueAt: '2026-03-10T03:00:00Z',
          handleDueAt: '2026-03-12T01:00:00Z',
          acknowledgedAt: '2026-03-10T02:00:00Z',
          handledAt: i < 8 ? '2026-03-11T01:00:00Z' : i === 8 ? '2026-03-13T01:00:00Z' : undefined,
        }),
      );
    // sanitation in s02: 5 due, none handled (a street that judges it by its own work only sees none of this in s01)
    for (let i = 0; i < 5; i++)
      work.push(
        ...workEvents({
          department: SANITATION,
          gridPath: 'd01.s02.c01.g01',
          dispatchedAt: '2026-03-10T01:00:00Z',
          ackDueAt: '2026-03-10T03:00:00Z',
          handleDueAt: '2026-03-12T01:00:00Z',
        }),
      );
    // urban management: 10 due, all handled and acknowledged on time
    for (let i = 0; i < 10; i++)
      work.push(
        ...workEvents({
          department: URBAN,
          gridPath: 'd01.s01.c02.g01',
          dispatchedAt: '2026-03-10T01:00:00Z',
          ackDueAt: '2026-03-10T03:00:00Z',
          handleDueAt: '2026-03-12T01:00:00Z',
          acknowledgedAt: '2026-03-10T02:00:00Z',
          handledAt: '2026-03-11T01:00:00Z',
        }),
      );
    // communities: c01 and c02 of s01 alike (a tie), s02.c01 worse, s02.c02 with nothing opened
    const tickets = [];
    for (const [grid, opened, closed] of [
      ['d01.s01.c01.g01', 10, 9],
      ['d01.s01.c02.g01', 10, 9],
      ['d01.s02.c01.g02', 10, 5],
    ] as const)
      for (let i = 0; i < opened; i++)
        tickets.push(
          ...ticketEvents({
            gridPath: grid,
            reportedAt: '2026-03-05T01:00:00Z',
            openedAt: '2026-03-05T02:00:00Z',
            closedAt: i < closed ? '2026-03-08T02:00:00Z' : undefined,
          }),
        );
    tickets.push(...ticketEvents({ gridPath: 'd01.s02.c02.g01', reportedAt: '2026-03-05T01:00:00Z' }));
    await publish(app, [...work, ...tickets]);
    await settled(app);
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('scores a department from its deadlines met, and explains each line', async () => {
    const res = await card({
      unitKind: 'department',
      unit: SANITATION,
      period: '2026-03',
      scheme: 'department-2026',
      street: 's01',
    }).expect(200);
    const line = (code: string) => res.body.lines.find((l: { indicator: string }) => l.indicator === code);
    expect(line('handle_on_time_rate')).toMatchObject({
      numerator: 8,
      denominator: 10,
      value: { fraction: '8/10', shown: '80.0' },
      points: '40.00',
    });
    expect(line('ack_on_time_rate')).toMatchObject({ numerator: 10, denominator: 10, points: '20.00' });
    expect(line('rework_rate')).toMatchObject({ numerator: 0, denominator: 9, points: '10.00' });
    // the street gave no rating yet: not applicable, listed apart, its weight shared by the others
    expect(res.body.notApplicable.map((l: { indicator: string }) => l.indicator)).toEqual(['street_rating']);
    expect(res.body).toMatchObject({
      unit: SANITATION,
      unitName: '区环卫局',
      score: '87.50',
      grade: 'B',
      schemeVersion: 1,
      street: 's01',
      closed: false,
      restatement: null,
    });
    expect(res.body.definitionsHash).toMatch(/^[0-9a-f]{64}$/);
    expect(Number(res.body.historyPosition)).toBeGreaterThan(0);
    expect(line('handle_on_time_rate').explanation).toContain('应办结件数（按应办结时间） 10');
  });

  it("scores a department in street s01 from s01's dispatch facts only, plus s01's own rating", async () => {
    await http()
      .post('/api/v1/evaluation/street-ratings')
      .set(s.as('street-admin'))
      .send({ streetPath: 'd01.s01', department: SANITATION, month: '2026-03', score: 90 })
      .expect(201);
    // another street cannot rate for s01
    await http()
      .post('/api/v1/evaluation/street-ratings')
      .set(s.as('street-admin-s02'))
      .send({ streetPath: 'd01.s01', department: SANITATION, month: '2026-03', score: 10 })
      .expect(403);
    const s01 = (
      await card(
        { unitKind: 'department', unit: SANITATION, period: '2026-03', scheme: 'department-2026', street: 's01' },
        'street-admin',
      ).expect(200)
    ).body;
    expect(s01.lines.find((l: { indicator: string }) => l.indicator === 'handle_on_time_rate')).toMatchObject({
      numerator: 8,
      denominator: 10,
    });
    expect(s01.lines.find((l: { indicator: string }) => l.indicator === 'street_rating')).toMatchObject({
      numerator: 90,
      denominator: 100,
      points: '15.00',
    });
    // 40 + 20 + 10 + (20 − 10 × 0.5) = 85
    expect(s01.score).toBe('85.00');
    const s02 = (
      await card(
        { unitKind: 'department', unit: SANITATION, period: '2026-03', scheme: 'department-2026', street: 's02' },
        'street-admin-s02',
      ).expect(200)
    ).body;
    expect(s02.lines.find((l: { indicator: string }) => l.indicator === 'handle_on_time_rate')).toMatchObject({
      numerator: 0,
      denominator: 5,
    });
    // the whole district: both streets' work
    const all = (
      await card({ unitKind: 'department', unit: SANITATION, period: '2026-03', scheme: 'department-2026' }).expect(200)
    ).body;
    expect(all.lines.find((l: { indicator: string }) => l.indicator === 'handle_on_time_rate')).toMatchObject({
      numerator: 8,
      denominator: 15,
    });
    // s02's staff do not read s01's evaluation
    await card(
      { unitKind: 'department', unit: SANITATION, period: '2026-03', scheme: 'department-2026', street: 's01' },
      'street-admin-s02',
    ).expect(403);
  });

  it('ranks communities: equal scores share a rank, a community with nothing due is listed apart', async () => {
    const res = await http()
      .get('/api/v1/evaluation/rankings')
      .query({ unitKind: 'community', period: '2026-03', scheme: 'community-2026', top: '1' })
      .set(s.as('district-admin'))
      .expect(200);
    expect(res.body.ranked).toEqual([
      // 90% closed: 40 − 10 of 40 points, the other indicators not applicable (their weight shared): 75
      { rank: 1, unit: 'd01.s01.c01', score: '75.00', grade: 'B', vetoed: false },
      { rank: 1, unit: 'd01.s01.c02', score: '75.00', grade: 'B', vetoed: false },
      // 50% closed: 40 − 50 is below the floor of 0
      { rank: 3, unit: 'd01.s02.c01', score: '0.00', grade: 'E', vetoed: false },
    ]);
    expect(res.body.nothingDue).toEqual(['d01.s02.c02']);
    expect(res.body.unitNames).toEqual({
      'd01.s01.c01': '湖光社区',
      'd01.s01.c02': '桂园社区',
      'd01.s02.c01': '西苑社区',
      'd01.s02.c02': '文昌社区',
    });
    // a month without a single fact: every community of the tree is there, listed apart
    const july = await http()
      .get('/api/v1/evaluation/rankings')
      .query({ unitKind: 'community', period: '2026-07', scheme: 'community-2026' })
      .set(s.as('district-admin'))
      .expect(200);
    expect(july.body).toMatchObject({
      ranked: [],
      nothingDue: ['d01.s01.c01', 'd01.s01.c02', 'd01.s02.c01', 'd01.s02.c02'],
    });
    // identity not answering: the ranking goes on from the facts alone, without names
    const tree = app.get(OrgUnits);
    const down = () => Promise.reject(new DomainError('unavailable', 'identity is not answering'));
    const unitsOf = jest.spyOn(tree, 'unitsOf').mockImplementation(down);
    const find = jest.spyOn(tree, 'find').mockImplementation(down);
    try {
      const alone = await http()
        .get('/api/v1/evaluation/rankings')
        .query({ unitKind: 'community', period: '2026-03', scheme: 'community-2026', top: '1' })
        .set(s.as('district-admin'))
        .expect(200);
      expect(alone.body).toMatchObject({ ranked: res.body.ranked, nothingDue: ['d01.s02.c02'], unitNames: {} });
      const julyAlone = await http()
        .get('/api/v1/evaluation/rankings')
        .query({ unitKind: 'community', period: '2026-07', scheme: 'community-2026' })
        .set(s.as('district-admin'))
        .expect(200);
      expect(julyAlone.body.nothingDue).toEqual([]);
      const unnamed = await card({
        unitKind: 'community',
        unit: 'd01.s01.c01',
        period: '2026-03',
        scheme: 'community-2026',
      });
      expect(unnamed.body).toMatchObject({ unitName: null, score: '75.00' });
    } finally {
      unitsOf.mockRestore();
      find.mockRestore();
    }
    expect(res.body.top.map((u: { unit: string }) => u.unit)).toEqual(['d01.s01.c01', 'd01.s01.c02']);
    expect(res.body.bottom.map((u: { unit: string }) => u.unit)).toEqual(['d01.s02.c01']);
    // a street's admin ranks their own street only
    await http()
      .get('/api/v1/evaluation/rankings')
      .query({ unitKind: 'community', period: '2026-03', scheme: 'community-2026' })
      .set(s.as('street-admin'))
      .expect(403);
    const s01 = await http()
      .get('/api/v1/evaluation/rankings')
      .query({ unitKind: 'community', period: '2026-03', scheme: 'community-2026', street: 's01' })
      .set(s.as('street-admin'))
      .expect(200);
    expect(s01.body.ranked.map((u: { unit: string }) => u.unit)).toEqual(['d01.s01.c01', 'd01.s01.c02']);
  });

  it('refuses a scheme whose weights do not add up, with 422 problem+json, and writes nothing', async () => {
    const before = await count('scheme');
    const res = await http()
      .post('/api/v1/evaluation/schemes')
      .set(s.as('district-admin'))
      .send({
        code: 'broken',
        name: '权重不符',
        unitKind: 'community',
        items: [
          { indicator: 'resolution_rate', weight: 60, points: { kind: 'proportional' } },
          { indicator: 'high_rating_share', weight: 30, points: { kind: 'proportional' } },
        ],
      })
      .expect(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.detail).toBe("The weights add up to 90, not to the scheme's total 100");
    expect(await count('scheme')).toBe(before);
    // a scheme for another total says so
    await http()
      .post('/api/v1/evaluation/schemes')
      .set(s.as('district-admin'))
      .send({
        code: 'fifty',
        name: '五十分制',
        unitKind: 'community',
        total: 50,
        items: [{ indicator: 'resolution_rate', weight: 50, points: { kind: 'proportional' } }],
      })
      .expect(201);
  });

  it('refuses bad input with 400/422 problem+json and writes nothing', async () => {
    const before = [await count('scheme'), await count('indicator'), await count('event_log')];
    const bad = [
      http()
        .get('/api/v1/evaluation/scorecards')
        .query({ unitKind: 'planet', unit: 'd01', period: '2026-03', scheme: 'x' })
        .set(s.as('district-admin')),
      http()
        .get('/api/v1/evaluation/scorecards')
        .query({ unitKind: 'community', unit: 'd01.s01.c01', period: '2026-13', scheme: 'community-2026' })
        .set(s.as('district-admin')),
      http()
        .get('/api/v1/evaluation/scorecards')
        .query({
          unitKind: 'community',
          unit: 'd01.s01.c01',
          period: '2026-02-30..2026-03-01',
          scheme: 'community-2026',
        })
        .set(s.as('district-admin')),
      http()
        .post('/api/v1/evaluation/schemes')
        .set(s.as('district-admin'))
        .send({
          code: 'x1',
          name: 'x',
          unitKind: 'community',
          items: [{ indicator: 'resolution_rate', weight: 100, points: { kind: 'linear' } }],
        }),
      http()
        .post('/api/v1/evaluation/schemes')
        .set(s.as('district-admin'))
        .send({
          code: 'x2',
          name: 'x',
          unitKind: 'community',
          items: [{ indicator: 'no_such_thing', weight: 100, points: { kind: 'proportional' } }],
        }),
      http()
        .post('/api/v1/evaluation/schemes')
        .set(s.as('district-admin'))
        .send({ code: 'x3', name: 'x', unitKind: 'community', items: [], extra: 1 }),
      http()
        .post('/api/v1/evaluation/indicators')
        .set(s.as('district-admin'))
        .send({
          code: 'bad_one',
          name: 'x',
          description: 'x',
          unitKinds: ['community'],
          rule: {
            kind: 'ratio',
            numerator: { measure: 'ticket.closed', basis: 'due', facet: '*' },
            denominator: { measure: 'ticket.opened', basis: 'opened', facet: '*' },
            scale: 100,
          },
          higherIsBetter: true,
          decimals: 1,
          unit: '%',
        }),
      http()
        .post('/api/v1/evaluation/incidents')
        .set(s.as('district-admin'))
        .send({ unitKind: 'community', unit: 'd01.s01.c01', day: '2026-02-31', reason: 'x' }),
      http()
        .post('/api/v1/evaluation/periods/close')
        .set(s.as('district-admin'))
        .send({ period: '2026-03-01..2026-03-15' }),
      http()
        .post('/api/v1/evaluation/street-ratings')
        .set(s.as('street-admin'))
        .send({ streetPath: 'd01.s01', department: SANITATION, month: '2026-03', score: 101 }),
    ];
    for (const req of bad) {
      const res = await req;
      expect([400, 422]).toContain(res.status);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    expect([await count('scheme'), await count('indicator'), await count('event_log')]).toEqual(before);
    // residents and outsiders read nothing
    await card(
      { unitKind: 'community', unit: 'd01.s01.c01', period: '2026-03', scheme: 'community-2026' },
      'resident',
    ).expect(403);
    await card(
      { unitKind: 'community', unit: 'd01.s02.c01', period: '2026-03', scheme: 'community-2026' },
      'grid-worker',
    ).expect(403);
  });

  it('sets a unit’s score to zero for the period on one grave incident (一票否决)', async () => {
    const before = (
      await card({ unitKind: 'department', unit: URBAN, period: '2026-03', scheme: 'department-2026' }).expect(200)
    ).body;
    expect(before.score).toBe('100.00');
    await http()
      .post('/api/v1/evaluation/incidents')
      .set(s.as('district-admin'))
      .send({ unitKind: 'department', unit: URBAN, day: '2026-03-20', reason: '处置不当引发重大安全事故' })
      .expect(201);
    const after = (
      await card({ unitKind: 'department', unit: URBAN, period: '2026-03', scheme: 'department-2026' }).expect(200)
    ).body;
    expect(after).toMatchObject({ score: '0.00', grade: 'E', veto: { indicator: 'grave_incidents', count: 1 } });
    expect(after.explanation).toContain('一票否决');
    // the next month is not touched
    const april = (
      await card({ unitKind: 'department', unit: URBAN, period: '2026-04', scheme: 'department-2026' }).expect(200)
    ).body;
    expect(april.veto).toBeNull();
  });

  it('keeps a scheme version that a scorecard used from changing (409), and takes a new version', async () => {
    const scheme = (
      await http().get('/api/v1/evaluation/schemes/department-2026/versions/1').set(s.as('district-admin')).expect(200)
    ).body;
    expect(scheme.inUse).toBe(true);
    const body = {
      code: 'department-2026',
      name: scheme.name,
      unitKind: 'department',
      items: scheme.items.map((i: Record<string, unknown>) => ({
        indicator: i.indicator,
        weight: i.weight,
        points: i.points,
      })),
    };
    const refused = await http()
      .put('/api/v1/evaluation/schemes/department-2026/versions/1')
      .set(s.as('district-admin'))
      .send(body)
      .expect(409);
    expect(refused.body.detail).toContain('in use');
    const v2 = await http().post('/api/v1/evaluation/schemes').set(s.as('district-admin')).send(body).expect(201);
    expect(v2.body).toMatchObject({ version: 2, inUse: false });
    // an unused version may still be corrected
    await http()
      .put('/api/v1/evaluation/schemes/department-2026/versions/2')
      .set(s.as('district-admin'))
      .send({ ...body, name: '职能部门考核方案（2026修订）' })
      .expect(200);
    const v1again = (
      await card({
        unitKind: 'department',
        unit: SANITATION,
        period: '2026-03',
        scheme: 'department-2026',
        schemeVersion: '1',
        street: 's01',
      }).expect(200)
    ).body;
    expect(v1again.schemeVersion).toBe(1);
  });

  it('ignores a redelivered event: the log, the facts and the scorecard stay as they were', async () => {
    const q = { unitKind: 'community', unit: 'd01.s01.c01', period: '2026-03', scheme: 'community-2026' };
    const before = (await card(q).expect(200)).body;
    const logged = await count('event_log');
    const [event] = await evaluation().query(
      `SELECT envelope FROM "evaluation".event_log WHERE type = 'ticket.closed' ORDER BY seq LIMIT 1`,
    );
    await publish(app, [event.envelope, event.envelope]);
    await settled(app);
    expect(await count('event_log')).toBe(logged);
    expect((await card(q).expect(200)).body).toEqual(before);
  });

  it('keeps a closed period’s published figures; a late event becomes a restatement, applied on reopening', async () => {
    const q = { unitKind: 'community', unit: 'd01.s01.c01', period: '2026-03', scheme: 'community-2026' };
    const published = (await card(q).expect(200)).body;
    expect(published.lines.find((l: { indicator: string }) => l.indicator === 'resolution_rate')).toMatchObject({
      numerator: 9,
      denominator: 10,
    });
    const closed = await http()
      .post('/api/v1/evaluation/periods/close')
      .set(s.as('street-admin'))
      .send({ period: '2026-03' });
    expect(closed.status).toBe(403);
    await http()
      .post('/api/v1/evaluation/periods/close')
      .set(s.as('district-admin'))
      .send({ period: '2026-03' })
      .expect(201);
    await http()
      .post('/api/v1/evaluation/periods/close')
      .set(s.as('district-admin'))
      .send({ period: '2026-Q1' })
      .expect(409);
    // a ticket opened on 30 March arrives late
    await publish(
      app,
      ticketEvents({
        gridPath: 'd01.s01.c01.g02',
        reportedAt: '2026-03-30T01:00:00Z',
        openedAt: '2026-03-30T02:00:00Z',
      }),
    );
    await settled(app);
    const after = (await card(q).expect(200)).body;
    expect(after.closed).toBe(true);
    expect(after.score).toBe(published.score);
    expect(after.lines).toEqual(published.lines);
    expect(after.restatement.lines.find((l: { indicator: string }) => l.indicator === 'resolution_rate')).toMatchObject(
      { numerator: 9, denominator: 11 },
    );
    expect(after.restatement.lateFacts).toBeGreaterThan(0);
    const periods = (await http().get('/api/v1/evaluation/periods').set(s.as('district-admin')).expect(200)).body;
    expect(periods).toEqual([
      expect.objectContaining({
        period: { label: '2026-03', from: '2026-03-01', to: '2026-03-31' },
        lateFacts: expect.any(Number),
      }),
    ]);
    expect(periods[0].lateFacts).toBeGreaterThan(0);
    await http()
      .post('/api/v1/evaluation/periods/reopen')
      .set(s.as('district-admin'))
      .send({ period: '2026-03' })
      .expect(200);
    const reopened = (await card(q).expect(200)).body;
    expect(reopened).toMatchObject({ closed: false, restatement: null });
    expect(reopened.lines.find((l: { indicator: string }) => l.indicator === 'resolution_rate')).toMatchObject({
      numerator: 9,
      denominator: 11,
    });
  });

  it('rebuilds from the log beside the live projection and answers byte-identical scorecards', async () => {
    const queries: Array<Record<string, string>> = [
      { unitKind: 'community', unit: 'd01.s01.c01', period: '2026-03', scheme: 'community-2026' },
      {
        unitKind: 'department',
        unit: SANITATION,
        period: '2026-03',
        scheme: 'department-2026',
        schemeVersion: '1',
        street: 's01',
      },
      { unitKind: 'department', unit: URBAN, period: '2026', scheme: 'department-2026', schemeVersion: '1' },
    ];
    const before = await Promise.all(queries.map(async (q) => (await card(q).expect(200)).text));
    const ranking = async () =>
      (
        await http()
          .get('/api/v1/evaluation/rankings')
          .query({ unitKind: 'community', period: '2026-03', scheme: 'community-2026' })
          .set(s.as('district-admin'))
          .expect(200)
      ).text;
    const rankingBefore = await ranking();
    const started = (await http().post('/api/v1/evaluation/rebuilds').set(s.as('district-admin')).expect(202)).body;
    await http()
      .post('/api/v1/evaluation/rebuilds')
      .set(s.as('district-admin'))
      .expect((r) => expect([202, 409]).toContain(r.status));
    await eventually(
      async () => {
        const gens = (await http().get('/api/v1/evaluation/rebuilds').set(s.as('district-admin')).expect(200)).body;
        return gens.some(
          (g: { generation: number; state: string }) => g.generation === started.generation && g.state === 'live',
        ) && gens.length === 1
          ? true
          : undefined;
      },
      30_000,
      'the rebuild to replace the live projection',
    );
    const after = await Promise.all(queries.map(async (q) => (await card(q).expect(200)).text));
    expect(after).toEqual(before);
    expect(await ranking()).toBe(rankingBefore);
  });

  it('exports a scorecard and a ranking in Chinese, as XLSX and CSV, with the definitions', async () => {
    const csv = await http()
      .get('/api/v1/evaluation/exports/ranking')
      .query({ unitKind: 'community', period: '2026-03', scheme: 'community-2026', format: 'csv' })
      .set(s.as('district-admin'))
      .expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.text).toContain('排名,社区,名称,得分,等级,一票否决');
    // c01 took the late ticket of the period test
    expect(csv.text).toContain('1,d01.s01.c02,桂园社区,75.00,B,');
    expect(csv.text).toContain('无应考核事项（不排名）,d01.s02.c02,文昌社区');
    expect(csv.text).toContain('resolution_rate,1,办结率');
    const xlsx = await http()
      .get('/api/v1/evaluation/exports/scorecard')
      .query({ unitKind: 'community', unit: 'd01.s01.c01', period: '2026-03', scheme: 'community-2026' })
      .set(s.as('district-admin'))
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as never);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['考核结果', '指标定义']);
    expect(wb.worksheets[0].getRow(1).values).toEqual([undefined, '单位类型', '社区']);
  });
});
