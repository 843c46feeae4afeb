import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { ProcessView, StepView, TopicView, TrailView, VoteView } from '@gz/contracts';
import { DatabaseRegistry } from '@gz/platform';
import {
  createTestDatabase,
  eventually,
  testBusRoot,
  testEnv,
  TestClock,
  TestSession,
  type TestDatabase,
} from '@gz/testing';
import type { DataSource } from 'typeorm';
import { VoteTimerPoller } from '../src';
import {
  assignStep,
  bootCouncilsWithDispatch,
  buildingIn,
  completeStep,
  compoundIn,
  heldMeeting,
  ownerOf,
  subjectOf,
  submittedTopic,
  triageTopic,
  unitIn,
} from './factories';
import { createResidents } from './votes-fixtures';

/**
 * Baoshan, Yanghang: 天馨花园 (Tianxin Garden). Residents asked for a small gate on 红林路 so they
 * need not walk round the compound to the metro station; many owners objected that one more gate is
 * one more security risk. The residents' Party organisation called a hearing of the neighbourhood
 * committee, the owners' committee, the property company, the police and owners' representatives
 * (“四位一体”); the owners' committee then consulted the building convenors (幢召集人会议) on where
 * the money comes from, the gate's style, its opening hours and the access cards. In the end the
 * developer paid, the gate was opened, and nobody objected any more.
 *
 * Here the whole story runs through the gateway: the topic, its seven steps each with an owner and a
 * record, an owners' vote that passes on both area and headcount (Civil Code art. 278, a 3/4 matter),
 * the resolution on the compound's board, the gate task sent to ticketing and closed there, and the
 * follow-up evaluation (回访评估) that resolves the topic.
 */

const M2 = 100; // hundredths of a square metre
const HOUR = 3_600_000;
const GATE = { gridPath: 'd01.s01.c01.g01', building: '西侧围墙', address: '红林路天馨花园小门' };

