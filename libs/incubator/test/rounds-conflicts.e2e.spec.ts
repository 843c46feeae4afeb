import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { OrganisationView, RoundApplicationView, RoundView } from '@gz/contracts';
import { createTestDatabase, testBusRoot, testEnv, TestClock, TestSession, type TestDatabase } from '@gz/testing';
import { bootIncubator, incubatorDb, organisationIn } from './factories';
import {
  applicationBody,
  applyTo,
  createUsers,
  expectStatus,
  namePanel,
  roundIn,
  score,
  stepRound,
  userIdOf,
} from './rounds.factories';

/**
 * A conflicted reviewer (a declared interest, a post left less than two years ago, a recusal
 * granted) can neither score nor see the application: not in their lists, the ranking, its
 * export, a single read or anything under it; a sheet written before the conflict no longer counts.
 */
describe('conflicts of interest on a review panel, through the gateway', () => {
  let db: TestDatabase;
  let app: NestFastifyApplication;
  const clock = new TestClock('2026-05-12T08:00:00+08:00');
  const s = new TestSession(() => app);
  const http = () => s.http();
  let round: RoundView;
  let orgA: OrganisationView;
  let orgB: OrganisationView;
  let appA: RoundApplicationView;
  let appB: RoundApplicationView;
  let ids: string[];

  const ids_ = (res: { body: { items: Array<{ id?: string; applicationId?: string }> } }) =>
    res.body.items.map((i) => i.applicationId ?? i.id);
  const csvOf = async (who: string): Promise<string> =>
    (
      await http()
        .get(`/api/v1/incubator/rounds/${round.id}/ranking/export?format=csv`)
        .set(s.as(who))
        .buffer(true)
        .parse((res, done) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString('utf8')));
          res.on('end', () => done(null, text));
        })
        .expect(200)
    ).body as string;
  /** Every read of application A the reviewer could try, with its status. */
  const readsOfA = async (who: string) =>
    Promise.all(
      ['', '/score-sheets', '/milestones', '/recusals'].map(
        async (tail) => (await http().get(`/api/v1/incubator/applications/${appA.id}${tail}`).set(s.as(who))).status,
      ),
    );

  beforeAll(async () => {
    db = await createTestDatabase();
    const env = testEnv({
      databaseUrl: db.url,
      busRoot: testBusRoot(),
      nats: false,
      extra: { RATE_LIMIT_PER_MINUTE: '100000' },
    });
    app = await bootIncubator(env, clock, 'rounds-conflicts-e2e');
    await s.signIn('district-admin', 'street-admin', 'social-org-staff', 'resident');
    ids = await createUsers(s, ['panel-1', 'panel-2', 'panel-3', 'outsider']);
    await s.signIn('panel-1', 'panel-2', 'panel-3', 'outsider');
    orgA = await organisationIn(s, '东湖邻里互助会', {
      legalStatus: 'registered',
      creditCode: '52510100MJ0000001X',
      orgPath: 'd01.s01.so01',
    });
    orgB = await organisationIn(s, '湖光社区书画社');
    round = await roundIn(s);
    await namePanel(s, round.id, ids.slice(0, 3));
    await stepRound(s, round.id, 'open');
    appA = await applyTo(
      s,
      round.id,
      applicationBody(orgA.id, 3_000_000, { title: '互助会：独居老人守望' }),
      'social-org-staff',
    );
    appB = await applyTo(s, round.id, applicationBody(orgB.id, 2_000_000, { title: '书画社：楼道美化' }));
    clock.set('2026-06-01T09:00:00+08:00');
    await stepRound(s, round.id, 'close-call');
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('takes a declared conflict only from a reviewer, and only a real one', async () => {
    const declare = (who: string, body: Record<string, unknown>) =>
      http().post(`/api/v1/incubator/rounds/${round.id}/conflicts`).set(s.as(who)).send(body);
    const conflicts = async () =>
      (await incubatorDb(app).query(`SELECT count(*)::int AS n FROM "incubator".round_conflict`))[0].n as number;
    expect((await declare('outsider', { applicationId: appA.id, kind: 'interest' })).status).toBe(403);
    // a post left two years ago or more is no conflict
    const old = await declare('panel-1', { applicationId: appA.id, kind: 'former_post', leftOn: '2024-05-31' });
    expect(old.status).toBe(422);
    expect(old.body.detail).toMatch(/2 or more years/);
    expect((await declare('panel-1', { applicationId: appA.id, kind: 'former_post' })).status).toBe(422);
    expect(await conflicts()).toBe(0);
    expectStatus(await declare('panel-1', { applicationId: appA.id, kind: 'former_post', leftOn: '2024-06-02' }), 201);
    expect(await conflicts()).toBe(1);
    // declared once: the application is hidden from them now
    expect((await declare('panel-1', { applicationId: appA.id, kind: 'interest' })).status).toBe(404);
  });

  it("refuses the conflicted reviewer's score and hides the application from every read", async () => {
    const refused = await score(s, appA.id, 'panel-1', [9, 9, 9]);
    expect(refused.status).toBe(404);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(await readsOfA('panel-1')).toEqual([404, 404, 404, 404]);
    const list = await http()
      .get(`/api/v1/incubator/applications?roundId=${round.id}`)
      .set(s.as('panel-1'))
      .expect(200);
    expect(ids_(list)).toEqual([appB.id]);
    expect(list.body.total).toBe(1);
    const todo = await http().get(`/api/v1/incubator/applications?unscored=true`).set(s.as('panel-1')).expect(200);
    expect(ids_(todo)).toEqual([appB.id]);
    const ranking = await http().get(`/api/v1/incubator/rounds/${round.id}/ranking`).set(s.as('panel-1')).expect(200);
    expect(ranking.body).toMatchObject({
      total: 1,
      items: [expect.objectContaining({ rank: 1, applicationId: appB.id })],
    });
    const csv = await csvOf('panel-1');
    expect(csv).toContain('书画社：楼道美化');
    expect(csv).not.toContain('互助会');
    // their own conflicts, by id only
    const mine = await http().get(`/api/v1/incubator/rounds/${round.id}/conflicts`).set(s.as('panel-1')).expect(200);
    expect(mine.body.items).toEqual([
      expect.objectContaining({ applicationId: appA.id, reviewerId: ids[0], kind: 'former_post' }),
    ]);
    expect(JSON.stringify(mine.body)).not.toContain('互助会');
    // the others on the panel, and the keeper, still see it
    expect(
      ids_(await http().get(`/api/v1/incubator/rounds/${round.id}/ranking`).set(s.as('panel-2')).expect(200)).sort(),
    ).toEqual([appA.id, appB.id].sort());
    expect(await csvOf('street-admin')).toContain('互助会：独居老人守望');
    expect(
      (await http().get(`/api/v1/incubator/rounds/${round.id}/conflicts`).set(s.as('panel-2'))).body.items,
    ).toEqual([]);
    expect(
      (await http().get(`/api/v1/incubator/rounds/${round.id}/conflicts`).set(s.as('street-admin'))).body.total,
    ).toBe(1);
  });

  it("turns a granted recusal into a conflict: the reviewer's earlier sheet stops counting", async () => {
    expectStatus(await score(s, appA.id, 'panel-2', [8, 8, 8]), 200);
    expectStatus(await score(s, appA.id, 'panel-3', [6, 6, 6]), 200);
    const before = await http()
      .get(`/api/v1/incubator/rounds/${round.id}/ranking`)
      .set(s.as('street-admin'))
      .expect(200);
    expect(before.body.items.find((r: { applicationId: string }) => r.applicationId === appA.id)).toMatchObject({
      reviewers: 2,
      meanScore: 7000,
    });
    // the applicant sees the panel and asks for panel-2 to step aside
    const panel = await http()
      .get(`/api/v1/incubator/rounds/${round.id}/reviewers`)
      .set(s.as('social-org-staff'))
      .expect(200);
    expect(panel.body.items.map((r: { userId: string }) => r.userId)).toEqual(ids.slice(0, 3));
    const asked = await http()
      .post(`/api/v1/incubator/applications/${appA.id}/recusals`)
      .set(s.as('social-org-staff'))
      .send({ reviewerId: ids[1], reason: '该评审为我会竞争对手的顾问' })
      .expect(201);
    await http()
      .post(`/api/v1/incubator/applications/${appA.id}/recusals`)
      .set(s.as('social-org-staff'))
      .send({ reviewerId: ids[1], reason: '再次申请' })
      .expect(409);
    // only the applicant asks; a reviewer cannot decide
    await http()
      .post(`/api/v1/incubator/applications/${appB.id}/recusals`)
      .set(s.as('panel-3'))
      .send({ reviewerId: ids[1], reason: '不是申请人' })
      .expect(403);
    await http()
      .post(`/api/v1/incubator/applications/${appA.id}/recusals/${asked.body.id}/decision`)
      .set(s.as('panel-3'))
      .send({ granted: true })
      .expect(403);
    // until the keeper decides, panel-2 still sees and scores it
    await http().get(`/api/v1/incubator/applications/${appA.id}`).set(s.as('panel-2')).expect(200);
    const decided = await http()
      .post(`/api/v1/incubator/applications/${appA.id}/recusals/${asked.body.id}/decision`)
      .set(s.as('street-admin'))
      .send({ granted: true, note: '同意回避' })
      .expect(200);
    expect(decided.body).toMatchObject({ status: 'granted', reviewerId: ids[1] });
    await http()
      .post(`/api/v1/incubator/applications/${appA.id}/recusals/${asked.body.id}/decision`)
      .set(s.as('street-admin'))
      .send({ granted: false })
      .expect(409);
    expect(await readsOfA('panel-2')).toEqual([404, 404, 404, 404]);
    expect((await score(s, appA.id, 'panel-2', [10, 10, 10])).status).toBe(404);
    const after = await http()
      .get(`/api/v1/incubator/rounds/${round.id}/ranking`)
      .set(s.as('street-admin'))
      .expect(200);
    expect(after.body.items.find((r: { applicationId: string }) => r.applicationId === appA.id)).toMatchObject({
      reviewers: 1,
      meanScore: 6000,
    });
    const sheets = await http()
      .get(`/api/v1/incubator/applications/${appA.id}/score-sheets`)
      .set(s.as('street-admin'))
      .expect(200);
    expect(sheets.body.items.map((x: { reviewerId: string }) => x.reviewerId)).toEqual([ids[2]]);
    // the applicant reads its requests
    const requests = await http()
      .get(`/api/v1/incubator/applications/${appA.id}/recusals`)
      .set(s.as('social-org-staff'))
      .expect(200);
    expect(requests.body.items).toEqual([expect.objectContaining({ status: 'granted', reviewerId: ids[1] })]);
  });

  it('keeps a declined recusal from hiding anything', async () => {
    const asked = await http()
      .post(`/api/v1/incubator/applications/${appB.id}/recusals`)
      .set(s.as('street-admin'))
      .send({ reviewerId: ids[2], reason: '曾有业务往来' })
      .expect(201);
    await http()
      .post(`/api/v1/incubator/applications/${appB.id}/recusals/${asked.body.id}/decision`)
      .set(s.as('street-admin'))
      .send({ granted: false, note: '往来已结束三年以上' })
      .expect(200);
    await http().get(`/api/v1/incubator/applications/${appB.id}`).set(s.as('panel-3')).expect(200);
    expectStatus(await score(s, appB.id, 'panel-3', [7, 7, 7]), 200);
    const requested = await http()
      .get(`/api/v1/incubator/rounds/${round.id}/recusals?status=requested`)
      .set(s.as('street-admin'))
      .expect(200);
    expect(requested.body.total).toBe(0);
  });

  it('counts every sheet written at the same moment, and only those of reviewers without a conflict', async () => {
    for (let attempt = 0; attempt < 3; attempt++) {
      const answers = await Promise.all([
        score(s, appB.id, 'panel-1', [attempt, 5, 5]),
        score(s, appB.id, 'panel-2', [9, attempt, 9]),
        score(s, appB.id, 'panel-3', [4, 4, attempt]),
      ]);
      expect(answers.map((r) => r.status)).toEqual([200, 200, 200]);
      const sum = answers.reduce((t, r) => t + (r.body.score as number), 0);
      const ranking = await http()
        .get(`/api/v1/incubator/rounds/${round.id}/ranking`)
        .set(s.as('street-admin'))
        .expect(200);
      expect(ranking.body.items.find((r: { applicationId: string }) => r.applicationId === appB.id)).toMatchObject({
        reviewers: 3,
        scoreSum: sum,
      });
    }
    const [row] = await incubatorDb(app).query(
      `SELECT a.sheets, a.score_sum::int AS score_sum,
              (SELECT count(*)::int FROM "incubator".round_score_sheet s WHERE s.application_id = a.id) AS stored
         FROM "incubator".round_application a WHERE a.id = $1`,
      [appB.id],
    );
    expect(row).toMatchObject({ sheets: 3, stored: 3 });
    // application A: panel-1 and panel-2 are conflicted; panel-2's sheet is stored but not counted
    const [a] = await incubatorDb(app).query(
      `SELECT a.sheets, (SELECT count(*)::int FROM "incubator".round_score_sheet s WHERE s.application_id = a.id) AS stored
         FROM "incubator".round_application a WHERE a.id = $1`,
      [appA.id],
    );
    expect(a).toEqual({ sheets: 1, stored: 2 });
  });

  it("keeps an applicant's own staff on the panel from scoring its application", async () => {
    await namePanel(s, round.id, [userIdOf(s, 'social-org-staff')]);
    const own = await score(s, appA.id, 'social-org-staff', [10, 10, 10]);
    expect(own.status).toBe(403);
    expect(own.body.detail).toMatch(/act for the applicant/);
    expectStatus(await score(s, appB.id, 'social-org-staff', [5, 5, 5]), 200);
  });
});
