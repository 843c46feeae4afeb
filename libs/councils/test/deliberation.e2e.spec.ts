import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { MeetingView, ProcessView, StepView, TopicView, TrailView } from '@gz/contracts';
import { DatabaseRegistry } from '@gz/platform';
import { createTestDatabase, testBusRoot, testEnv, TestClock, TestSession, type TestDatabase } from '@gz/testing';
import type { DataSource } from 'typeorm';
import { StepOverduePoller } from '../src/jobs/step-overdue.poller';
import { assignStep, bootCouncils, completeStep, compoundIn, heldMeeting, linkedOwner, subjectOf } from './factories';

const HOUR = 3_600_000;

describe('the seven steps and meetings through the gateway (民情协商)', () => {
  let db: TestDatabase;
  let app: NestFastifyApplication;
  const clock = new TestClock('2026-12-01T08:00:00+08:00');
  const s = new TestSession(() => app);
  const http = () => s.http();
  const admin = () => s.as('community-secretary');
  const councils = (): DataSource => app.get(DatabaseRegistry).get('councils');
  const events = async (type: string): Promise<Array<Record<string, unknown>>> =>
    (await councils().query(`SELECT envelope FROM "councils".outbox WHERE type = $1 ORDER BY id`, [type])).map(
      (r: { envelope: { data: Record<string, unknown> } }) => r.envelope.data,
    );
  let compoundId: string;
  let secretaryId: string;
  let residentId: string;
  const later = (hours: number) => new Date(clock.now().getTime() + hours * HOUR).toISOString();

  /** A topic the resident submitted and the council accepted: its process has started. */
  async function acceptedTopic(title: string): Promise<string> {
    const sub = await http()
      .post(`/api/v1/councils/compounds/${compoundId}/topics`)
      .set(s.as('resident'))
      .send({ title, description: '小区西侧围墙离地铁站只有两百米，居民要绕行一公里' });
    if (sub.status !== 201) throw new Error(`submit: ${sub.status} ${JSON.stringify(sub.body)}`);
    const id = (sub.body as TopicView).id;
    await http()
      .post(`/api/v1/councils/topics/${id}/triage`)
      .set(admin())
      .send({ outcome: 'accept', topicClass: 'major_matter' })
      .expect(200);
    return id;
  }
  const steps = async (topicId: string) =>
    (await http().get(`/api/v1/councils/topics/${topicId}/steps`).set(admin()).expect(200)).body as ProcessView;
  /** Assigns and completes the steps from the next one to before `until` (null: all), in order (the notice with a 5-day notice). */
  async function doneUntil(topicId: string, until: string | null, attendees?: { id: string; role: string }[]) {
    const { steps: all, next } = await steps(topicId);
    for (const { step } of all.slice(all.findIndex((x) => x.step === next))) {
      if (step === until) return;
      await assignStep(s, topicId, step, secretaryId, later(24 * 30));
      if (step === 'deliberate') await heldMeeting(s, topicId, attendees ?? [{ id: secretaryId, role: '社区党委' }]);
      const body = step === 'notice' ? { notice: fiveDays } : {};
      const res = await completeStep(s, topicId, step, body);
      if (res.status !== 200) throw new Error(`${step}: ${res.status} ${JSON.stringify(res.body)}`);
    }
  }
  const fiveDays = {
    postedAt: '2026-12-02T09:00:00+08:00',
    meetingAt: '2026-12-07T09:00:00+08:00',
    removedAt: '2026-12-07T18:00:00+08:00',
    where: '小区公告栏',
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    const env = testEnv({
      databaseUrl: db.url,
      busRoot: testBusRoot(),
      nats: false,
      extra: { RATE_LIMIT_PER_MINUTE: '100000', STEP_OVERDUE_POLL_MS: '0' },
    });
    app = await bootCouncils(env, clock, 'deliberation-e2e');
    await s.signIn('community-secretary', 'street-admin-s02', 'resident', 'grid-worker');
    compoundId = (await compoundIn(s, '天馨花园')).id;
    await linkedOwner(s, compoundId, 'resident', '1');
    secretaryId = subjectOf(admin().authorization);
    residentId = subjectOf(s.as('resident').authorization);
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('starts seven steps when a topic is accepted; a step cannot be skipped or done twice (409 naming the next)', async () => {
    const topicId = await acceptedTopic('开设通往地铁站的侧门');
    const p = await steps(topicId);
    expect(p.next).toBe('list');
    expect(p.steps.map((x) => [x.ordinal, x.step, x.name])).toEqual([
      [1, 'list', '列出议题'],
      [2, 'theme', '确定主题'],
      [3, 'notice', '会前公告'],
      [4, 'deliberate', '开展协商'],
      [5, 'plan', '制定方案'],
      [6, 'implement', '运用实施'],
      [7, 'evaluate', '回访评估'],
    ]);
    expect(p.steps.find((x) => x.step === 'deliberate')!.deadline).not.toBeNull();

    const skipped = await completeStep(s, topicId, 'theme').expect(409);
    expect(skipped.headers['content-type']).toMatch(/problem\+json/);
    expect(JSON.stringify(skipped.body)).toContain('"next":"list"');
    // 定人 first
    await completeStep(s, topicId, 'list').expect(422);
    // bad input writes nothing
    await http().put(`/api/v1/councils/topics/${topicId}/steps/nope/owner`).set(admin()).send({}).expect(400);
    await http()
      .put(`/api/v1/councils/topics/${topicId}/steps/list/owner`)
      .set(admin())
      .send({ ownerId: secretaryId, deadline: 'tomorrow' })
      .expect(400);
    await http()
      .put(`/api/v1/councils/topics/${topicId}/steps/list/owner`)
      .set(admin())
      .send({ ownerId: secretaryId, deadline: '2026-11-01T00:00:00+08:00' })
      .expect(422);
    await completeStep(s, topicId, 'list', { record: '' }).expect(400);
    expect((await steps(topicId)).steps[0]).toMatchObject({ ownerId: null, record: null, completedAt: null });
    // only admins assign; residents read their compound's steps
    await http()
      .put(`/api/v1/councils/topics/${topicId}/steps/list/owner`)
      .set(s.as('resident'))
      .send({ ownerId: residentId, deadline: later(24) })
      .expect(403);
    await http().get(`/api/v1/councils/topics/${topicId}/steps`).set(s.as('resident')).expect(200);
    await http().get(`/api/v1/councils/topics/${topicId}/steps`).set(s.as('street-admin-s02')).expect(404);

    // the step's owner completes it (定人、定责、定时、定效)
    const assigned = await assignStep(s, topicId, 'list', residentId, later(24));
    expect(assigned).toMatchObject({ ownerId: residentId, duty: '负责list' });
    const done = await completeStep(s, topicId, 'list', { record: '居民议题已列入清单' }, 'resident').expect(200);
    expect(done.body as StepView).toMatchObject({
      step: 'list',
      record: '居民议题已列入清单',
      completedBy: residentId,
    });
    const twice = await completeStep(s, topicId, 'list').expect(409);
    expect(JSON.stringify(twice.body)).toContain('"next":"theme"');
    await assignStep(s, topicId, 'theme', secretaryId, later(24));
    await completeStep(s, topicId, 'theme', {}, 'resident').expect(403);
    await completeStep(s, topicId, 'theme').expect(200);
    expect((await steps(topicId)).next).toBe('notice');
    expect((await events('step.completed')).filter((e) => e.topicId === topicId)).toEqual([
      expect.objectContaining({ step: 'list', ordinal: 1, next: 'theme' }),
      expect.objectContaining({ step: 'theme', ordinal: 2, next: 'notice' }),
    ]);
  });

  it('refuses a notice up fewer than the minimum days before the meeting (422), records one long enough', async () => {
    const topicId = await acceptedTopic('小区停车位重新划线');
    await doneUntil(topicId, 'notice');
    await assignStep(s, topicId, 'notice', secretaryId, later(24 * 10));
    const short = await completeStep(s, topicId, 'notice', {
      notice: { ...fiveDays, meetingAt: '2026-12-05T09:00:00+08:00' },
    }).expect(422);
    expect(short.headers['content-type']).toMatch(/problem\+json/);
    expect(JSON.stringify(short.body)).toMatch(/at least 5 days/);
    await completeStep(s, topicId, 'notice').expect(422);
    await completeStep(s, topicId, 'notice', {
      notice: { ...fiveDays, removedAt: '2026-12-06T09:00:00+08:00' },
    }).expect(422);
    await completeStep(s, topicId, 'notice', { notice: { ...fiveDays, postedAt: 'soon' } }).expect(400);
    expect((await steps(topicId)).steps[2]).toMatchObject({ completedAt: null, notice: null });

    const ok = await completeStep(s, topicId, 'notice', { notice: fiveDays }).expect(200);
    expect((ok.body as StepView).notice).toEqual({
      postedAt: '2026-12-02T01:00:00.000Z',
      removedAt: '2026-12-07T10:00:00.000Z',
      meetingAt: '2026-12-07T01:00:00.000Z',
      daysBeforeMeeting: 5,
      where: '小区公告栏',
    });
  });

  it('keeps minutes drafted, confirmed by the attendees, then final and unchangeable (409)', async () => {
    const topicId = await acceptedTopic('加装电梯');
    const meeting = (body: Record<string, unknown>) =>
      http().post(`/api/v1/councils/topics/${topicId}/meetings`).set(admin()).send(body);
    const invited = [
      { id: secretaryId, role: '社区党委' },
      { id: residentId, role: '业主代表' },
      { id: '物业王经理', role: '物业公司' },
    ];
    const base = { kind: 'hearing', title: '加装电梯听证会', heldAt: '2026-12-09T14:00:00+08:00', invited };
    // a meeting belongs to the deliberate step
    expect(JSON.stringify((await meeting(base).expect(409)).body)).toContain('"next":"list"');
    await doneUntil(topicId, 'deliberate');
    await meeting({ ...base, kind: 'picnic' }).expect(400);
    const m = (await meeting(base).expect(201)).body as MeetingView;
    expect(m).toMatchObject({ step: 'deliberate', kind: 'hearing', minutesStatus: 'none' });
    // the deliberate step needs final minutes
    await assignStep(s, topicId, 'deliberate', secretaryId, later(24 * 10));
    await completeStep(s, topicId, 'deliberate').expect(422);

    const minutes = (body: Record<string, unknown>) =>
      http().put(`/api/v1/councils/meetings/${m.id}/minutes`).set(admin()).send(body);
    const confirm = (who: string, attendeeId: string) =>
      http().post(`/api/v1/councils/meetings/${m.id}/confirmations`).set(s.as(who)).send({ attendeeId });
    await confirm('community-secretary', secretaryId).expect(409);
    await minutes({ present: ['路人甲'], minutes: '纪要', positions: [] }).expect(422);
    await minutes({
      present: [secretaryId, residentId],
      minutes: '纪要',
      positions: [{ attendeeId: '物业王经理', stand: 'for' }],
    }).expect(422);
    const draft = {
      present: [secretaryId, residentId, '物业王经理'],
      minutes: '业主代表担心噪音，物业承诺施工时间',
      positions: [
        { attendeeId: residentId, stand: 'conditional', statement: '限定施工时间' },
        { attendeeId: '物业王经理', stand: 'for' },
      ],
    };
    await minutes(draft).expect(200);
    await confirm('community-secretary', secretaryId).expect(200);
    // a change starts the confirmations over; meeting.held is published once
    const redrafted = (
      await minutes({ ...draft, present: [secretaryId, residentId], positions: draft.positions.slice(0, 1) }).expect(
        200,
      )
    ).body as MeetingView;
    expect(redrafted.attendees.every((a) => !a.confirmed)).toBe(true);
    expect((await events('meeting.held')).filter((e) => e.meetingId === m.id)).toEqual([
      expect.objectContaining({ topicId, kind: 'hearing', invited: 3, present: 3, positions: 2 }),
    ]);
    await http().post(`/api/v1/councils/meetings/${m.id}/final`).set(admin()).send({}).expect(409);
    await confirm('resident', secretaryId).expect(403);
    await confirm('resident', residentId).expect(200);
    await confirm('community-secretary', '物业王经理').expect(422);
    await confirm('community-secretary', secretaryId).expect(200);
    const final = (await http().post(`/api/v1/councils/meetings/${m.id}/final`).set(admin()).send({}).expect(200))
      .body as MeetingView;
    expect(final).toMatchObject({ minutesStatus: 'final', minutes: '业主代表担心噪音，物业承诺施工时间' });
    expect(final.finalAt).not.toBeNull();

    // final: nothing changes
    const changed = await minutes({ ...draft, minutes: '改过的纪要' }).expect(409);
    expect(changed.headers['content-type']).toMatch(/problem\+json/);
    await confirm('resident', residentId).expect(409);
    await http().post(`/api/v1/councils/meetings/${m.id}/final`).set(admin()).send({}).expect(409);
    const read = (await http().get(`/api/v1/councils/meetings/${m.id}`).set(s.as('resident')).expect(200))
      .body as MeetingView;
    expect(read.minutes).toBe('业主代表担心噪音，物业承诺施工时间');
    await completeStep(s, topicId, 'deliberate').expect(200);
  });

  it('reads the whole trail of a topic in one call: steps, meetings and linked votes, in order; the evaluation resolves it', async () => {
    const topicId = await acceptedTopic('开设通往地铁站的侧门（第二次）');
    await doneUntil(topicId, 'implement', [
      { id: secretaryId, role: '社区党委' },
      { id: '派出所李警官', role: '派出所' },
    ]);
    const vote = await http()
      .post(`/api/v1/councils/compounds/${compoundId}/votes`)
      .set(admin())
      .send({ matter: 'rebuild_or_alter', title: '开设侧门', opensAt: later(1), closesAt: later(24 * 7) })
      .expect(201);
    await http()
      .post(`/api/v1/councils/topics/${topicId}/votes`)
      .set(admin())
      .send({ voteId: (vote.body as { id: string }).id })
      .expect(201);
    await http().post(`/api/v1/councils/topics/${topicId}/votes`).set(admin()).send({ voteId: 'x' }).expect(400);
    await doneUntil(topicId, null);

    const trail = (await http().get(`/api/v1/councils/topics/${topicId}/trail`).set(s.as('resident')).expect(200))
      .body as TrailView;
    expect(trail.next).toBeNull();
    expect(trail.steps.map((x) => x.step)).toEqual([
      'list',
      'theme',
      'notice',
      'deliberate',
      'plan',
      'implement',
      'evaluate',
    ]);
    expect(trail.steps.every((x) => x.completedAt !== null && x.record !== null && x.ownerId === secretaryId)).toBe(
      true,
    );
    expect(trail.steps[2].notice).toMatchObject({ daysBeforeMeeting: 5 });
    expect(trail.meetings).toHaveLength(1);
    expect(trail.meetings[0]).toMatchObject({
      minutesStatus: 'final',
      attendees: [{ role: '社区党委' }, { role: '派出所' }],
    });
    expect(trail.votes).toEqual([expect.objectContaining({ title: '开设侧门', status: 'scheduled' })]);
    const topic = (await http().get(`/api/v1/councils/topics/${topicId}`).set(s.as('resident')).expect(200))
      .body as TopicView;
    expect(topic.state).toBe('resolved');
    expect((await events('topic.resolved')).filter((e) => e.topicId === topicId)).toEqual([
      expect.objectContaining({ compoundId, evaluation: 'evaluate: 已完成' }),
    ]);
    await http().get(`/api/v1/councils/topics/${topicId}/trail`).set(s.as('street-admin-s02')).expect(404);
  });

  it('lists overdue steps for the community and publishes step.overdue once per step', async () => {
    const topicId = await acceptedTopic('垃圾分类亭选址');
    await assignStep(s, topicId, 'list', secretaryId, later(2));
    const overdue = () => http().get(`/api/v1/councils/compounds/${compoundId}/steps/overdue`).set(admin());
    const before = (await overdue().expect(200)).body as { items: StepView[] };
    expect(before.items.filter((x) => x.topicId === topicId)).toEqual([]);

    clock.set(later(3));
    const poller = app.get(StepOverduePoller);
    await poller.tick();
    await poller.tick();
    const listed = (await overdue().expect(200)).body as { items: StepView[]; total: number };
    expect(listed.items.filter((x) => x.topicId === topicId)).toEqual([
      expect.objectContaining({ step: 'list', ownerId: secretaryId, overdueAt: expect.any(String) }),
    ]);
    expect((await events('step.overdue')).filter((e) => e.topicId === topicId)).toEqual([
      expect.objectContaining({ step: 'list', ordinal: 1, ownerId: secretaryId }),
    ]);
    await overdue().set(s.as('resident')).expect(403);

    // done, it leaves the list
    await completeStep(s, topicId, 'list').expect(200);
    expect(
      ((await overdue().expect(200)).body as { items: StepView[] }).items.filter((x) => x.topicId === topicId),
    ).toEqual([]);
    await poller.tick();
    expect((await events('step.overdue')).filter((e) => e.topicId === topicId)).toHaveLength(1);
  });
});