describe('天馨花园: the 红林路 side gate toward the metro, end to end through the gateway', () => {
  let db: TestDatabase;
  let app: NestFastifyApplication;
  const clock = new TestClock('2026-12-01T08:00:00+08:00');
  const s = new TestSession(() => app);
  const http = () => s.http();
  const sec = () => s.as('community-secretary');
  const councils = (): DataSource => app.get(DatabaseRegistry).get('councils');
  const events = async (type: string): Promise<Array<Record<string, unknown>>> =>
    (await councils().query(`SELECT envelope FROM "councils".outbox WHERE type = $1 ORDER BY id`, [type])).map(
      (r: { envelope: { data: Record<string, unknown> } }) => r.envelope.data,
    );
  const later = (hours: number) => new Date(clock.now().getTime() + hours * HOUR).toISOString();
  const owners = ['tianxin-li', 'tianxin-wang', 'tianxin-zhao'];

  let compoundId: string;
  let secretaryId: string;
  let residentId: string;
  let gridWorkerId: string;
  /** owner ids by name */
  const roll = new Map<string, string>();

  beforeAll(async () => {
    db = await createTestDatabase();
    const env = testEnv({
      databaseUrl: db.url,
      busRoot: testBusRoot(),
      nats: false,
      extra: {
        RATE_LIMIT_PER_MINUTE: '100000',
        VOTE_TIMER_POLL_MS: '0',
        VOTE_TALLY_CACHE_MS: '0',
        STEP_OVERDUE_POLL_MS: '0',
      },
    });
    app = await bootCouncilsWithDispatch(env, clock);
    await s.signIn('district-admin', 'community-secretary', 'grid-worker', 'resident', 'command-operator');
    await createResidents(s, owners);
    await s.signIn(...owners);
    secretaryId = subjectOf(sec().authorization);
    residentId = subjectOf(s.as('resident').authorization);
    gridWorkerId = subjectOf(s.as('grid-worker').authorization);
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('builds the owners’ roll of 天馨花园 through the API: six owners, 600 m², four linked to resident accounts', async () => {
    compoundId = (await compoundIn(s, '天馨花园')).id;
    const b1 = await buildingIn(s, compoundId, '1号楼');
    const b2 = await buildingIn(s, compoundId, '2号楼');
    const units: [string, string, number, string, string | null][] = [
      [b1, '1-101', 100, '陈女士', 'resident'], // raised the topic
      [b1, '1-102', 100, '李先生', 'tianxin-li'],
      [b1, '1-201', 100, '王先生', 'tianxin-wang'],
      [b2, '2-101', 120, '赵女士', 'tianxin-zhao'], // worried about security, votes against
      [b2, '2-102', 80, '钱阿婆', null], // votes on paper through her building convenor
      [b2, '2-201', 100, '孙先生', null], // does not vote
    ];
    for (const [building, number, area, name, username] of units) {
      const unit = await unitIn(s, compoundId, building, number, { registeredArea: area * M2 });
      const owner = await ownerOf(s, compoundId, name, [unit.id]);
      roll.set(name, owner.id);
      if (username)
        await http()
          .post(`/api/v1/councils/owners/${owner.id}/link`)
          .set(sec())
          .send({ userId: subjectOf(s.as(username).authorization) })
          .expect(200);
    }
    // the grid worker is the convenor (楼栋长) of building 2 and enters its paper ballots
    await http()
      .post(`/api/v1/councils/compounds/${compoundId}/convenors`)
      .set(sec())
      .send({ userId: subjectOf(s.as('grid-worker').authorization), buildingId: b2 })
      .expect(201);
  });

  it('runs the topic through seven steps, a vote passing on area and headcount, a resolution, a ticket, and the evaluation', async () => {
    // -- a resident raises the topic; the community secretary accepts it as a major matter
    const submitted = await submittedTopic(s, compoundId, 'resident', {
      title: '开通红林路小门，方便居民通往地铁站',
      description: '小区西侧红林路离地铁站很近，居民要绕行一公里；希望开一扇小门',
    });
    expect(submitted).toMatchObject({ compoundId, state: 'submitted' });
    const accepted = await triageTopic(s, submitted.id, { outcome: 'accept', topicClass: 'major_matter' }).expect(200);
    expect((accepted.body as TopicView).state).toBe('accepted');
    const topicId = submitted.id;
    const process = async () =>
      (await http().get(`/api/v1/councils/topics/${topicId}/steps`).set(sec()).expect(200)).body as ProcessView;
    expect((await process()).next).toBe('list');

    const records: string[] = [];
    /** 定人、定责、定时 then 定效: the step's owner completes it with its record. */
    async function step(name: string, ownerId: string, who: string, record: string, body = {}): Promise<StepView> {
      const assigned = await assignStep(s, topicId, name, ownerId, later(30 * 24));
      expect(assigned).toMatchObject({ step: name, ownerId });
      const res = await completeStep(s, topicId, name, { record, ...body }, who);
      if (res.status !== 200) throw new Error(`${name}: ${res.status} ${JSON.stringify(res.body)}`);
      expect(res.body).toMatchObject({ step: name, ownerId, record, completedBy: ownerId });
      records.push(record);
      return res.body as StepView;
    }

    // 1 列出议题, 2 确定主题
    await step('list', residentId, 'resident', '居民陈女士提出开通红林路小门，列入议题清单');
    await step('theme', secretaryId, 'community-secretary', '主题：红林路小门开与不开、怎么开（安全与便利）');
    // 3 会前公告: five days on the notice board before the hearing
    const notice = await step('notice', secretaryId, 'community-secretary', '听证会公告已在小区公告栏张贴', {
      notice: {
        postedAt: '2026-12-02T09:00:00+08:00',
        meetingAt: '2026-12-07T09:00:00+08:00',
        removedAt: '2026-12-07T18:00:00+08:00',
        where: '小区公告栏',
      },
    });
    expect(notice.notice).toMatchObject({ daysBeforeMeeting: 5, where: '小区公告栏' });
    // 4 开展协商: the hearing of the “四位一体” parties, minutes final
    const hearing = await heldMeeting(
      s,
      topicId,
      [
        { id: secretaryId, role: '居民区党组织' },
        { id: '业委会主任周先生', role: '业委会' },
        { id: '物业吴经理', role: '物业公司' },
        { id: '派出所郑警官', role: '派出所' },
        { id: '业主代表赵女士', role: '业主代表' },
      ],
      'hearing',
    );
    expect(hearing).toMatchObject({ kind: 'hearing', minutesStatus: 'final' });
    await step('deliberate', secretaryId, 'community-secretary', '听证会：反对者担心安全，各方商定门禁与开放时间');
    // 5 制定方案: the building convenors' meeting settles money, style, hours and access cards
    await step(
      'plan',
      secretaryId,
      'community-secretary',
      '幢召集人会议：开发商出资；铁艺小门；6:00-22:00开放；凭门禁卡通行',
    );

    // -- the owners' vote on the plan (改建, a 3/4 matter), opened and closed by its timer
    const opensAt = later(1);
    const created = await http()
      .post(`/api/v1/councils/compounds/${compoundId}/votes`)
      .set(sec())
      .send({ matter: 'rebuild_or_alter', title: '开通红林路小门', opensAt, closesAt: later(1 + 7 * 24) })
      .expect(201);
    const voteId = (created.body as VoteView).id;
    await http().post(`/api/v1/councils/topics/${topicId}/votes`).set(sec()).send({ voteId }).expect(201);
    const vote = async () =>
      (await http().get(`/api/v1/councils/votes/${voteId}`).set(sec()).expect(200)).body as VoteView;
    const timers = app.get(VoteTimerPoller);
    clock.set(opensAt);
    await timers.tick();
    expect(await vote()).toMatchObject({
      status: 'open',
      electorate: { areaHundredths: 600 * M2, headcount: 6 },
    });
    const cast = (who: string, body: Record<string, unknown>) =>
      http().post(`/api/v1/councils/votes/${voteId}/ballots`).set(s.as(who)).send(body).expect(201);
    await cast('resident', { choice: 'for', channel: 'online' });
    await cast('tianxin-li', { choice: 'for', channel: 'online' });
    await cast('tianxin-wang', { choice: 'for', channel: 'online' });
    await cast('tianxin-zhao', { choice: 'against', channel: 'online' });
    await cast('grid-worker', {
      choice: 'for',
      channel: 'paper',
      ownerId: roll.get('钱阿婆'),
      photoId: 'ballot-photo-qian-2-102',
    });
    clock.set((await vote()).closesAt);
    await timers.tick();
    const closed = await vote();
    expect(closed.status).toBe('closed');
    // 500 of 600 m² and 5 of 6 owners take part (≥ 2/3); 380 of 500 m² (76%) and 4 of 5 owners approve (≥ 3/4)
    expect(closed.result).toMatchObject({
      rule: 'three_quarters',
      passed: true,
      total: { areaHundredths: 600 * M2, headcount: 6 },
      participating: { areaHundredths: 500 * M2, headcount: 5, areaMet: true, headcountMet: true, met: true },
      approving: { areaHundredths: 380 * M2, headcount: 4, areaMet: true, headcountMet: true, met: true },
      against: { areaHundredths: 120 * M2, headcount: 1 },
    });
    // 孙先生 did not vote
    const nonVoters = await http().get(`/api/v1/councils/votes/${voteId}/non-voters`).set(sec()).expect(200);
    expect(nonVoters.body).toMatchObject({
      total: 1,
      items: [{ ownerIds: [roll.get('孙先生')], units: ['2号楼 2-201'], areaHundredths: 100 * M2 }],
    });
    expect((await events('vote.closed')).filter((e) => e.voteId === voteId)).toEqual([
      expect.objectContaining({ passed: true, ballots: 5, nonVoters: 1 }),
    ]);

    // -- the resolution: the developer pays, the property company opens the gate
    const resolution = (
      await http()
        .post(`/api/v1/councils/topics/${topicId}/resolution`)
        .set(sec())
        .send({
          action: '开通红林路小门：开发商出资，铁艺门，6:00-22:00开放，凭门禁卡通行',
          implementer: '天馨花园物业',
          dueBy: later(60 * 24),
        })
        .expect(201)
    ).body as { id: string };
    const board = (
      await http().get(`/api/v1/councils/compounds/${compoundId}/board`).set(s.as('tianxin-li')).expect(200)
    ).body as { votes: unknown[]; resolutions: Array<{ id: string; topicId: string }> };
    expect(board.votes).toEqual([expect.objectContaining({ id: voteId, title: '开通红林路小门', passed: true })]);
    expect(board.resolutions).toEqual([expect.objectContaining({ id: resolution.id, topicId })]);

    // 6 运用实施: the gate task goes to ticketing and is done when its ticket closes
    const task = (
      await http()
        .post(`/api/v1/councils/resolutions/${resolution.id}/tasks`)
        .set(sec())
        .send({ title: '拆除西侧围墙一段并安装门禁小门', place: GATE })
        .expect(201)
    ).body as { id: string };
    const sent = (
      await http()
        .post(`/api/v1/councils/tasks/${task.id}/ticket`)
        .set(sec())
        .send({ categoryCode: 'E0603' })
        .expect(200)
    ).body as { state: string; ticketId: string };
    expect(sent).toMatchObject({ state: 'ticketed', ticketId: expect.any(String) });
    const ticketId = sent.ticketId;
    const ticket = (await http().get(`/api/v1/tickets/${ticketId}`).set(s.as('command-operator')).expect(200)).body;
    expect(ticket).toMatchObject({ location: expect.objectContaining({ gridPath: GATE.gridPath }) });
    const gw = s.as('grid-worker');
    await http().post(`/api/v1/tickets/${ticketId}/open`).set(gw).send({}).expect(200);
    await http()
      .post(`/api/v1/tickets/${ticketId}/handle`)
      .set(gw)
      .send({ result: '小门已安装，门禁已调试' })
      .expect(200);
    await http().post(`/api/v1/tickets/${ticketId}/check`).set(gw).send({ passed: true }).expect(200);
    await http().post(`/api/v1/tickets/${ticketId}/close`).set(gw).send({}).expect(200);
    const closedTicket = (await http().get(`/api/v1/tickets/${ticketId}`).set(s.as('command-operator')).expect(200))
      .body as { state: string };
    expect(closedTicket.state).toBe('closed');
    const done = await eventually(async () => {
      const r = (await http().get(`/api/v1/councils/resolutions/${resolution.id}`).set(sec()).expect(200)).body as {
        tasks: Array<{ id: string; state: string }>;
      };
      const t = r.tasks.find((x) => x.id === task.id);
      return t?.state === 'done' ? t : undefined;
    });
    expect(done).toMatchObject({ state: 'done', progress: 100, doneBy: 'ticket.closed', ticketId });
    expect((await events('task.done')).filter((e) => e.taskId === task.id)).toEqual([
      expect.objectContaining({ resolutionId: resolution.id, doneBy: 'ticket.closed', ticketId }),
    ]);
    await step('implement', gridWorkerId, 'grid-worker', '物业按决议施工，工单已结案，小门开通');

    // 7 回访评估: the follow-up visit closes the topic
    const evaluation = '回访：居民通行便利，门禁运行正常，无业主再反对';
    await step('evaluate', secretaryId, 'community-secretary', evaluation);
    const topic = (await http().get(`/api/v1/councils/topics/${topicId}`).set(s.as('resident')).expect(200))
      .body as TopicView;
    expect(topic.state).toBe('resolved');
    expect((await events('topic.resolved')).filter((e) => e.topicId === topicId)).toEqual([
      expect.objectContaining({ compoundId, evaluation }),
    ]);

    // the trail: all seven steps in order, each with its owner and record; the hearing; the vote
    const trail = (await http().get(`/api/v1/councils/topics/${topicId}/trail`).set(s.as('resident')).expect(200))
      .body as TrailView;
    expect(trail.next).toBeNull();
    expect(trail.steps.map((x) => [x.ordinal, x.step])).toEqual([
      [1, 'list'],
      [2, 'theme'],
      [3, 'notice'],
      [4, 'deliberate'],
      [5, 'plan'],
      [6, 'implement'],
      [7, 'evaluate'],
    ]);
    const owner = { list: residentId, implement: gridWorkerId } as Record<string, string>;
    for (const x of trail.steps)
      expect(x).toMatchObject({
        ownerId: owner[x.step] ?? secretaryId,
        completedBy: owner[x.step] ?? secretaryId,
        record: expect.any(String),
        completedAt: expect.any(String),
      });
    expect(trail.steps.map((x) => x.record)).toEqual(records);
    expect(trail.meetings).toEqual([expect.objectContaining({ id: hearing.id, minutesStatus: 'final' })]);
    expect(trail.votes).toEqual([expect.objectContaining({ id: voteId, status: 'closed' })]);
  });
});
