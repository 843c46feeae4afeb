import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { IncubatorEvents, type OrganisationView, type RoundApplicationView, type RoundView } from '@gz/contracts';
import { createTestDatabase, testBusRoot, testEnv, TestClock, TestSession, type TestDatabase } from '@gz/testing';
import { bootIncubator, eventsOf, organisationIn } from './factories';
import {
  applicationBody,
  applyTo,
  createUsers,
  expectStatus,
  namePanel,
  roundIn,
  score,
  stepRound,
} from './rounds.factories';

/**
 * A whole venture-philanthropy round through the gateway: the call, three applications, a panel of
 * three with one conflicted reviewer, the ranking and its export, awards within the budget, a
 * project's milestones accepted and paid, a failed mid-term review stopping the rest, final
 * evaluations, and the round's close.
 */
describe('a venture-philanthropy round from call to close, through the gateway', () => {
  let db: TestDatabase;
  let app: NestFastifyApplication;
  const clock = new TestClock('2026-05-12T08:00:00+08:00');
  const s = new TestSession(() => app);
  const http = () => s.http();
  let round: RoundView;
  let orgA: OrganisationView;
  let orgB: OrganisationView;
  let orgC: OrganisationView;
  let appA: RoundApplicationView;
  let appB: RoundApplicationView;
  let appC: RoundApplicationView;
  let experts: string[];

  beforeAll(async () => {
    db = await createTestDatabase();
    const env = testEnv({
      databaseUrl: db.url,
      busRoot: testBusRoot(),
      nats: false,
      extra: { RATE_LIMIT_PER_MINUTE: '100000' },
    });
    app = await bootIncubator(env, clock, 'rounds-full-e2e');
    await s.signIn('district-admin', 'street-admin', 'street-admin-s02', 'social-org-staff', 'auditor', 'resident');
    experts = await createUsers(s, ['expert-1', 'expert-2', 'expert-3']);
    await s.signIn('expert-1', 'expert-2', 'expert-3');
    orgA = await organisationIn(s, '东湖邻里互助会', {
      legalStatus: 'registered',
      creditCode: '52510100MJ0000001X',
      communitiesServed: ['d01.s01.c01', 'd01.s01.c02'],
      orgPath: 'd01.s01.so01',
    });
    orgB = await organisationIn(s, '湖光社区书画社', { fields: ['culture_sports'] });
    orgC = await organisationIn(s, '桂园巡河志愿小队', {
      legalStatus: 'informal',
      communityPath: 'd01.s01.c02',
      communitiesServed: ['d01.s01.c02'],
      fields: ['environment'],
    });
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('drafts the call, fixes its criteria when it opens, and publishes it', async () => {
    round = await roundIn(s);
    expect(round).toMatchObject({
      status: 'draft',
      street: 's01',
      place: 'd01.s01',
      budgetFen: 10_000_000,
      remainingFen: 10_000_000,
      minScoreSheets: 2,
      criteria: [
        expect.objectContaining({ key: 'need', weight: 40 }),
        expect.objectContaining({ key: 'design', weight: 35 }),
        expect.objectContaining({ key: 'budget', weight: 25 }),
      ],
    });
    // a draft is the keepers' own
    await http().get(`/api/v1/incubator/rounds/${round.id}`).set(s.as('social-org-staff')).expect(404);
    await http().get(`/api/v1/incubator/rounds/${round.id}`).set(s.as('auditor')).expect(200);
    await namePanel(s, round.id, experts);
    round = await stepRound(s, round.id, 'open');
    expect(round.status).toBe('open');
    await http()
      .put(`/api/v1/incubator/rounds/${round.id}/criteria`)
      .set(s.as('street-admin'))
      .send({ version: round.version, criteria: [{ key: 'need', name: '需求', weight: 100 }] })
      .expect(409);
    const listed = await http().get('/api/v1/incubator/rounds').set(s.as('social-org-staff')).expect(200);
    expect(listed.body.items.map((r: RoundView) => r.id)).toEqual([round.id]);
    expect(await eventsOf(app, IncubatorEvents.roundOpened)).toEqual([
      expect.objectContaining({ roundId: round.id, street: 's01', budgetFen: 10_000_000, track: 'standard' }),
    ]);
  });

  it('takes applications while the call is open: by the staff, or a keeper on its behalf', async () => {
    appA = await applyTo(
      s,
      round.id,
      applicationBody(orgA.id, 4_000_000, { title: '独居老人邻里守望' }),
      'social-org-staff',
    );
    appB = await applyTo(
      s,
      round.id,
      applicationBody(orgB.id, 3_500_001, {
        title: '楼道书画美化',
        milestones: [
          { title: '完成楼道设计', dueOn: '2026-08-31', shareBp: 3333 },
          { title: '完成十个楼道', dueOn: '2026-11-30', shareBp: 6667 },
        ],
      }),
    );
    appC = await applyTo(
      s,
      round.id,
      applicationBody(orgC.id, 5_000_000, { title: '桂园河道守护', communityPath: 'd01.s01.c02' }),
    );
    expect(appA).toMatchObject({
      status: 'submitted',
      organisationName: '东湖邻里互助会',
      amountFen: 4_000_000,
      project: null,
    });
    // the staff see their own application, not the others'
    const mine = await http().get('/api/v1/incubator/applications').set(s.as('social-org-staff')).expect(200);
    expect(mine.body.items.map((a: RoundApplicationView) => a.id)).toEqual([appA.id]);
    // one application per organisation and round
    expectStatus(
      await http()
        .post(`/api/v1/incubator/rounds/${round.id}/applications`)
        .set(s.as('social-org-staff'))
        .send(applicationBody(orgA.id, 1000)),
      409,
    );
    expect(await eventsOf(app, IncubatorEvents.applicationSubmitted)).toEqual([
      expect.objectContaining({
        applicationId: appA.id,
        organisationId: orgA.id,
        communityPath: 'd01.s01.c01',
        amountFen: 4_000_000,
      }),
      expect.objectContaining({ applicationId: appB.id, amountFen: 3_500_001 }),
      expect.objectContaining({ applicationId: appC.id, communityPath: 'd01.s01.c02', street: 's01' }),
    ]);
  });

  it('closes the call at its time, and the panel scores with one conflicted reviewer excluded', async () => {
    await http().post(`/api/v1/incubator/rounds/${round.id}/close-call`).set(s.as('street-admin')).expect(409);
    clock.set('2026-06-01T09:00:00+08:00');
    expectStatus(
      await http()
        .post(`/api/v1/incubator/rounds/${round.id}/applications`)
        .set(s.as('street-admin'))
        .send(applicationBody(orgA.id, 1000)),
      409,
    );
    round = await stepRound(s, round.id, 'close-call');
    expect(round.status).toBe('reviewing');

    // expert-3 chaired the mutual-aid association until last autumn
    const declared = await http()
      .post(`/api/v1/incubator/rounds/${round.id}/conflicts`)
      .set(s.as('expert-3'))
      .send({ applicationId: appA.id, kind: 'former_post', leftOn: '2025-10-01', note: '曾任该会理事长' })
      .expect(201);
    expect(declared.body).toMatchObject({ applicationId: appA.id, reviewerId: experts[2], kind: 'former_post' });

    expectStatus(await score(s, appA.id, 'expert-1', [9, 8, 8]), 200);
    expectStatus(await score(s, appA.id, 'expert-2', [8, 8, 7]), 200);
    expectStatus(await score(s, appB.id, 'expert-1', [9, 9, 9]), 200);
    const na = expectStatus(await score(s, appB.id, 'expert-2', [8, null, 9]), 200);
    // (40×8 + 25×9) / 65 × 10 = 83.846… → 83.85
    expect(na.body).toMatchObject({ score: 8385, applicableWeight: 65 });
    expectStatus(await score(s, appB.id, 'expert-3', [10, 9, 8]), 200);
    expectStatus(await score(s, appC.id, 'expert-1', [6, 7, 5]), 200);
    expectStatus(await score(s, appC.id, 'expert-2', [6, 6, 6]), 200);
    // a sheet is edited until the review closes
    const edited = expectStatus(await score(s, appC.id, 'expert-2', [7, 6, 6]), 200);
    expect(edited.body).toMatchObject({ score: 6400, version: 2 });
    expectStatus(await score(s, appC.id, 'expert-3', [5, 5, 5]), 200);
    // the conflicted reviewer can neither score nor see application A
    expect((await score(s, appA.id, 'expert-3', [10, 10, 10])).status).toBe(404);
    await http().get(`/api/v1/incubator/applications/${appA.id}`).set(s.as('expert-3')).expect(404);
    const theirs = await http()
      .get(`/api/v1/incubator/applications?roundId=${round.id}`)
      .set(s.as('expert-3'))
      .expect(200);
    expect(theirs.body.items.map((a: RoundApplicationView) => a.id).sort()).toEqual([appB.id, appC.id].sort());
    // a resident who is no reviewer sees none of it
    await http().get(`/api/v1/incubator/applications/${appB.id}`).set(s.as('resident')).expect(404);
  });

  it('ranks by the weighted mean, with each application’s reviewer count, and exports it', async () => {
    const keeper = await http()
      .get(`/api/v1/incubator/rounds/${round.id}/ranking`)
      .set(s.as('street-admin'))
      .expect(200);
    // B: (9000 + 8385 + 9150) / 3 = 8845; A: (8400 + 7750) / 2 = 8075; C: (6100 + 6400 + 5000) / 3 = 5833.33
    expect(keeper.body).toMatchObject({ total: 3 });
    expect(
      keeper.body.items.map(
        (r: { rank: number; applicationId: string; reviewers: number; meanScore: number; scoreSum: number }) => [
          r.rank,
          r.applicationId,
          r.reviewers,
          r.meanScore,
          r.scoreSum,
        ],
      ),
    ).toEqual([
      [1, appB.id, 3, 8845, 26535],
      [2, appA.id, 2, 8075, 16150],
      [3, appC.id, 3, 5833, 17500],
    ]);
    const conflicted = await http()
      .get(`/api/v1/incubator/rounds/${round.id}/ranking`)
      .set(s.as('expert-3'))
      .expect(200);
    expect(conflicted.body.total).toBe(2);
    expect(
      conflicted.body.items.map((r: { rank: number; applicationId: string }) => [r.rank, r.applicationId]),
    ).toEqual([
      [1, appB.id],
      [2, appC.id],
    ]);
    await http().get(`/api/v1/incubator/rounds/${round.id}/ranking`).set(s.as('social-org-staff')).expect(403);

    const csv = await http()
      .get(`/api/v1/incubator/rounds/${round.id}/ranking/export?format=csv`)
      .set(s.as('street-admin'))
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks).toString('utf8')));
      })
      .expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = (csv.body as string)
      .replace(/^\ufeff/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe(
      '排名,项目名称,申报组织,服务社区,申请金额（元）,评审人数,平均分,状态,资助金额（元）,申报时间',
    );
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 7))).toEqual([
      ['1', '楼道书画美化', '湖光社区书画社', 'd01.s01.c01', '35000.01', '3', '88.45'],
      ['2', '独居老人邻里守望', '东湖邻里互助会', 'd01.s01.c01', '40000.00', '2', '80.75'],
      ['3', '桂园河道守护', '桂园巡河志愿小队', 'd01.s01.c02', '50000.00', '3', '58.33'],
    ]);
    const xlsx = await http()
      .get(`/api/v1/incubator/rounds/${round.id}/ranking/export`)
      .set(s.as('expert-3'))
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const { loadWorkbook } = await import('@gz/platform');
    const sheet = (await loadWorkbook(xlsx.body as Buffer)).worksheets[0];
    const titles: string[] = [];
    sheet.eachRow((row, n) => {
      if (n > 2) titles.push(String(row.getCell(2).value));
    });
    expect(titles).toEqual(['楼道书画美化', '桂园河道守护']);
  });

  it('awards within the budget once the review closes, refusing what the remaining budget cannot cover', async () => {
    await http().post(`/api/v1/incubator/applications/${appB.id}/award`).set(s.as('street-admin')).send({}).expect(409);
    round = await stepRound(s, round.id, 'close-review');
    expect((await score(s, appC.id, 'expert-1', [10, 10, 10])).status).toBe(409);
    const b = await http()
      .post(`/api/v1/incubator/applications/${appB.id}/award`)
      .set(s.as('street-admin'))
      .send({})
      .expect(200);
    expect(b.body).toMatchObject({ amountFen: 3_500_001, roundRemainingFen: 6_499_999 });
    // award × share, the last milestone taking the remainder: 1,166,550 + 2,333,451 = 3,500,001
    expect(b.body.milestones.map((m: { amountFen: number }) => m.amountFen)).toEqual([1_166_550, 2_333_451]);
    const a = await http()
      .post(`/api/v1/incubator/applications/${appA.id}/award`)
      .set(s.as('street-admin'))
      .send({})
      .expect(200);
    expect(a.body).toMatchObject({ amountFen: 4_000_000, roundRemainingFen: 2_499_999 });
    const c = await http()
      .post(`/api/v1/incubator/applications/${appC.id}/award`)
      .set(s.as('street-admin'))
      .send({})
      .expect(409);
    expect(c.headers['content-type']).toContain('application/problem+json');
    expect(c.body.detail).toMatch(/remaining budget of 2,499,999 fen/);
    const after = await http().get(`/api/v1/incubator/rounds/${round.id}`).set(s.as('street-admin')).expect(200);
    expect(after.body).toMatchObject({ awardedFen: 7_500_001, remainingFen: 2_499_999 });
    expect(await eventsOf(app, IncubatorEvents.applicationAwarded)).toEqual([
      expect.objectContaining({
        applicationId: appB.id,
        amountFen: 3_500_001,
        roundRemainingFen: 6_499_999,
        meanScore: 8845,
        reviewers: 3,
      }),
      expect.objectContaining({ applicationId: appA.id, amountFen: 4_000_000, organisationId: orgA.id, reviewers: 2 }),
    ]);
  });

  it('accepts and pays a milestone; a failed mid-term review stops the rest; a final evaluation closes the project', async () => {
    const milestones = (
      await http().get(`/api/v1/incubator/applications/${appA.id}/milestones`).set(s.as('social-org-staff')).expect(200)
    ).body.items as Array<{ id: string; amountFen: number; status: string }>;
    expect(milestones.map((m) => [m.amountFen, m.status])).toEqual([
      [1_600_000, 'planned'],
      [2_400_000, 'planned'],
    ]);
    const [m1, m2] = milestones;
    const base = `/api/v1/incubator/applications/${appA.id}/milestones`;
    // the keeper does not pay what has not been reported and accepted
    await http().post(`${base}/${m1.id}/disburse`).set(s.as('street-admin')).send({}).expect(409);
    await http()
      .post(`${base}/${m1.id}/report`)
      .set(s.as('social-org-staff'))
      .send({ report: '完成入户调研62户' })
      .expect(200);
    await http().post(`${base}/${m1.id}/accept`).set(s.as('social-org-staff')).send({}).expect(403);
    await http().post(`${base}/${m1.id}/accept`).set(s.as('street-admin')).send({ note: '材料齐全' }).expect(200);
    const paid = await http()
      .post(`${base}/${m1.id}/disburse`)
      .set(s.as('street-admin'))
      .send({ voucher: 'FK-2026-001' })
      .expect(200);
    expect(paid.body).toMatchObject({ status: 'disbursed', amountFen: 1_600_000, voucher: 'FK-2026-001' });
    expect(await eventsOf(app, IncubatorEvents.milestoneAccepted)).toEqual([
      expect.objectContaining({
        milestoneId: m1.id,
        applicationId: appA.id,
        organisationId: orgA.id,
        amountFen: 1_600_000,
        position: 1,
      }),
    ]);

    await http()
      .post(`/api/v1/incubator/applications/${appA.id}/midterm-review`)
      .set(s.as('street-admin'))
      .send({ outcome: 'fail', findings: '探访记录不实，资金使用不规范' })
      .expect(200);
    await http()
      .post(`${base}/${m2.id}/report`)
      .set(s.as('social-org-staff'))
      .send({ report: '完成全年探访' })
      .expect(200);
    await http().post(`${base}/${m2.id}/accept`).set(s.as('street-admin')).send({}).expect(200);
    const stopped = await http().post(`${base}/${m2.id}/disburse`).set(s.as('street-admin')).send({}).expect(409);
    expect(stopped.body.detail).toMatch(/mid-term review of 2026-06-01 failed/);

    const evaluated = await http()
      .post(`/api/v1/incubator/applications/${appA.id}/final-evaluation`)
      .set(s.as('street-admin'))
      .send({ score: 58, findings: '项目中止，目标未达成' })
      .expect(200);
    expect(evaluated.body.project).toMatchObject({
      status: 'completed',
      awardedFen: 4_000_000,
      disbursedFen: 1_600_000,
      midterm: expect.objectContaining({ outcome: 'fail' }),
      final: expect.objectContaining({ score: 58, grade: 'fail' }),
    });
    await http().post(`${base}/${m2.id}/disburse`).set(s.as('street-admin')).send({}).expect(409);
  });

  it('pays a project in full to the fen and closes the round once every project is evaluated', async () => {
    const base = `/api/v1/incubator/applications/${appB.id}/milestones`;
    const [m1, m2] = (await http().get(base).set(s.as('street-admin')).expect(200)).body.items as Array<{ id: string }>;
    await http().post(`${base}/${m1.id}/report`).set(s.as('street-admin')).send({ report: '楼道设计完成' }).expect(200);
    await http().post(`${base}/${m1.id}/return`).set(s.as('street-admin')).send({ note: '缺少设计图' }).expect(200);
    await http().post(`${base}/${m1.id}/accept`).set(s.as('street-admin')).send({}).expect(409);
    await http().post(`${base}/${m1.id}/report`).set(s.as('street-admin')).send({ report: '补充设计图' }).expect(200);
    await http().post(`${base}/${m2.id}/report`).set(s.as('street-admin')).send({ report: '十个楼道完成' }).expect(200);
    await http().post(`${base}/${m1.id}/accept`).set(s.as('street-admin')).send({}).expect(200);
    await http().post(`${base}/${m2.id}/accept`).set(s.as('street-admin')).send({}).expect(200);
    // paid in order
    await http().post(`${base}/${m2.id}/disburse`).set(s.as('street-admin')).send({}).expect(409);
    await http().post(`${base}/${m1.id}/disburse`).set(s.as('street-admin')).send({}).expect(200);
    await http().post(`${base}/${m2.id}/disburse`).set(s.as('street-admin')).send({}).expect(200);

    await stepRoundExpect(409);
    const evaluated = await http()
      .post(`/api/v1/incubator/applications/${appB.id}/final-evaluation`)
      .set(s.as('street-admin'))
      .send({ score: 92, findings: '目标全部达成，居民满意度高' })
      .expect(200);
    expect(evaluated.body.project).toMatchObject({
      status: 'completed',
      disbursedFen: 3_500_001,
      final: expect.objectContaining({ grade: 'excellent' }),
    });
    round = await stepRound(s, round.id, 'close');
    expect(round.status).toBe('closed');
    expect(await eventsOf(app, IncubatorEvents.milestoneDisbursed)).toHaveLength(3);
    expect(await eventsOf(app, IncubatorEvents.roundClosed)).toEqual([
      expect.objectContaining({ roundId: round.id, awardedFen: 7_500_001, disbursedFen: 5_100_001, projects: 2 }),
    ]);
    expect(await eventsOf(app, IncubatorEvents.applicationEvaluated)).toEqual([
      expect.objectContaining({
        applicationId: appA.id,
        score: 58,
        grade: 'fail',
        midterm: 'fail',
        disbursedFen: 1_600_000,
      }),
      expect.objectContaining({
        applicationId: appB.id,
        score: 92,
        grade: 'excellent',
        midterm: null,
        disbursedFen: 3_500_001,
      }),
    ]);
  });

  it('counts the projects of a district round by their own street', async () => {
    const district = await roundIn(
      s,
      {
        place: 'd01',
        title: '2026年区级公益创投',
        opensAt: '2026-06-01T00:00:00+08:00',
        closesAt: '2026-07-01T00:00:00+08:00',
        reviewBy: '2026-07-15T00:00:00+08:00',
      },
      'district-admin',
    );
    expect(district).toMatchObject({ street: 'all', place: 'd01' });
    await http().post('/api/v1/incubator/rounds').set(s.as('street-admin')).send({}).expect(400);
    await stepRound(s, district.id, 'open', 'district-admin');
    const applied = await applyTo(s, district.id, applicationBody(orgB.id, 100_000));
    expect(applied.street).toBe('s01');
    const events = await eventsOf(app, IncubatorEvents.applicationSubmitted);
    expect(events[events.length - 1]).toMatchObject({ roundId: district.id, street: 's01', place: 'd01' });
    // a street admin reads a district round's applications in its street, not the round's ranking
    await http().get(`/api/v1/incubator/applications/${applied.id}`).set(s.as('street-admin')).expect(200);
    await http().get(`/api/v1/incubator/rounds/${district.id}/ranking`).set(s.as('street-admin')).expect(403);
  });

  async function stepRoundExpect(status: number) {
    await http().post(`/api/v1/incubator/rounds/${round.id}/close`).set(s.as('street-admin')).send({}).expect(status);
  }
});
