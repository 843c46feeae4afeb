import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { CERTIFICATE_CODE, IncubatorEvents, type ActivityView, type HoursEntryView } from '@gz/contracts';
import { loadWorkbook, readSpreadsheet, rowText } from '@gz/platform';
import { createTestDatabase, testBusRoot, testEnv, TestClock, TestSession, type TestDatabase } from '@gz/testing';
import { bootIncubator, eventsOf, incubatorDb, organisationIn } from './factories';
import {
  activityOf,
  createUsers,
  recordHours,
  selfVolunteer,
  signUp,
  teamIn,
  volunteerBy,
} from './volunteers.factories';

/** Collects a binary answer (supertest buffers only text by default). */
const binary = (res: import('supertest').Response, done: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

describe('volunteer hours through the gateway: per person and team over periods, late entries, corrections, certificates, records', () => {
  let db: TestDatabase;
  let app: NestFastifyApplication;
  const clock = new TestClock('2026-04-20T09:00:00+08:00');
  const s = new TestSession(() => app);
  const http = () => s.http();
  let ids: Map<string, string>;
  let teamA: string;
  let teamB: string;
  let li: string;
  let wang: string;
  let zhao: string;
  const acts: Record<string, ActivityView> = {};
  const entries: Record<string, HoursEntryView[]> = {};

  const hoursOf = async (volunteerId: string, query: string, as = 'vol-li') =>
    (await http().get(`/api/v1/incubator/volunteers/${volunteerId}/hours${query}`).set(s.as(as)).expect(200)).body;
  const teamHours = async (teamId: string, query: string, as = 'leader-a') =>
    (await http().get(`/api/v1/incubator/volunteer-teams/${teamId}/hours${query}`).set(s.as(as)).expect(200)).body;

  beforeAll(async () => {
    db = await createTestDatabase();
    const env = testEnv({
      databaseUrl: db.url,
      busRoot: testBusRoot(),
      nats: false,
      extra: { RATE_LIMIT_PER_MINUTE: '100000' },
    });
    app = await bootIncubator(env, clock, 'volunteer-hours-e2e');
    await s.signIn('district-admin', 'street-admin', 'community-secretary', 'social-org-staff', 'auditor', 'resident');
    ids = await createUsers(s, [
      { username: 'leader-a' },
      { username: 'leader-b', scope: 'd01.s01.c02.g01' },
      { username: 'vol-li' },
      { username: 'vol-wang' },
    ]);
    await s.signIn('leader-a', 'leader-b', 'vol-li', 'vol-wang');

    const org = await organisationIn(s, '东湖邻里互助会', {
      legalStatus: 'registered',
      creditCode: '52510100MJ0000001X',
      orgPath: 'd01.s01.so01',
      communitiesServed: ['d01.s01.c01', 'd01.s01.c02'],
    });
    teamA = (
      await teamIn(s, 'social-org-staff', '互助会助老志愿队', [ids.get('leader-a')!], { organisationId: org.id })
    ).id;
    teamB = (
      await teamIn(s, 'street-admin', '桂园居委会巡河小队', [ids.get('leader-b')!], { communityPath: 'd01.s01.c02' })
    ).id;

    li = (await selfVolunteer(s, 'vol-li', '李明', '13800001111')).id;
    wang = (await volunteerBy(s, 'leader-a', '王芳', '13800002222', { teamId: teamA, userId: ids.get('vol-wang') })).id;
    zhao = (await volunteerBy(s, 'leader-b', '赵强', '13800003333', { teamId: teamB, communityPath: 'd01.s01.c02' }))
      .id;

    // Team A: the evening before May, two in May (the last one late on 31 May), one just after midnight on 1 June.
    acts.a1 = await activityOf(s, 'leader-a', teamA, '2026-04-30T19:00:00+08:00', '2026-04-30T21:00:00+08:00');
    acts.a2 = await activityOf(s, 'leader-a', teamA, '2026-05-01T09:00:00+08:00', '2026-05-01T11:30:00+08:00');
    acts.a3 = await activityOf(s, 'leader-a', teamA, '2026-05-31T22:00:00+08:00', '2026-05-31T23:30:00+08:00');
    acts.a4 = await activityOf(s, 'leader-a', teamA, '2026-06-01T00:30:00+08:00', '2026-06-01T02:00:00+08:00');
    acts.b1 = await activityOf(s, 'leader-b', teamB, '2026-05-15T14:00:00+08:00', '2026-05-15T16:00:00+08:00', {
      communityPath: 'd01.s01.c02',
      title: '巡河护河',
    });
    for (const a of [acts.a1, acts.a2, acts.a3, acts.a4]) {
      await signUp(s, 'vol-li', a.id);
      await signUp(s, 'leader-a', a.id, wang);
    }
    await signUp(s, 'vol-li', acts.b1.id);
    await signUp(s, 'leader-b', acts.b1.id, zhao);

    // Each recorded the day after it ended, well within its 10 working days.
    const record = async (key: string, as: string, at: string, list: Array<[string, number]>) => {
      clock.set(at);
      entries[key] = await recordHours(
        s,
        as,
        acts[key].id,
        list.map(([volunteerId, minutes]) => ({ volunteerId, minutes })),
      );
    };
    await record('a1', 'leader-a', '2026-05-01T08:00:00+08:00', [
      [li, 120],
      [wang, 90],
    ]);
    await record('a2', 'leader-a', '2026-05-02T08:00:00+08:00', [
      [li, 150],
      [wang, 150],
    ]);
    await record('b1', 'leader-b', '2026-05-16T08:00:00+08:00', [
      [li, 100],
      [zhao, 120],
    ]);
    await record('a3', 'leader-a', '2026-06-01T08:00:00+08:00', [
      [li, 90],
      [wang, 60],
    ]);
    await record('a4', 'leader-a', '2026-06-01T09:00:00+08:00', [
      [li, 90],
      [wang, 45],
    ]);
  }, 180_000); // four accounts, a street's teams, activities and their hours, all through the gateway

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('adds up hours per person and per team over any period of Shanghai days, both ends included', async () => {
    const may = '?from=2026-05-01&to=2026-05-31';
    expect(await hoursOf(li, may)).toEqual({
      volunteerId: li,
      from: '2026-05-01',
      to: '2026-05-31',
      minutes: 340,
      hours: '5.7',
      activities: 3,
      byTeam: [
        { teamId: teamA, teamName: '互助会助老志愿队', minutes: 240, hours: '4.0', activities: 2 },
        { teamId: teamB, teamName: '桂园居委会巡河小队', minutes: 100, hours: '1.7', activities: 1 },
      ],
    });
    expect(await hoursOf(wang, may, 'vol-wang')).toMatchObject({ minutes: 210, hours: '3.5', activities: 2 });
    expect(await teamHours(teamA, may)).toEqual({
      teamId: teamA,
      from: '2026-05-01',
      to: '2026-05-31',
      minutes: 450,
      hours: '7.5',
      activities: 2,
      volunteers: 2,
    });
    expect(await teamHours(teamB, may, 'leader-b')).toMatchObject({ minutes: 220, hours: '3.7', volunteers: 2 });

    // The boundary is the Shanghai day: 00:30 on 1 June (16:30 UTC on 31 May) is June's.
    expect(await hoursOf(li, '?from=2026-05-31&to=2026-05-31')).toMatchObject({ minutes: 90, activities: 1 });
    expect(await hoursOf(li, '?from=2026-06-01&to=2026-06-01')).toMatchObject({ minutes: 90, activities: 1 });
    expect(await hoursOf(li, '?to=2026-04-30')).toMatchObject({ minutes: 120, from: null, to: '2026-04-30' });
    expect(await hoursOf(li, '')).toMatchObject({ minutes: 550, hours: '9.2', activities: 5 });
    expect(await teamHours(teamA, '?from=2026-04-30&to=2026-06-01')).toMatchObject({ minutes: 795, activities: 4 });

    const perPerson = (
      await http()
        .get(`/api/v1/incubator/volunteer-teams/${teamA}/hours/volunteers${may}`)
        .set(s.as('leader-a'))
        .expect(200)
    ).body;
    expect(perPerson).toEqual({
      items: [
        { volunteerId: li, volunteerNameMasked: '李*', minutes: 240, hours: '4.0', activities: 2 },
        { volunteerId: wang, volunteerNameMasked: '王*', minutes: 210, hours: '3.5', activities: 2 },
      ],
      total: 2,
      page: 1,
      pageSize: 20,
    });
    // an auditor reads the team's figures; another street's admin and another resident do not
    await http().get(`/api/v1/incubator/volunteer-teams/${teamA}/hours${may}`).set(s.as('auditor')).expect(200);
    await http().get(`/api/v1/incubator/volunteers/${li}/hours${may}`).set(s.as('resident')).expect(403);
    const bad = await http()
      .get(`/api/v1/incubator/volunteers/${li}/hours?from=2026-06-01&to=2026-05-01`)
      .set(s.as('vol-li'));
    expect(bad.status).toBe(422);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    await http().get(`/api/v1/incubator/volunteers/${li}/hours?from=2026-02-30`).set(s.as('vol-li')).expect(400);
  });

  it('credits each entry by an event carrying team, organisation, community and minutes, never a name or phone', async () => {
    const credited = await eventsOf(app, IncubatorEvents.volunteerHoursCredited);
    expect(credited).toHaveLength(10);
    const first = credited.find((e) => e.entryId === entries.a1[0].id);
    expect(first).toEqual({
      entryId: entries.a1[0].id,
      activityId: acts.a1.id,
      volunteerId: li,
      teamId: teamA,
      organisationId: acts.a1.organisationId,
      street: 's01',
      communityPath: 'd01.s01.c01',
      minutes: 120,
      servedOn: '2026-04-30',
      late: false,
      replaces: null,
      by: expect.objectContaining({ id: ids.get('leader-a'), name: 'leader-a' }),
      at: '2026-05-01T00:00:00.000Z',
    });
    expect(acts.a1.organisationId).not.toBeNull();
    const text = JSON.stringify(credited);
    for (const personal of ['李明', '王芳', '赵强', '13800001111', '13800002222']) expect(text).not.toContain(personal);
  });

  it('flags an entry late after 10 working days, counting across the weekends', async () => {
    // Ends on Friday 5 June: the 10th working day after it is Friday 19 June (a 10-day count would say 15 June).
    clock.set('2026-06-01T10:00:00+08:00');
    const act = await activityOf(s, 'leader-a', teamA, '2026-06-05T14:00:00+08:00', '2026-06-05T17:00:00+08:00');
    expect(act.hoursDueAt).toBe('2026-06-19T16:00:00.000Z');
    await signUp(s, 'vol-li', act.id);
    await signUp(s, 'leader-a', act.id, wang);
    clock.set('2026-06-19T23:59:00+08:00'); // Friday night: still due
    const [onTime] = await recordHours(s, 'leader-a', act.id, [{ volunteerId: li, minutes: 180 }]);
    expect(onTime).toMatchObject({ late: false, minutes: 180, hours: '3.0', dueAt: '2026-06-19T16:00:00.000Z' });
    clock.set('2026-06-22T09:00:00+08:00'); // the Monday after the weekend: accepted, flagged
    const [late] = await recordHours(s, 'leader-a', act.id, [{ volunteerId: wang, minutes: 170, note: '补录' }]);
    expect(late).toMatchObject({ late: true, minutes: 170, note: '补录' });
    const credited = await eventsOf(app, IncubatorEvents.volunteerHoursCredited);
    expect(credited.find((e) => e.entryId === late.id)).toMatchObject({ late: true, servedOn: '2026-06-05' });
    // once per volunteer and activity: a second entry is a conflict (a correction is the way)
    const again = await http()
      .post(`/api/v1/incubator/activities/${act.id}/hours`)
      .set(s.as('leader-a'))
      .send({ entries: [{ volunteerId: wang, minutes: 60 }] });
    expect(again.status).toBe(409);
  });

  it('replaces hours by a granted correction and keeps the history', async () => {
    clock.set('2026-06-23T10:00:00+08:00');
    const old = entries.a3.find((e) => e.volunteerId === wang)!;
    const asked = await http()
      .post(`/api/v1/incubator/activities/${acts.a3.id}/hours/${old.id}/corrections`)
      .set(s.as('vol-wang'))
      .send({ minutes: 90, reason: '活动延长半小时，实际服务90分钟' })
      .expect(201);
    expect(asked.body).toMatchObject({ status: 'pending', fromMinutes: 60, minutes: 90, entryId: old.id });
    // another's entry is not theirs to correct; one pending at a time
    await http()
      .post(`/api/v1/incubator/activities/${acts.a3.id}/hours/${entries.a3[0].id}/corrections`)
      .set(s.as('vol-wang'))
      .send({ minutes: 30, reason: '不是我的' })
      .expect(403);
    await http()
      .post(`/api/v1/incubator/activities/${acts.a3.id}/hours/${old.id}/corrections`)
      .set(s.as('vol-wang'))
      .send({ minutes: 80, reason: '再次申请' })
      .expect(409);
    const pending = (
      await http()
        .get(`/api/v1/incubator/volunteer-teams/${teamA}/corrections?status=pending`)
        .set(s.as('leader-a'))
        .expect(200)
    ).body;
    expect(pending.items.map((c: { id: string }) => c.id)).toEqual([asked.body.id]);
    // only those who run the team decide
    await http()
      .post(`/api/v1/incubator/activities/${acts.a3.id}/corrections/${asked.body.id}/decision`)
      .set(s.as('vol-wang'))
      .send({ decision: 'granted' })
      .expect(403);
    const decided = await http()
      .post(`/api/v1/incubator/activities/${acts.a3.id}/corrections/${asked.body.id}/decision`)
      .set(s.as('leader-a'))
      .send({ decision: 'granted', note: '经负责人核实' })
      .expect(200);
    expect(decided.body).toMatchObject({ status: 'granted', decidedBy: { name: 'leader-a' }, note: '经负责人核实' });
    const newId = decided.body.newEntryId as string;

    const current = (
      await http().get(`/api/v1/incubator/activities/${acts.a3.id}/hours`).set(s.as('leader-a')).expect(200)
    ).body;
    expect(current.items.map((e: HoursEntryView) => [e.volunteerId, e.minutes])).toEqual([
      [li, 90],
      [wang, 90],
    ]);
    const history = (
      await http()
        .get(`/api/v1/incubator/activities/${acts.a3.id}/hours?history=true`)
        .set(s.as('leader-a'))
        .expect(200)
    ).body;
    expect(history.total).toBe(3);
    expect(history.items.find((e: HoursEntryView) => e.id === old.id)).toMatchObject({
      status: 'superseded',
      minutes: 60,
      supersededBy: newId,
    });
    expect(history.items.find((e: HoursEntryView) => e.id === newId)).toMatchObject({
      status: 'current',
      minutes: 90,
      supersedes: old.id,
      correctionId: asked.body.id,
      late: false,
    });
    // the sums count the new minutes only; the event says what it replaces
    expect(await hoursOf(wang, '?from=2026-05-01&to=2026-05-31', 'vol-wang')).toMatchObject({ minutes: 240 });
    expect(await teamHours(teamA, '?from=2026-05-01&to=2026-05-31')).toMatchObject({ minutes: 480, hours: '8.0' });
    const credited = await eventsOf(app, IncubatorEvents.volunteerHoursCredited);
    expect(credited.find((e) => e.entryId === newId)).toMatchObject({
      minutes: 90,
      replaces: { entryId: old.id, minutes: 60 },
    });
    // a replaced entry takes no correction; a decided correction takes no second decision
    await http()
      .post(`/api/v1/incubator/activities/${acts.a3.id}/hours/${old.id}/corrections`)
      .set(s.as('vol-wang'))
      .send({ minutes: 100, reason: '旧记录' })
      .expect(422);
    await http()
      .post(`/api/v1/incubator/activities/${acts.a3.id}/corrections/${asked.body.id}/decision`)
      .set(s.as('leader-a'))
      .send({ decision: 'refused' })
      .expect(409);

    // refused: the minutes stay
    const other = entries.a4.find((e) => e.volunteerId === wang)!;
    const second = await http()
      .post(`/api/v1/incubator/activities/${acts.a4.id}/hours/${other.id}/corrections`)
      .set(s.as('vol-wang'))
      .send({ minutes: 90, reason: '我记得是90分钟' })
      .expect(201);
    await http()
      .post(`/api/v1/incubator/activities/${acts.a4.id}/corrections/${second.body.id}/decision`)
      .set(s.as('leader-a'))
      .send({ decision: 'refused', note: '签退记录为02:00前45分钟' })
      .expect(200);
    expect(await hoursOf(wang, '?from=2026-06-01&to=2026-06-01', 'vol-wang')).toMatchObject({ minutes: 45 });
  });

  it('issues a certificate whose code anyone verifies without signing in; a forged or altered one does not verify', async () => {
    clock.set('2026-06-24T10:00:00+08:00');
    const issued = await http()
      .post(`/api/v1/incubator/volunteers/${li}/certificates`)
      .set(s.as('vol-li'))
      .send({ from: '2026-05-01', to: '2026-05-31' })
      .expect(201);
    const cert = issued.body;
    expect(cert.code).toMatch(CERTIFICATE_CODE);
    expect(cert).toMatchObject({
      title: '志愿服务记录证明',
      volunteerNameMasked: '李*',
      from: '2026-05-01',
      to: '2026-05-31',
      minutes: 340,
      hours: '5.7',
      activities: 3,
      recordingUnits: ['互助会助老志愿队（东湖邻里互助会）', '桂园居委会巡河小队'],
      issuedBy: 'vol-li',
    });
    expect(cert.entries[0]).toEqual({
      servedOn: '2026-05-01',
      activity: '社区助老服务',
      content: '为独居老人送餐、陪伴聊天',
      place: '湖光社区长者食堂',
      minutes: 150,
      hours: '2.5',
      team: '互助会助老志愿队',
      organisation: '东湖邻里互助会',
      recordedBy: 'leader-a',
      inCharge: '赵秀兰',
    });

    // no token: what the certificate states, the name masked
    const verified = await http().get(`/api/v1/incubator/volunteers/certificates/verify/${cert.code}`).expect(200);
    expect(verified.body.verified).toBe(true);
    const { code: _code, volunteerId: _v, teamId: _t, ...statement } = cert;
    expect(verified.body.statement).toEqual(statement);
    expect(JSON.stringify(verified.body)).not.toContain('李明');

    // forged: one character of the signature changed; another certificate's id with this signature; garbage
    const flip = (c: string, at: number) => c.slice(0, at) + (c[at] === 'A' ? 'B' : 'A') + c.slice(at + 1);
    const forged = await http().get(`/api/v1/incubator/volunteers/certificates/verify/${flip(cert.code, 30)}`);
    expect(forged.status).toBe(404);
    expect(forged.headers['content-type']).toContain('application/problem+json');
    await http()
      .get(`/api/v1/incubator/volunteers/certificates/verify/${flip(cert.code, 3)}`)
      .expect(404);
    await http().get('/api/v1/incubator/volunteers/certificates/verify/not-a-code').expect(400);
    // altered where it is kept: the statement no longer matches its code
    await incubatorDb(app).query(
      `UPDATE "incubator".volunteer_certificate SET statement = replace(statement, '"minutes":340', '"minutes":3400') WHERE id = $1`,
      [cert.certificateId],
    );
    await http().get(`/api/v1/incubator/volunteers/certificates/verify/${cert.code}`).expect(404);

    // a team's organisers certify what their team recorded; not another team's volunteer hours
    const byTeam = await http()
      .post(`/api/v1/incubator/volunteers/${li}/certificates`)
      .set(s.as('leader-b'))
      .send({ teamId: teamB })
      .expect(201);
    expect(byTeam.body).toMatchObject({ minutes: 100, recordingUnits: ['桂园居委会巡河小队'], teamId: teamB });
    await http()
      .post(`/api/v1/incubator/volunteers/${li}/certificates`)
      .set(s.as('leader-b'))
      .send({ teamId: teamA })
      .expect(403);
    await http()
      .post(`/api/v1/incubator/volunteers/${li}/certificates`)
      .set(s.as('vol-li'))
      .send({ from: '2027-01-01' })
      .expect(422);
    // issuing is audited: who, when, for whom
    const issuedList = (
      await http().get(`/api/v1/incubator/volunteers/certificates?volunteerId=${li}`).set(s.as('auditor')).expect(200)
    ).body;
    expect(issuedList.total).toBe(2);
    expect(issuedList.items.map((c: { issuedBy: { name: string } }) => c.issuedBy.name).sort()).toEqual([
      'leader-b',
      'vol-li',
    ]);
    await http().get('/api/v1/incubator/volunteers/certificates').set(s.as('vol-li')).expect(403);
  });

  it("exports a volunteer's record as CSV and XLSX with Chinese headings, to the volunteer and their keepers", async () => {
    const csv = await http()
      .get(`/api/v1/incubator/volunteers/${li}/record?format=csv`)
      .set(s.as('vol-li'))
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const rows = await readSpreadsheet(csv.body as Buffer, 'record.csv');
    expect(rows[0]).toEqual([
      '服务日期',
      '活动名称',
      '服务内容',
      '服务地点',
      '所在社区',
      '服务时长(分钟)',
      '服务时长(小时)',
      '记录团队',
      '所属组织',
      '负责人',
      '记录人',
      '记录时间',
      '逾期补录',
      '经更正',
    ]);
    expect(rows.slice(1).map((r) => [r[0], r[5], r[6]])).toEqual([
      ['2026-04-30', '120', '2.0'],
      ['2026-05-01', '150', '2.5'],
      ['2026-05-15', '100', '1.7'],
      ['2026-05-31', '90', '1.5'],
      ['2026-06-01', '90', '1.5'],
      ['2026-06-05', '180', '3.0'],
    ]);

    const xlsx = await http()
      .get(`/api/v1/incubator/volunteers/${wang}/record?from=2026-05-01&to=2026-06-30`)
      .set(s.as('community-secretary'))
      .buffer(true)
      .parse(binary)
      .expect(200);
    const sheet = (await loadWorkbook(xlsx.body as Buffer)).worksheets[0];
    expect(sheet.name).toBe('志愿服务记录');
    expect(rowText(sheet.getRow(1))[0]).toBe('服务日期');
    const data: string[][] = [];
    sheet.eachRow((row, n) => void (n > 1 && data.push(rowText(row))));
    expect(data.map((r) => [r[0], r[5], r[12], r[13]])).toEqual([
      ['2026-05-01', '150', '否', '否'],
      ['2026-05-31', '90', '否', '是'],
      ['2026-06-01', '45', '否', '否'],
      ['2026-06-05', '170', '是', '否'],
    ]);
    // not for another resident, nor for an organiser (they read the hours, they do not export the record)
    await http().get(`/api/v1/incubator/volunteers/${li}/record`).set(s.as('vol-wang')).expect(403);
    await http().get(`/api/v1/incubator/volunteers/${li}/record`).set(s.as('leader-a')).expect(403);
    await http().get(`/api/v1/incubator/volunteers/${li}/record?format=pdf`).set(s.as('vol-li')).expect(400);
  });
});
