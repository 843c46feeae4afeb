import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { IncubatorEvents, type IncubationView } from '@gz/contracts';
import { createTestDatabase, testBusRoot, testEnv, TestClock, TestSession, type TestDatabase } from '@gz/testing';
import { seedDemoIncubator } from '../src';
import { bootIncubator, eventsOf, incubatorDb, organisationIn } from './factories';
import { advance, applyTo, assessedByName, moveTo, parkIn, scores, userMadeBy } from './incubation.factories';

describe('incubation through the gateway: stages, first reviews, mentoring, capacity assessments', () => {
  let db: TestDatabase;
  let app: NestFastifyApplication;
  const clock = new TestClock('2026-05-12T08:00:00+08:00');
  const s = new TestSession(() => app);
  let parkId: string;
  const http = () => s.http();
  const get = async (id: string, as = 'street-admin'): Promise<IncubationView> =>
    (await http().get(`/api/v1/incubator/incubations/${id}`).set(s.as(as)).expect(200)).body;
  const count = async (table: string): Promise<number> =>
    (await incubatorDb(app).query(`SELECT count(*)::int AS n FROM "incubator".${table}`))[0].n;

  beforeAll(async () => {
    db = await createTestDatabase();
    const env = testEnv({
      databaseUrl: db.url,
      busRoot: testBusRoot(),
      nats: false,
      extra: { RATE_LIMIT_PER_MINUTE: '100000' },
    });
    app = await bootIncubator(env, clock);
    await s.signIn(
      'street-admin',
      'street-admin-s02',
      'district-admin',
      'community-secretary',
      'social-org-staff',
      'auditor',
      'resident',
    );
    parkId = (await parkIn(s, '东湖街道孵化基地')).id;
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('seeds the demo park with an organisation incubating in it, once', async () => {
    clock.set('2026-06-05T09:00:00+08:00');
    expect(await seedDemoIncubator(incubatorDb(app))).toBe(true);
    expect(await seedDemoIncubator(incubatorDb(app))).toBe(false);
    const parks = (
      await http().get('/api/v1/incubator/parks?within=d01.s01').set(s.as('community-secretary')).expect(200)
    ).body;
    const demo = parks.items.find((p: { name: string }) => p.name === '东湖街道社会组织孵化园');
    expect(demo).toMatchObject({ street: 's01', operator: '东湖社会工作服务中心', active: 1, overdueFirstReviews: 0 });
    const [incubating] = (
      await http().get(`/api/v1/incubator/incubations?parkId=${demo.id}`).set(s.as('street-admin')).expect(200)
    ).body.items;
    expect(incubating).toMatchObject({
      organisationName: '湖光社区书画社',
      stage: 'incubating',
      allowedNext: ['assessed', 'left'],
    });
    expect(incubating.history.map((h: { stage: string }) => h.stage)).toEqual(['applied', 'admitted', 'incubating']);
  });

  it("keeps an organisation's whole stage history, in order with who and when, including leaving", async () => {
    clock.set('2026-05-12T09:00:00+08:00');
    const o = await organisationIn(s, '湖光邻里守望队', { orgPath: 'd01.s01.so01' });
    const applied = await applyTo(s, parkId, o.id, 'social-org-staff', '希望获得场地支持');
    expect(applied).toMatchObject({
      stage: 'applied',
      allowedNext: ['admitted', 'left'],
      parkId,
      organisationId: o.id,
    });
    clock.set('2026-05-13T10:00:00+08:00');
    await advance(s, applied.id, ['admitted']);
    clock.set('2026-05-14T10:00:00+08:00');
    await advance(s, applied.id, ['incubating'], 'district-admin');
    clock.set('2026-06-01T15:30:00+08:00');
    const left = await moveTo(s, applied.id, {
      stage: 'left',
      reason: 'breach',
      note: '多次未按入驻协议开展活动',
    }).expect(200);
    expect(left.body).toMatchObject({ stage: 'left', leftReason: 'breach', allowedNext: [] });

    const seen = await get(applied.id, 'auditor');
    expect(seen.history).toEqual([
      {
        stage: 'applied',
        from: null,
        reason: null,
        note: '希望获得场地支持',
        by: { id: expect.any(String), name: 'social-org-staff' },
        at: new Date('2026-05-12T09:00:00+08:00').toISOString(),
      },
      {
        stage: 'admitted',
        from: 'applied',
        reason: null,
        note: null,
        by: { id: expect.any(String), name: 'street-admin' },
        at: new Date('2026-05-13T10:00:00+08:00').toISOString(),
      },
      {
        stage: 'incubating',
        from: 'admitted',
        reason: null,
        note: null,
        by: { id: expect.any(String), name: 'district-admin' },
        at: new Date('2026-05-14T10:00:00+08:00').toISOString(),
      },
      {
        stage: 'left',
        from: 'incubating',
        reason: 'breach',
        note: '多次未按入驻协议开展活动',
        by: { id: expect.any(String), name: 'street-admin' },
        at: new Date('2026-06-01T15:30:00+08:00').toISOString(),
      },
    ]);
    expect(seen.firstReviewedAt).toBe(new Date('2026-05-13T10:00:00+08:00').toISOString());
    expect(seen.firstReviewLate).toBe(false);

    // the organisation's own staff and the community's secretary see it too; another street does not
    await get(applied.id, 'social-org-staff');
    await get(applied.id, 'community-secretary');
    await http().get(`/api/v1/incubator/incubations/${applied.id}`).set(s.as('street-admin-s02')).expect(403);
    await http().get(`/api/v1/incubator/incubations/${applied.id}`).set(s.as('resident')).expect(403);

    // evaluation's events: admitted and left, by place, without the note
    const admittedEvents = (await eventsOf(app, IncubatorEvents.incubationAdmitted)).filter(
      (e) => e.incubationId === applied.id,
    );
    expect(admittedEvents).toEqual([
      expect.objectContaining({ organisationId: o.id, street: 's01', parkPath: 'd01.s01', firstReviewLate: false }),
    ]);
    const leftEvents = (await eventsOf(app, IncubatorEvents.incubationLeft)).filter(
      (e) => e.incubationId === applied.id,
    );
    expect(leftEvents).toEqual([
      expect.objectContaining({ fromStage: 'incubating', reason: 'breach', communityPath: 'd01.s01.c01' }),
    ]);
    expect(JSON.stringify(leftEvents)).not.toContain('入驻协议');

    // once left it goes nowhere; the organisation may apply again
    const again = await moveTo(s, applied.id, { stage: 'incubating' }).expect(409);
    expect(again.body.details).toMatchObject({ stage: 'left', allowed: [] });
    await applyTo(s, parkId, o.id);
  });

  it('never skips or goes back: 409 names the stages allowed next', async () => {
    clock.set('2026-05-12T09:00:00+08:00');
    const o = await organisationIn(s, '桂园读书会');
    const i = await applyTo(s, parkId, o.id);
    const skip = await moveTo(s, i.id, { stage: 'incubating' }).expect(409);
    expect(skip.headers['content-type']).toContain('application/problem+json');
    expect(skip.body.details).toEqual({ stage: 'applied', allowed: ['admitted', 'left'] });
    expect(skip.body.detail ?? skip.body.title).toMatch(/admitted or left/);
    await moveTo(s, i.id, { stage: 'graduated' }).expect(409);
    await advance(s, i.id, ['admitted']);
    const back = await moveTo(s, i.id, { stage: 'applied' }).expect(409);
    expect(back.body.details.allowed).toEqual(['incubating', 'left']);
    await moveTo(s, i.id, { stage: 'admitted' }).expect(409);
    // only the park's keepers move it; the organisation's staff cannot (this one is not theirs either)
    await moveTo(s, i.id, { stage: 'incubating' }, 'community-secretary').expect(403);
    await moveTo(s, i.id, { stage: 'incubating' }, 'auditor').expect(403);
    expect((await get(i.id)).history.map((h) => h.stage)).toEqual(['applied', 'admitted']);
  });

  it('lets an informal group graduate only once it is filed (422 until then)', async () => {
    clock.set('2026-05-12T09:00:00+08:00');
    const o = await organisationIn(s, '桂园巡河小分队', {
      legalStatus: 'informal',
      communityPath: 'd01.s01.c02',
      communitiesServed: ['d01.s01.c02'],
    });
    const i = await applyTo(s, parkId, o.id);
    await advance(s, i.id, ['admitted', 'incubating']);
    const unassessed = await moveTo(s, i.id, { stage: 'assessed' }).expect(422);
    expect(unassessed.body.details).toMatchObject({ field: 'stage' });
    await assessedByName(s, i.id, 80);
    await advance(s, i.id, ['assessed']);

    const stagesBefore = await count('incubation_stage');
    const refused = await moveTo(s, i.id, { stage: 'graduated' }).expect(422);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.body.detail ?? refused.body.title).toMatch(/informal group must be filed .* or registered/);
    expect(refused.body.details).toMatchObject({ field: 'legalStatus' });
    expect((await get(i.id)).stage).toBe('assessed');
    expect(await count('incubation_stage')).toBe(stagesBefore);
    expect((await eventsOf(app, IncubatorEvents.incubationGraduated)).filter((e) => e.incubationId === i.id)).toEqual(
      [],
    );

    await http()
      .post(`/api/v1/incubator/organisations/${o.id}/status`)
      .set(s.as('street-admin'))
      .send({
        version: o.version,
        status: 'filed',
        document: { title: '社区社会组织备案回执', reference: '东民备〔2026〕21号', issuedOn: '2026-05-11' },
      })
      .expect(200);
    clock.set('2026-07-01T10:00:00+08:00');
    const graduated = await moveTo(s, i.id, { stage: 'graduated' }).expect(200);
    expect(graduated.body).toMatchObject({ stage: 'graduated', legalStatus: 'filed', allowedNext: [] });
    expect(graduated.body.history.map((h: { stage: string }) => h.stage)).toEqual([
      'applied',
      'admitted',
      'incubating',
      'assessed',
      'graduated',
    ]);
    const events = (await eventsOf(app, IncubatorEvents.incubationGraduated)).filter((e) => e.incubationId === i.id);
    expect(events).toEqual([
      expect.objectContaining({
        organisationId: o.id,
        legalStatus: 'filed',
        street: 's01',
        communityPath: 'd01.s01.c02',
        communitiesServed: ['d01.s01.c02'],
        assessmentTotal: 400,
        at: new Date('2026-07-01T10:00:00+08:00').toISOString(),
      }),
    ]);
  });

  it('lists a first review as overdue after 5 working days (over the weekend), and not before', async () => {
    clock.set('2026-05-13T10:00:00+08:00'); // a Wednesday
    const o = await organisationIn(s, '湖光手工坊');
    const i = await applyTo(s, parkId, o.id, 'community-secretary');
    // Thu, Fri, (weekend), Mon, Tue, Wed: due by the end of Wednesday 20 May
    expect(i.firstReviewDueAt).toBe(new Date('2026-05-21T00:00:00+08:00').toISOString());
    const overdue = async (query: string, as = 'street-admin') =>
      (await http().get(`/api/v1/incubator/incubations?overdue=true&${query}`).set(s.as(as)).expect(200)).body;
    const park = async () =>
      (await http().get(`/api/v1/incubator/parks/${parkId}`).set(s.as('street-admin')).expect(200)).body;

    for (const at of ['2026-05-18T09:00:00+08:00', '2026-05-20T23:59:00+08:00']) {
      clock.set(at);
      expect((await overdue(`parkId=${parkId}`)).items.map((x: IncubationView) => x.id)).not.toContain(i.id);
      expect((await get(i.id)).firstReviewOverdue).toBe(false);
    }
    expect((await park()).overdueFirstReviews).toBe(0);

    clock.set('2026-05-21T00:01:00+08:00');
    expect((await get(i.id)).firstReviewOverdue).toBe(true);
    const byPark = await overdue(`parkId=${parkId}`);
    expect(byPark.items.map((x: IncubationView) => x.id)).toEqual([i.id]);
    expect(byPark.total).toBe(1);
    expect((await overdue('within=d01.s01')).items.map((x: IncubationView) => x.id)).toEqual([i.id]);
    expect((await overdue('within=d01', 'district-admin')).total).toBe(1);
    expect((await overdue('', 'street-admin-s02')).total).toBe(0);
    expect((await park()).overdueFirstReviews).toBe(1);

    // reviewed late: no longer overdue, marked late, and the event says so
    const admitted = (await moveTo(s, i.id, { stage: 'admitted' }).expect(200)).body;
    expect(admitted).toMatchObject({ firstReviewOverdue: false, firstReviewLate: true });
    expect((await overdue(`parkId=${parkId}`)).total).toBe(0);
    const events = (await eventsOf(app, IncubatorEvents.incubationAdmitted)).filter((e) => e.incubationId === i.id);
    expect(events).toEqual([expect.objectContaining({ firstReviewLate: true })]);
  });

  it('has a named assessor score the fixed dimensions, once, and nobody else', async () => {
    clock.set('2026-06-01T09:00:00+08:00');
    const assessorId = await userMadeBy(s, 'assessor-zhang', ['resident'], ['d01.s01.c02.g01'], '张评估');
    await userMadeBy(s, 'assessor-li', ['resident'], ['d01.s01.c02.g02'], '李评估');
    await s.signIn('assessor-zhang', 'assessor-li');
    const o = await organisationIn(s, '湖光助老服务队');
    const i = await applyTo(s, parkId, o.id);
    await advance(s, i.id, ['admitted']);
    const body = { assessorUserId: assessorId, assessorName: '张评估', assessorOrganisation: '市社会组织评估中心' };
    const assess = (as = 'street-admin', b: Record<string, unknown> = body) =>
      http().post(`/api/v1/incubator/incubations/${i.id}/assessments`).set(s.as(as)).send(b);
    await assess().expect(409); // not incubating yet
    await advance(s, i.id, ['incubating']);
    await assess('street-admin', { ...body, scores: scores(70) }).expect(422);
    await assess('street-admin', { assessorName: '王', assessorOrganisation: '某中心' }).expect(422);
    await assess('community-secretary').expect(403);
    const named = (await assess().expect(201)).body;
    expect(named).toMatchObject({
      status: 'named',
      scores: null,
      total: null,
      assessorUserId: assessorId,
      maxTotal: 500,
    });

    const mine = (await http().get('/api/v1/incubator/assessments?mine=true').set(s.as('assessor-zhang')).expect(200))
      .body;
    expect(mine.items.map((a: { id: string }) => a.id)).toEqual([named.id]);
    expect(
      (await http().get('/api/v1/incubator/assessments?mine=true').set(s.as('assessor-li')).expect(200)).body.total,
    ).toBe(0);
    await get(i.id, 'assessor-zhang');
    await http().get(`/api/v1/incubator/incubations/${i.id}`).set(s.as('assessor-li')).expect(403);

    const submit = (as: string, b: Record<string, unknown>) =>
      http().post(`/api/v1/incubator/assessments/${named.id}/scores`).set(s.as(as)).send(b);
    const given = { governance: 90, finances: 80, projects: 70, volunteers: 60, communityTies: 85 };
    await submit('assessor-li', { scores: given }).expect(403);
    await submit('street-admin', { scores: given }).expect(403);
    await submit('assessor-zhang', { scores: { ...given, finances: 101 } }).expect(400);
    await submit('assessor-zhang', { scores: { ...given, finances: 7.5 } }).expect(400);
    await submit('assessor-zhang', { scores: { governance: 90 } }).expect(400);
    const done = (await submit('assessor-zhang', { scores: given, summary: '财务制度待完善' }).expect(200)).body;
    expect(done).toMatchObject({ status: 'submitted', scores: given, total: 385, assessedOn: '2026-06-01' });
    expect(done.submittedBy).toMatchObject({ id: assessorId, name: 'assessor-zhang' });
    await submit('assessor-zhang', { scores: scores(10) }).expect(409);

    const listed = (
      await http().get(`/api/v1/incubator/incubations/${i.id}/assessments`).set(s.as('auditor')).expect(200)
    ).body;
    expect(listed).toMatchObject({ total: 1, items: [{ id: named.id, total: 385, scores: given }] });
    await http().get('/api/v1/incubator/assessments').set(s.as('auditor')).expect(400);
    await advance(s, i.id, ['assessed']);
  });

  it('records mentoring while incubation is under way', async () => {
    clock.set('2026-06-02T09:00:00+08:00');
    const o = await organisationIn(s, '桂园亲子营');
    const i = await applyTo(s, parkId, o.id);
    const record = (b: Record<string, unknown>, as = 'street-admin') =>
      http().post(`/api/v1/incubator/incubations/${i.id}/mentoring`).set(s.as(as)).send(b);
    const session = {
      heldOn: '2026-06-02',
      mentor: '刘老师',
      mentorOrganisation: '东湖社工中心',
      topic: '财务制度建设',
    };
    await record(session).expect(409); // still applied
    await advance(s, i.id, ['admitted']);
    await record({ ...session, heldOn: '2026-06-03' }).expect(422);
    await record(session, 'auditor').expect(403);
    const m = (await record({ ...session, notes: '建立收支台账' }).expect(201)).body;
    expect(m).toMatchObject({ heldOn: '2026-06-02', mentor: '刘老师', topic: '财务制度建设', notes: '建立收支台账' });
    const listed = (
      await http().get(`/api/v1/incubator/incubations/${i.id}/mentoring`).set(s.as('auditor')).expect(200)
    ).body;
    expect(listed).toMatchObject({ total: 1, items: [{ id: m.id, recordedBy: { name: 'street-admin' } }] });
  });

  it('admits once when keepers admit at the same moment, and applies once', async () => {
    clock.set('2026-06-03T09:00:00+08:00');
    const o = await organisationIn(s, '湖光合唱团');
    const i = await applyTo(s, parkId, o.id);
    const results = await Promise.all([
      moveTo(s, i.id, { stage: 'admitted' }),
      moveTo(s, i.id, { stage: 'admitted' }, 'district-admin'),
      moveTo(s, i.id, { stage: 'admitted' }, 'street-admin'),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    expect((await get(i.id)).history.map((h) => h.stage)).toEqual(['applied', 'admitted']);
    expect(
      (await eventsOf(app, IncubatorEvents.incubationAdmitted)).filter((e) => e.incubationId === i.id),
    ).toHaveLength(1);

    // and an organisation applying three times at once is in incubation once
    const twice = await organisationIn(s, '湖光太极队');
    const applications = await Promise.all(
      [0, 1, 2].map(() =>
        http()
          .post(`/api/v1/incubator/parks/${parkId}/incubations`)
          .set(s.as('street-admin'))
          .send({ organisationId: twice.id }),
      ),
    );
    expect(applications.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    const [{ n }] = await incubatorDb(app).query(
      `SELECT count(*)::int AS n FROM "incubator".incubation WHERE organisation_id = $1`,
      [twice.id],
    );
    expect(n).toBe(1);
  });

  it('refuses bad input with problem+json and writes nothing', async () => {
    clock.set('2026-06-04T09:00:00+08:00');
    const o = await organisationIn(s, '湖光棋牌社');
    const s02 = await organisationIn(
      s,
      '西苑志愿队',
      { communityPath: 'd01.s02.c01', communitiesServed: ['d01.s02.c01'] },
      'street-admin-s02',
    );
    const i = await applyTo(s, parkId, o.id);
    await advance(s, i.id, ['admitted', 'incubating']);
    const tables = [
      'park',
      'incubation',
      'incubation_stage',
      'incubation_mentoring',
      'capacity_assessment',
      'capacity_score',
    ];
    const counts = async () => Promise.all(tables.map(count));
    const before = await counts();
    const eventsBefore = (await incubatorDb(app).query(`SELECT count(*)::int AS n FROM "incubator".outbox`))[0].n;

    const problems: Array<[number, () => ReturnType<typeof moveTo>]> = [
      [
        400,
        () =>
          http()
            .post('/api/v1/incubator/parks')
            .set(s.as('street-admin'))
            .send({ name: '园', path: 'D01', operator: 'x' }),
      ],
      [
        400,
        () =>
          http()
            .post('/api/v1/incubator/parks')
            .set(s.as('street-admin'))
            .send({ name: '', path: 'd01.s01', operator: 'x' }),
      ],
      [
        422,
        () =>
          http()
            .post('/api/v1/incubator/parks')
            .set(s.as('district-admin'))
            .send({ name: '园', path: 'd01.s09', operator: 'x' }),
      ],
      [
        422,
        () =>
          http()
            .post('/api/v1/incubator/parks')
            .set(s.as('street-admin'))
            .send({ name: '园', path: 'd01.s01.c01.g01', operator: 'x' }),
      ],
      [
        403,
        () =>
          http()
            .post('/api/v1/incubator/parks')
            .set(s.as('street-admin'))
            .send({ name: '园', path: 'd01.s02', operator: 'x' }),
      ],
      [
        409,
        () =>
          http()
            .post('/api/v1/incubator/parks')
            .set(s.as('street-admin'))
            .send({ name: '东湖街道孵化基地', path: 'd01.s01', operator: 'x' }),
      ],
      [
        400,
        () =>
          http()
            .post(`/api/v1/incubator/parks/${parkId}/incubations`)
            .set(s.as('street-admin'))
            .send({ organisationId: 'nope' }),
      ],
      [
        403,
        () =>
          http()
            .post(`/api/v1/incubator/parks/${parkId}/incubations`)
            .set(s.as('resident'))
            .send({ organisationId: o.id }),
      ],
      [
        422,
        () =>
          http()
            .post(`/api/v1/incubator/parks/${parkId}/incubations`)
            .set(s.as('district-admin'))
            .send({ organisationId: s02.id }),
      ],
      [
        409,
        () =>
          http()
            .post(`/api/v1/incubator/parks/${parkId}/incubations`)
            .set(s.as('street-admin'))
            .send({ organisationId: o.id }),
      ],
      [400, () => moveTo(s, i.id, { stage: 'flying' })],
      [400, () => moveTo(s, i.id, { stage: 'assessed', extra: 1 })],
      [400, () => moveTo(s, i.id, { stage: 'left', reason: 'bored' })],
      [422, () => moveTo(s, i.id, { stage: 'left' })],
      [422, () => moveTo(s, i.id, { stage: 'left', reason: 'other' })],
      [422, () => moveTo(s, i.id, { stage: 'left', reason: 'not_admitted' })],
      [422, () => moveTo(s, i.id, { stage: 'assessed', reason: 'withdrew' })],
      [403, () => moveTo(s, i.id, { stage: 'left', reason: 'withdrew' }, 'social-org-staff')],
      [
        400,
        () =>
          http()
            .post(`/api/v1/incubator/incubations/${i.id}/mentoring`)
            .set(s.as('street-admin'))
            .send({ heldOn: '2026-02-30', mentor: '刘', topic: 't' }),
      ],
      [
        400,
        () =>
          http()
            .post(`/api/v1/incubator/incubations/${i.id}/assessments`)
            .set(s.as('street-admin'))
            .send({ assessorName: '王', assessorOrganisation: '中心', scores: { governance: 50 } }),
      ],
      [
        400,
        () =>
          http()
            .post(`/api/v1/incubator/incubations/${i.id}/assessments`)
            .set(s.as('street-admin'))
            .send({ assessorName: '王', assessorOrganisation: '中心', scores: scores(-1) }),
      ],
      [
        422,
        () =>
          http()
            .post(`/api/v1/incubator/incubations/${i.id}/assessments`)
            .set(s.as('street-admin'))
            .send({ assessorName: '王', assessorOrganisation: '中心', scores: scores(50), assessedOn: '2026-06-05' }),
      ],
      [404, () => moveTo(s, '0190c8a0-0000-7000-8000-000000000000', { stage: 'admitted' })],
    ];
    for (const [status, send] of problems) {
      const res = await send();
      expect({ status: res.status, body: res.body }).toMatchObject({ status });
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    expect(await counts()).toEqual(before);
    expect((await incubatorDb(app).query(`SELECT count(*)::int AS n FROM "incubator".outbox`))[0].n).toBe(eventsBefore);
  });
});
