import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { CompoundView, RhythmScheduleView, TopicDetailView, TopicView } from '@gz/contracts';
import { DatabaseRegistry } from '@gz/platform';
import { createTestDatabase, testBusRoot, testEnv, TestClock, TestSession, type TestDatabase } from '@gz/testing';
import type { DataSource } from 'typeorm';
import {
  bootCouncilsWithTicketing,
  compoundIn,
  councilOf,
  linkedOwner,
  subjectOf,
  submittedTopic,
  triageTopic,
} from './factories';

describe('joint councils and topics from below through the gateway', () => {
  let db: TestDatabase;
  let app: NestFastifyApplication;
  const s = new TestSession(() => app);
  const http = () => s.http();
  const clock = new TestClock('2026-12-02T10:00:00+08:00');
  const councils = (): DataSource => app.get(DatabaseRegistry).get('councils');
  const events = async (type: string): Promise<Array<Record<string, unknown>>> =>
    (await councils().query(`SELECT envelope FROM "councils".outbox WHERE type = $1 ORDER BY id`, [type])).map(
      (r: { envelope: { data: Record<string, unknown> } }) => r.envelope.data,
    );
  const topicCount = async () =>
    Number((await councils().query(`SELECT count(*)::int AS n FROM "councils".topic`))[0].n);
  const sub = (who: string) => subjectOf(s.as(who).authorization);
  let tianxin: CompoundView;
  let hushan: CompoundView;

  beforeAll(async () => {
    db = await createTestDatabase();
    const env = testEnv({
      databaseUrl: db.url,
      busRoot: testBusRoot(),
      nats: false,
      extra: { RATE_LIMIT_PER_MINUTE: '100000' },
    });
    app = await bootCouncilsWithTicketing(env, clock);
    await s.signIn(
      'community-secretary',
      'street-admin-s02',
      'resident',
      'owners-committee-member',
      'property-manager',
      'grid-worker',
    );
    tianxin = await compoundIn(s, '天馨花园');
    hushan = await compoundIn(s, '湖山路小区');
    await linkedOwner(s, tianxin.id, 'resident', '1-101');
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('sets up a joint council with members from every side, each with a role, and shows what its rhythm owes', async () => {
    const council = await councilOf(
      s,
      tianxin.id,
      [
        { side: 'party_organisation', role: 'convenor', name: '社区党委书记' },
        { side: 'residents_committee', role: 'liaison', userId: sub('community-secretary') },
        { side: 'owners_committee', role: 'agenda_collector', userId: sub('owners-committee-member') },
        { side: 'property_company', role: 'member', userId: sub('property-manager') },
        { side: 'resident_representative', role: 'member', name: '楼栋代表老王' },
        { side: 'police', role: 'member', name: '社区民警' },
      ],
      { since: '2026-11-01' },
    );
    expect(council).toMatchObject({ compoundId: tianxin.id, since: '2026-11-01' });
    expect(council.members.map((m) => [m.side, m.role])).toEqual([
      ['party_organisation', 'convenor'],
      ['residents_committee', 'liaison'],
      ['owners_committee', 'agenda_collector'],
      ['property_company', 'member'],
      ['resident_representative', 'member'],
      ['police', 'member'],
    ]);
    // a tenant invited later
    await http()
      .post(`/api/v1/councils/compounds/${tianxin.id}/council/members`)
      .set(s.as('community-secretary'))
      .send({ side: 'tenant', role: 'member', name: '租户代表' })
      .expect(201);
    // one council per compound
    await http()
      .post(`/api/v1/councils/compounds/${tianxin.id}/council`)
      .set(s.as('community-secretary'))
      .send({ name: '又一个' })
      .expect(409);

    for (const [kind, heldOn] of [
      ['party_masses_council', '2026-12-01'],
      ['weekly_meeting', '2026-11-25'],
      ['daily_contact', '2026-12-02'],
    ])
      await http()
        .post(`/api/v1/councils/compounds/${tianxin.id}/council/rhythm`)
        .set(s.as('community-secretary'))
        .send({ kind, heldOn })
        .expect(201);
    // not before it is held
    await http()
      .post(`/api/v1/councils/compounds/${tianxin.id}/council/rhythm`)
      .set(s.as('community-secretary'))
      .send({ kind: 'weekly_meeting', heldOn: '2026-12-03' })
      .expect(422);

    const res = await http()
      .get(`/api/v1/councils/compounds/${tianxin.id}/council/schedule`)
      .set(s.as('resident'))
      .expect(200);
    const schedule = res.body as RhythmScheduleView;
    expect(schedule.asOf).toBe('2026-12-02');
    const byKind = new Map(schedule.items.map((i) => [i.kind, i]));
    expect(byKind.get('party_masses_council')?.status).toBe('held');
    expect(byKind.get('daily_contact')?.status).toBe('held');
    expect(byKind.get('weekly_meeting')).toMatchObject({ status: 'due', dueBy: '2026-12-06' });
    expect(byKind.get('monthly_consultation')).toMatchObject({ status: 'overdue', missedPeriods: 1 });
    expect(byKind.get('yearly_summary')).toMatchObject({ status: 'due', dueBy: '2026-12-31' });

    // the council of another compound is not there; a resident of neither compound sees nothing of it
    await http().get(`/api/v1/councils/compounds/${hushan.id}/council`).set(s.as('community-secretary')).expect(404);
    await http().get(`/api/v1/councils/compounds/${tianxin.id}/council`).set(s.as('street-admin-s02')).expect(404);
  });

  it('takes topics from residents and agenda collectors, with photos, and announces them', async () => {
    const mine = await submittedTopic(s, tianxin.id, 'resident', { photos: ['photo-0001-sidegate'] });
    expect(mine).toMatchObject({
      state: 'submitted',
      channel: 'resident',
      submittedBy: sub('resident'),
      photos: ['photo-0001-sidegate'],
      topicClass: null,
      urgent: false,
    });
    const collected = await submittedTopic(s, tianxin.id, 'owners-committee-member', {
      title: '电动车充电桩不够',
      raisedBy: '3号楼王阿姨',
    });
    expect(collected).toMatchObject({ channel: 'collector', raisedBy: '3号楼王阿姨' });
    expect(await events('topic.submitted')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ topicId: mine.id, channel: 'resident', photos: 1, communityPath: 'd01.s01.c01' }),
        expect.objectContaining({ topicId: collected.id, channel: 'collector' }),
      ]),
    );
    // a resident names nobody else; staff do not submit as residents
    await http()
      .post(`/api/v1/councils/compounds/${tianxin.id}/topics`)
      .set(s.as('resident'))
      .send({ title: '路灯', description: '路灯坏了', raisedBy: '别人' })
      .expect(422);
    await http()
      .post(`/api/v1/councils/compounds/${tianxin.id}/topics`)
      .set(s.as('community-secretary'))
      .send({ title: '路灯', description: '路灯坏了' })
      .expect(403);
  });

  it('triages: accepted and classed with its deadlines (urgent on the fast path, first in lists)', async () => {
    const minor = await submittedTopic(s, tianxin.id, 'resident', { title: '楼道堆物' });
    const urgent = await submittedTopic(s, tianxin.id, 'resident', { title: '消防通道被堵' });
    const m = (await triageTopic(s, minor.id, { outcome: 'accept', topicClass: 'minor' }).expect(200))
      .body as TopicView;
    const u = (await triageTopic(s, urgent.id, { outcome: 'accept', topicClass: 'urgent' }).expect(200))
      .body as TopicView;
    expect(u).toMatchObject({
      state: 'accepted',
      topicClass: 'urgent',
      urgent: true,
      deliberateBy: '2026-12-03T02:00:00.000Z',
      resolveBy: '2026-12-05T02:00:00.000Z',
    });
    expect(m).toMatchObject({ topicClass: 'minor', urgent: false, resolveBy: '2026-12-17T02:00:00.000Z' });
    expect(await events('topic.accepted')).toEqual(
      expect.arrayContaining([expect.objectContaining({ topicId: urgent.id, topicClass: 'urgent', urgent: true })]),
    );
    const list = await http()
      .get(`/api/v1/councils/compounds/${tianxin.id}/topics`)
      .set(s.as('community-secretary'))
      .expect(200);
    expect((list.body.items as TopicView[])[0].id).toBe(urgent.id);
    const accepted = await http()
      .get(`/api/v1/councils/compounds/${tianxin.id}/topics?state=accepted`)
      .set(s.as('community-secretary'))
      .expect(200);
    expect((accepted.body.items as TopicView[]).map((t) => t.id).sort()).toEqual([minor.id, urgent.id].sort());
    // triaged once
    await triageTopic(s, minor.id, { outcome: 'decline', reason: 'duplicate' }).expect(409);
    // a resident does not triage
    const other = await submittedTopic(s, tianxin.id, 'resident', { title: '绿化带' });
    await http()
      .post(`/api/v1/councils/topics/${other.id}/triage`)
      .set(s.as('resident'))
      .send({ outcome: 'accept', topicClass: 'minor' })
      .expect(403);
  });

  it('triages: merged into another topic of the compound, never into itself', async () => {
    const target = await submittedTopic(s, tianxin.id, 'resident', { title: '停车难' });
    const again = await submittedTopic(s, tianxin.id, 'owners-committee-member', { title: '车位不够' });
    await triageTopic(s, again.id, { outcome: 'merge', mergeInto: again.id }).expect(422);
    const elsewhere = await submittedTopic(s, tianxin.id, 'resident', { title: '别处' });
    const merged = (await triageTopic(s, again.id, { outcome: 'merge', mergeInto: target.id }).expect(200))
      .body as TopicView;
    expect(merged).toMatchObject({ state: 'merged', mergedInto: target.id });
    // into a topic merged away: refused
    await triageTopic(s, elsewhere.id, { outcome: 'merge', mergeInto: again.id }).expect(422);
    expect(await events('topic.merged')).toEqual([
      expect.objectContaining({ topicId: again.id, mergedInto: target.id }),
    ]);
  });

  it('triages: declined with a reason from the list (duplicate, already done, other with a note)', async () => {
    const a = await submittedTopic(s, tianxin.id, 'resident', { title: '重复的' });
    const b = await submittedTopic(s, tianxin.id, 'resident', { title: '已经修好' });
    const c = await submittedTopic(s, tianxin.id, 'resident', { title: '其他' });
    expect((await triageTopic(s, a.id, { outcome: 'decline', reason: 'duplicate' }).expect(200)).body).toMatchObject({
      state: 'declined',
      declineReason: 'duplicate',
    });
    await triageTopic(s, b.id, { outcome: 'decline', reason: 'already_done' }).expect(200);
    // other needs its note
    await triageTopic(s, c.id, { outcome: 'decline', reason: 'other' }).expect(400);
    expect(
      (await triageTopic(s, c.id, { outcome: 'decline', reason: 'other', note: '属于业主私事' }).expect(200)).body,
    ).toMatchObject({ declineReason: 'other', declineNote: '属于业主私事' });
    expect((await events('topic.declined')).map((e) => e.reason)).toEqual(['duplicate', 'already_done', 'other']);
  });

  it('declined as not ours: forwarded to ticketing as a ticket over the bus, the ticket kept on the topic', async () => {
    const t = await submittedTopic(s, tianxin.id, 'resident', {
      title: '小区外公厕化粪池满溢',
      description: '东门外公厕化粪池满溢，气味很大',
      photos: ['photo-0002-toilet'],
    });
    const forward = { categoryCode: 'C0302', location: { gridPath: 'd01.s01.c01.g01', address: '天馨花园东门外公厕' } };
    // a grid outside the compound's community
    await triageTopic(s, t.id, {
      outcome: 'decline',
      reason: 'not_ours',
      forward: { ...forward, location: { gridPath: 'd01.s02.c01.g01' } },
    }).expect(422);
    // a category ticketing does not know: refused there, nothing written here
    await triageTopic(s, t.id, {
      outcome: 'decline',
      reason: 'not_ours',
      forward: { ...forward, categoryCode: 'C9999' },
    }).expect(422);
    const declined = (await triageTopic(s, t.id, { outcome: 'decline', reason: 'not_ours', forward }).expect(200))
      .body as TopicView;
    expect(declined).toMatchObject({ state: 'declined', declineReason: 'not_ours' });
    expect(declined.ticketId).toEqual(expect.any(String));
    const ticket = await http()
      .get(`/api/v1/tickets/${declined.ticketId}`)
      .set(s.as('community-secretary'))
      .expect(200);
    expect(ticket.body).toMatchObject({
      source: 'resident',
      categoryCode: 'C0302',
      photos: ['photo-0002-toilet'],
    });
    expect(ticket.body.description).toContain('化粪池满溢');
    expect(ticket.body.reporter).toMatchObject({ kind: 'system', id: 'councils' });
    expect(await events('topic.declined')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ topicId: t.id, reason: 'not_ours', ticketId: declined.ticketId }),
      ]),
    );
  });

  it('lets a resident follow their own topics to the end, and see only their own compound’s', async () => {
    const res = await http().get('/api/v1/councils/topics/mine').set(s.as('resident')).expect(200);
    const mine = res.body.items as TopicDetailView[];
    expect(mine.length).toBeGreaterThan(5);
    expect(mine.every((t) => t.submittedBy === sub('resident'))).toBe(true);
    const urgent = mine.find((t) => t.title === '消防通道被堵');
    expect(urgent?.history.map((h) => h.kind)).toEqual(['topic.submitted', 'topic.accepted']);
    const one = await http().get(`/api/v1/councils/topics/${urgent?.id}`).set(s.as('resident')).expect(200);
    expect((one.body as TopicDetailView).history[1]).toMatchObject({
      state: 'accepted',
      detail: { topicClass: 'urgent' },
    });
    // their compound's list, yes; another compound's: not there for them
    await http().get(`/api/v1/councils/compounds/${tianxin.id}/topics`).set(s.as('resident')).expect(200);
    await http().get(`/api/v1/councils/compounds/${hushan.id}/topics`).set(s.as('resident')).expect(404);
    await http()
      .post(`/api/v1/councils/compounds/${hushan.id}/topics`)
      .set(s.as('resident'))
      .send({ title: '不是我的小区', description: '不是我的小区' })
      .expect(404);
    // staff of another street see nothing of the compound's topics
    await http().get(`/api/v1/councils/compounds/${tianxin.id}/topics`).set(s.as('street-admin-s02')).expect(404);
    await http().get(`/api/v1/councils/topics/${urgent?.id}`).set(s.as('street-admin-s02')).expect(404);
  });

  it('answers bad input with 400/422 problem+json and writes nothing', async () => {
    const before = await topicCount();
    const post = (body: Record<string, unknown>) =>
      http().post(`/api/v1/councils/compounds/${tianxin.id}/topics`).set(s.as('resident')).send(body);
    for (const body of [
      {},
      { title: 'x', description: '太短的标题' },
      { title: '标题', description: '描述', photos: ['bad ref!'] },
      { title: '标题', description: '描述', photos: Array.from({ length: 10 }, (_, i) => `photo-000${i}-xx`) },
      { title: 42, description: '描述' },
    ]) {
      const res = await post(body).expect(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    }
    await http()
      .post('/api/v1/councils/compounds/not-a-uuid/topics')
      .set(s.as('resident'))
      .send({ title: '标题', description: '描述' })
      .expect(400);
    expect(await topicCount()).toBe(before);

    const t = await submittedTopic(s, tianxin.id, 'resident', { title: '待分诊' });
    for (const body of [
      {},
      { outcome: 'maybe' },
      { outcome: 'accept' },
      { outcome: 'accept', topicClass: 'huge' },
      { outcome: 'merge' },
      { outcome: 'decline' },
      { outcome: 'decline', reason: 'because' },
      { outcome: 'decline', reason: 'not_ours' },
      {
        outcome: 'decline',
        reason: 'not_ours',
        forward: { categoryCode: 'C0302', location: { gridPath: 'not a path!' } },
      },
    ]) {
      const res = await triageTopic(s, t.id, body);
      if (res.status !== 400) throw new Error(`${JSON.stringify(body)}: ${res.status} ${JSON.stringify(res.body)}`);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    }
    await triageTopic(s, t.id, { outcome: 'merge', mergeInto: '00000000-0000-4000-8000-000000000000' }).expect(422);
    const still = await http().get(`/api/v1/councils/topics/${t.id}`).set(s.as('resident')).expect(200);
    expect(still.body).toMatchObject({ state: 'submitted', version: 1 });
    expect((still.body as TopicDetailView).history).toHaveLength(1);
    await http().get('/api/v1/councils/topics/00000000-0000-4000-8000-000000000000').set(s.as('resident')).expect(404);
    await http()
      .post(`/api/v1/councils/compounds/${tianxin.id}/council/rhythm`)
      .set(s.as('community-secretary'))
      .send({ kind: 'fortnightly', heldOn: '2026-12-01' })
      .expect(400);
    await http()
      .post(`/api/v1/councils/compounds/${tianxin.id}/council/members`)
      .set(s.as('community-secretary'))
      .send({ side: 'owners_committee', role: 'member' })
      .expect(400);
  });
});
