import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { SignUpView, VolunteerView } from '@gz/contracts';
import { createTestDatabase, testBusRoot, testEnv, TestClock, TestSession, type TestDatabase } from '@gz/testing';
import { bootIncubator, incubatorDb, organisationIn } from './factories';
import {
  activityOf,
  createUsers,
  selfVolunteer,
  signUp,
  teamIn,
  volunteerBy,
  WRITTEN_CONSENT,
} from './volunteers.factories';

const RESIDENTS = Array.from({ length: 8 }, (_, i) => `jumin-${String(i + 1).padStart(2, '0')}`);

describe('volunteers through the gateway: the roll with consent, sign-ups within capacity, check-in codes', () => {
  let db: TestDatabase;
  let app: NestFastifyApplication;
  const clock = new TestClock('2026-05-11T09:00:00+08:00');
  const s = new TestSession(() => app);
  const http = () => s.http();
  let ids: Map<string, string>;
  let orgId: string;
  let teamId: string;
  let wang: VolunteerView;
  const count = async (table: string): Promise<number> =>
    (await incubatorDb(app).query(`SELECT count(*)::int AS n FROM "incubator".${table}`))[0].n;
  const problem = (res: { status: number; headers: Record<string, string> }, status: number) => {
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toContain('application/problem+json');
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    const env = testEnv({
      databaseUrl: db.url,
      busRoot: testBusRoot(),
      nats: false,
      extra: { RATE_LIMIT_PER_MINUTE: '100000' },
    });
    app = await bootIncubator(env, clock, 'volunteer-roll-e2e');
    await s.signIn(
      'district-admin',
      'street-admin',
      'street-admin-s02',
      'community-secretary',
      'social-org-staff',
      'auditor',
      'resident',
    );
    ids = await createUsers(s, [
      { username: 'leader-a' },
      { username: 'vol-wang' },
      ...RESIDENTS.map((username) => ({ username })),
    ]);
    await s.signIn('leader-a', 'vol-wang', ...RESIDENTS);
    orgId = (
      await organisationIn(s, '东湖邻里互助会', {
        legalStatus: 'registered',
        creditCode: '52510100MJ0000001X',
        orgPath: 'd01.s01.so01',
        communitiesServed: ['d01.s01.c01', 'd01.s01.c02'],
      })
    ).id;
    teamId = (
      await teamIn(s, 'social-org-staff', '互助会助老志愿队', [ids.get('leader-a')!], { organisationId: orgId })
    ).id;
  }, 180_000); // ten accounts made and signed in: a password hash each, slow on a busy machine

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('enters volunteers only with their consent, sealed and masked, and reveals them in full to keepers with a reason, audited', async () => {
    wang = await volunteerBy(s, 'leader-a', '王芳', '13800002222', {
      idNumber: '11010519491231002x',
      teamId,
      userId: ids.get('vol-wang'),
    });
    expect(wang).toMatchObject({
      nameMasked: '王*',
      phoneMasked: '138****2222',
      idNumberMasked: '110***********002X',
      communityPath: 'd01.s01.c01',
      linked: true,
      consent: {
        givenAt: '2026-01-05T02:00:00.000Z',
        method: 'written',
        note: '志愿者登记表，本人签字',
        recordedBy: { id: ids.get('leader-a'), kind: 'user', name: 'leader-a' },
      },
    });
    // nothing readable at rest
    const [row] = await incubatorDb(app).query(`SELECT * FROM "incubator".volunteer WHERE id = $1`, [wang.id]);
    const stored = JSON.stringify(row);
    for (const plain of ['王芳', '13800002222', '11010519491231002X']) expect(stored).not.toContain(plain);

    // the same ID number twice is one volunteer
    const twice = await http().post('/api/v1/incubator/volunteers').set(s.as('community-secretary')).send({
      name: '王芳',
      phone: '13900009999',
      idNumber: '11010519491231002X',
      communityPath: 'd01.s01.c01',
      consent: WRITTEN_CONSENT,
    });
    problem(twice, 409);

    // in full: the community's keepers with a reason, each field read audited
    await http()
      .post(`/api/v1/incubator/volunteers/${wang.id}/reveal`)
      .set(s.as('leader-a'))
      .send({ reason: '核实' })
      .expect(403);
    await http()
      .post(`/api/v1/incubator/volunteers/${wang.id}/reveal`)
      .set(s.as('auditor'))
      .send({ reason: '核实' })
      .expect(403);
    const full = await http()
      .post(`/api/v1/incubator/volunteers/${wang.id}/reveal`)
      .set(s.as('community-secretary'))
      .send({ reason: '联系志愿者核实服务时长' })
      .expect(200);
    expect(full.body).toEqual({
      volunteerId: wang.id,
      name: '王芳',
      phone: '13800002222',
      idNumber: '11010519491231002X',
    });
    const phoneOnly = await http()
      .post(`/api/v1/incubator/volunteers/${wang.id}/reveal`)
      .set(s.as('street-admin'))
      .send({ reason: '活动通知', fields: ['phone'] })
      .expect(200);
    expect(phoneOnly.body).toEqual({ volunteerId: wang.id, phone: '13800002222' });
    const reads = (
      await http()
        .get(`/api/v1/incubator/volunteers/pii-access?volunteerId=${wang.id}`)
        .set(s.as('auditor'))
        .expect(200)
    ).body;
    expect(reads.total).toBe(4);
    expect(reads.items[0]).toMatchObject({
      field: 'phone',
      reader: 'street-admin',
      reason: '活动通知',
      volunteerId: wang.id,
    });
    expect(
      reads.items
        .slice(1)
        .map((r: { field: string }) => r.field)
        .sort(),
    ).toEqual(['idNumber', 'name', 'phone']);
    await http().get('/api/v1/incubator/volunteers/pii-access').set(s.as('community-secretary')).expect(403);

    // a resident registers themself: consent online, their account linked, their own record readable
    const me = await selfVolunteer(s, 'resident', '李明', '13800001111');
    expect(me).toMatchObject({ linked: true, consent: { method: 'online', recordedBy: { name: 'resident' } } });
    expect((await http().get('/api/v1/incubator/volunteers/me').set(s.as('resident')).expect(200)).body.id).toBe(me.id);
    await http().get(`/api/v1/incubator/volunteers/${me.id}`).set(s.as('resident')).expect(200);
    await http().get(`/api/v1/incubator/volunteers/${wang.id}`).set(s.as('resident')).expect(403);
    problem(
      await http()
        .post('/api/v1/incubator/volunteers/me')
        .set(s.as('resident'))
        .send({ name: '李明', phone: '13800001111', communityPath: 'd01.s01.c01', consent: true }),
      409,
    );
    problem(
      await http()
        .post('/api/v1/incubator/volunteers/me')
        .set(s.as('vol-wang'))
        .send({ name: '王芳', phone: '13800002222', communityPath: 'd01.s02.c01', consent: true }),
      403,
    );

    // who lists whom: the organiser their team's members, a resident themself, the keepers their place
    const byLeader = (await http().get('/api/v1/incubator/volunteers').set(s.as('leader-a')).expect(200)).body;
    expect(byLeader.items.map((v: VolunteerView) => v.id)).toEqual([wang.id]);
    const byResident = (await http().get('/api/v1/incubator/volunteers').set(s.as('resident')).expect(200)).body;
    expect(byResident.items.map((v: VolunteerView) => v.id)).toEqual([me.id]);
    const byPhone = (
      await http().get('/api/v1/incubator/volunteers?phone=13800001111').set(s.as('community-secretary')).expect(200)
    ).body;
    expect(byPhone.items.map((v: VolunteerView) => v.id)).toEqual([me.id]);
    expect(
      (await http().get('/api/v1/incubator/volunteers').set(s.as('street-admin-s02')).expect(200)).body.total,
    ).toBe(0);
    const members = (
      await http().get(`/api/v1/incubator/volunteer-teams/${teamId}/members`).set(s.as('auditor')).expect(200)
    ).body;
    expect(members.items.map((v: VolunteerView) => v.id)).toEqual([wang.id]);
  });

  it('keeps teams to those who run them and their scope', async () => {
    const team = (await http().get(`/api/v1/incubator/volunteer-teams/${teamId}`).set(s.as('leader-a')).expect(200))
      .body;
    expect(team).toMatchObject({
      organisationId: orgId,
      organisationName: '东湖邻里互助会',
      members: 1,
      street: 's01',
    });
    await http().get(`/api/v1/incubator/volunteer-teams/${teamId}`).set(s.as('street-admin-s02')).expect(403);
    const mine = (await http().get('/api/v1/incubator/volunteer-teams').set(s.as('leader-a')).expect(200)).body;
    expect(mine.items.map((t: { id: string }) => t.id)).toEqual([teamId]);
    expect((await http().get('/api/v1/incubator/volunteer-teams').set(s.as('resident')).expect(200)).body.total).toBe(
      0,
    );

    const send = (as: string, body: Record<string, unknown>) =>
      http().post('/api/v1/incubator/volunteer-teams').set(s.as(as)).send(body);
    const base = { name: '新队', communityPath: 'd01.s01.c01', organiserIds: [ids.get('leader-a')] };
    problem(await send('resident', base), 403); // a residents' group records under its committee: its keepers set it up
    problem(await send('street-admin-s02', base), 403);
    problem(await send('social-org-staff', base), 403); // without its organisation, not the staff's to set up
    problem(await send('street-admin', { ...base, name: '互助会助老志愿队' }), 409);
    problem(await send('street-admin', { ...base, communityPath: 'd01.s02.c01', organisationId: orgId }), 403);
    const committee = await send('community-secretary', { ...base, name: '湖光居委会志愿队' });
    expect(committee.status).toBe(201);
    expect(committee.body).toMatchObject({ organisationId: null, communityPath: 'd01.s01.c01' });

    // an edit needs the version read
    problem(
      await http()
        .patch(`/api/v1/incubator/volunteer-teams/${teamId}`)
        .set(s.as('leader-a'))
        .send({ version: 7, purpose: '助老' }),
      409,
    );
    const edited = await http()
      .patch(`/api/v1/incubator/volunteer-teams/${teamId}`)
      .set(s.as('leader-a'))
      .send({ version: team.version, purpose: '为独居老人上门送餐' })
      .expect(200);
    expect(edited.body).toMatchObject({ version: team.version + 1, purpose: '为独居老人上门送餐' });
  });

  it('holds the capacity under concurrent sign-ups, keeps the rest waiting in order, and promotes the first waiting on a cancellation', async () => {
    clock.set('2026-05-11T10:00:00+08:00');
    const people = new Map<string, string>(); // username → volunteer id
    for (const [i, username] of RESIDENTS.entries())
      people.set(
        username,
        (await selfVolunteer(s, username, `居民${i + 1}号`, `1390000${String(i).padStart(4, '0')}`)).id,
      );
    const act = await activityOf(s, 'leader-a', teamId, '2026-05-16T09:00:00+08:00', '2026-05-16T11:30:00+08:00', {
      capacity: 3,
    });

    const answers = await Promise.all(
      RESIDENTS.map((username) =>
        http().post(`/api/v1/incubator/activities/${act.id}/sign-ups`).set(s.as(username)).send({}),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(RESIDENTS.map(() => 201));
    const views = answers.map((a) => a.body as SignUpView);
    expect(views.filter((v) => v.status === 'confirmed')).toHaveLength(3);
    const waiting = views.filter((v) => v.status === 'waiting');
    expect(waiting.map((v) => v.position).sort((a, b) => a! - b!)).toEqual([1, 2, 3, 4, 5]);
    const seen = (await http().get(`/api/v1/incubator/activities/${act.id}`).set(s.as('resident')).expect(200)).body;
    expect(seen).toMatchObject({ capacity: 3, confirmed: 3, waiting: 5 });
    const [{ n }] = await incubatorDb(app).query(
      `SELECT count(*)::int AS n FROM "incubator".activity_sign_up WHERE activity_id = $1 AND status = 'confirmed'`,
      [act.id],
    );
    expect(n).toBe(3);

    const queue = async () =>
      (
        await http()
          .get(`/api/v1/incubator/activities/${act.id}/sign-ups?status=waiting`)
          .set(s.as('leader-a'))
          .expect(200)
      ).body.items as SignUpView[];
    const before = await queue();
    expect(before.map((v) => v.position)).toEqual([1, 2, 3, 4, 5]);
    await http().get(`/api/v1/incubator/activities/${act.id}/sign-ups`).set(s.as('jumin-01')).expect(403);

    // a confirmed volunteer cancels: the first waiting is confirmed, the others move up
    const userOf = (volunteerId: string) => [...people].find(([, v]) => v === volunteerId)![0];
    const leaving = views.find((v) => v.status === 'confirmed')!;
    const cancelled = await http()
      .post(`/api/v1/incubator/activities/${act.id}/sign-ups/${leaving.id}/cancel`)
      .set(s.as(userOf(leaving.volunteerId)))
      .expect(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled' });
    const promoted = (
      await http()
        .get(`/api/v1/incubator/activities/${act.id}/sign-ups/mine`)
        .set(s.as(userOf(before[0].volunteerId)))
        .expect(200)
    ).body;
    expect(promoted).toMatchObject({ id: before[0].id, status: 'confirmed', position: null });
    expect((await queue()).map((v) => [v.id, v.position])).toEqual(before.slice(1).map((v, i) => [v.id, i + 1]));

    // two cancellations at once promote the next two; the capacity still holds
    const confirmedNow = (
      await http()
        .get(`/api/v1/incubator/activities/${act.id}/sign-ups?status=confirmed`)
        .set(s.as('leader-a'))
        .expect(200)
    ).body.items as SignUpView[];
    await Promise.all(
      confirmedNow
        .slice(0, 2)
        .map((v) =>
          http()
            .post(`/api/v1/incubator/activities/${act.id}/sign-ups/${v.id}/cancel`)
            .set(s.as('leader-a'))
            .expect(200),
        ),
    );
    expect(
      (await http().get(`/api/v1/incubator/activities/${act.id}`).set(s.as('leader-a')).expect(200)).body,
    ).toMatchObject({
      confirmed: 3,
      waiting: 2,
    });
    expect((await queue()).map((v) => v.id)).toEqual(before.slice(3).map((v) => v.id));

    // once per volunteer; the organiser may add a walk-in (waiting, the places are taken)
    problem(
      await http()
        .post(`/api/v1/incubator/activities/${act.id}/sign-ups`)
        .set(s.as(userOf(before[4].volunteerId)))
        .send({}),
      409,
    );
    const walkIn = await signUp(s, 'leader-a', act.id, wang.id);
    expect(walkIn).toMatchObject({ status: 'waiting', position: 3 });
    problem(
      await http()
        .post(`/api/v1/incubator/activities/${act.id}/sign-ups`)
        .set(s.as('jumin-01'))
        .send({ volunteerId: wang.id }),
      403,
    );
  });

  it('checks in and out with the code shown at the activity, refusing a wrong, early or expired one', async () => {
    clock.set('2026-05-12T09:00:00+08:00');
    const act = await activityOf(s, 'leader-a', teamId, '2026-05-16T09:00:00+08:00', '2026-05-16T11:30:00+08:00', {
      capacity: 2,
    });
    const [a, b] = ['jumin-01', 'jumin-02'];
    await signUp(s, a, act.id);
    await signUp(s, b, act.id);
    await signUp(s, 'jumin-03', act.id); // waiting
    const code = (
      await http().get(`/api/v1/incubator/activities/${act.id}/check-code`).set(s.as('leader-a')).expect(200)
    ).body;
    expect(code).toMatchObject({
      activityId: act.id,
      validFrom: '2026-05-16T00:30:00.000Z',
      validUntil: '2026-05-16T04:00:00.000Z',
    });
    expect(code.code).toMatch(/^[A-Z2-9]{6}$/);
    await http().get(`/api/v1/incubator/activities/${act.id}/check-code`).set(s.as(a)).expect(403);
    const check = (as: string, kind: 'in' | 'out', typed: string) =>
      http().post(`/api/v1/incubator/activities/${act.id}/check-${kind}`).set(s.as(as)).send({ code: typed });
    const wrong = code.code === 'AAAAAA' ? 'BBBBBB' : 'AAAAAA';

    clock.set('2026-05-16T08:29:00+08:00');
    problem(await check(a, 'in', code.code), 422); // not yet
    clock.set('2026-05-16T08:45:00+08:00');
    problem(await check(a, 'in', wrong), 422);
    const sign = await check(a, 'in', code.code.toLowerCase()).expect(200);
    expect(sign.body).toMatchObject({
      status: 'confirmed',
      checkedInAt: '2026-05-16T00:45:00.000Z',
      checkedOutAt: null,
    });
    problem(await check(b, 'out', code.code), 422); // not checked in
    problem(await check('jumin-03', 'in', code.code), 422); // waiting
    problem(await check('jumin-04', 'in', code.code), 404); // not signed up

    // guessing: past five wrong codes the sign-up takes no code at all
    for (let i = 0; i < 5; i++) problem(await check(b, 'in', wrong), 422);
    problem(await check(b, 'in', code.code), 422);

    clock.set('2026-05-16T11:40:00+08:00');
    const out = await check(a, 'out', code.code).expect(200);
    expect(out.body).toMatchObject({
      checkedInAt: '2026-05-16T00:45:00.000Z',
      checkedOutAt: '2026-05-16T03:40:00.000Z',
    });
    clock.set('2026-05-16T12:01:00+08:00');
    const expired = await check(a, 'out', code.code);
    problem(expired, 422);
    expect(expired.body.detail).toMatch(/expired/);

    // sign-ups close for volunteers once it has started
    problem(await http().post(`/api/v1/incubator/activities/${act.id}/sign-ups`).set(s.as('jumin-05')).send({}), 422);
  });

  it('refuses bad input with 400/422 problem+json and writes nothing', async () => {
    clock.set('2026-05-20T09:00:00+08:00');
    const tables = [
      'volunteer',
      'volunteer_team',
      'volunteer_team_member',
      'volunteer_activity',
      'activity_sign_up',
      'volunteer_hours_entry',
      'volunteer_hours_correction',
      'volunteer_certificate',
      'pii_access',
    ];
    const snapshot = async () => Promise.all(tables.map(count));
    const before = await snapshot();
    const post = (url: string, body: unknown, as = 'leader-a') =>
      http()
        .post(`/api/v1/incubator/${url}`)
        .set(s.as(as))
        .send(body as object);

    const volunteer = {
      name: '张伟',
      phone: '13800005555',
      communityPath: 'd01.s01.c01',
      teamId,
      consent: WRITTEN_CONSENT,
    };
    const { consent: _consent, ...withoutConsent } = volunteer;
    for (const body of [
      withoutConsent, // consent is required
      { ...volunteer, consent: { ...WRITTEN_CONSENT, method: 'sms' } },
      { ...volunteer, consent: { method: 'written' } },
      { ...volunteer, phone: '12345' },
      { ...volunteer, idNumber: '1101051949123100' },
      { ...volunteer, name: '' },
      { ...volunteer, communityPath: 'd01.s01' },
      { ...volunteer, nickname: '小张' },
      { ...volunteer, name: '张\u0000伟' },
    ])
      problem(await post('volunteers', body), 400);
    for (const body of [
      { ...volunteer, idNumber: '110105194912310021' }, // wrong check character
      { ...volunteer, consent: { ...WRITTEN_CONSENT, givenAt: '2026-06-01T00:00:00+08:00' } }, // consent ahead of now
      { ...volunteer, communityPath: 'd01.s01.c09', teamId: undefined }, // no such community
      { ...volunteer, teamId: '0196c0de-1234-7abc-8def-0123456789ab' },
    ])
      problem(await post('volunteers', body, body.teamId ? 'leader-a' : 'street-admin'), 422);
    problem(
      await post(
        'volunteers/me',
        { name: '张伟', phone: '13800005555', communityPath: 'd01.s01.c01', consent: false },
        'jumin-06',
      ),
      400,
    );

    const activity = {
      teamId,
      title: '义诊',
      content: '量血压',
      place: '社区广场',
      communityPath: 'd01.s01.c01',
      startsAt: '2026-05-23T09:00:00+08:00',
      endsAt: '2026-05-23T11:00:00+08:00',
      capacity: 10,
      inCharge: '赵秀兰',
    };
    for (const body of [
      { ...activity, capacity: 0 },
      { ...activity, capacity: 2.5 },
      { ...activity, startsAt: 'next saturday' },
      { ...activity, teamId: 'x' },
    ])
      problem(await post('activities', body), 400);
    for (const body of [
      { ...activity, endsAt: '2026-05-23T08:00:00+08:00' },
      { ...activity, endsAt: '2026-05-24T12:00:00+08:00' },
      { ...activity, communityPath: 'd01.s02.c01' },
    ])
      problem(await post('activities', body), 422);

    // hours: a real activity, ended, with one confirmed volunteer
    clock.set('2026-05-12T09:00:00+08:00');
    const act = await activityOf(s, 'leader-a', teamId, '2026-05-13T09:00:00+08:00', '2026-05-13T11:00:00+08:00');
    await signUp(s, 'leader-a', act.id, wang.id);
    problem(await post(`activities/${act.id}/hours`, { entries: [{ volunteerId: wang.id, minutes: 60 }] }), 422); // not ended
    clock.set('2026-05-14T09:00:00+08:00');
    const afterSetup = await snapshot();
    for (const body of [
      { entries: [] },
      { entries: [{ volunteerId: wang.id, minutes: 0 }] },
      { entries: [{ volunteerId: wang.id, minutes: 90.5 }] },
      { entries: [{ volunteerId: wang.id }] },
      {},
    ])
      problem(await post(`activities/${act.id}/hours`, body), 400);
    const stranger = (await http().get('/api/v1/incubator/volunteers/me').set(s.as('jumin-06')).expect(200)).body.id;
    for (const body of [
      { entries: [{ volunteerId: wang.id, minutes: 121 }] }, // longer than the activity
      { entries: [{ volunteerId: stranger, minutes: 60 }] }, // not signed up
      {
        entries: [
          { volunteerId: wang.id, minutes: 60 },
          { volunteerId: wang.id, minutes: 30 },
        ],
      },
      {
        entries: [
          { volunteerId: wang.id, minutes: 60 },
          { volunteerId: stranger, minutes: 60 },
        ],
      }, // all or nothing
    ])
      problem(await post(`activities/${act.id}/hours`, body), 422);
    problem(
      await post(`activities/${act.id}/hours`, { entries: [{ volunteerId: wang.id, minutes: 60 }] }, 'vol-wang'),
      403,
    );
    expect(await snapshot()).toEqual(afterSetup);
    // only the setup wrote: one activity and its sign-up
    expect(afterSetup.map((n, i) => n - before[i])).toEqual([0, 0, 0, 1, 1, 0, 0, 0, 0]);
  });
});
