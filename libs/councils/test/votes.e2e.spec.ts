import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { BallotView, VoteTallyView, VoteView } from '@gz/contracts';
import {
  createTestDatabase,
  deleteTestStream,
  testBusRoot,
  testEnv,
  TestClock,
  TestSession,
  type TestDatabase,
} from '@gz/testing';
import {
  bootVotes,
  councilsDb,
  createResidents,
  rollFixture,
  voteTimers,
  type RollFixture,
} from './votes-fixtures';
import { subjectOf } from './factories';

const M2 = 100; // hundredths of a square metre

describe.each([
  ['the in-process bus', false],
  ['NATS', true],
])("owners' votes through the gateway (Civil Code art. 278) over %s", (_bus, nats) => {
  const root = testBusRoot();
  let db: TestDatabase;
  let app: NestFastifyApplication;
  const clock = new TestClock('2026-12-01T08:00:00+08:00');
  const s = new TestSession(() => app);
  let roll: RollFixture;
  const residents = ['owner-a', 'owner-b', 'owner-c', 'owner-d', 'owner-x'];

  const createVote = (body: Record<string, unknown>, who = 'community-secretary') =>
    s.http().post(`/api/v1/councils/compounds/${roll.compoundId}/votes`).set(s.as(who)).send(body);
  const cast = (voteId: string, who: string, body: Record<string, unknown>, key?: string) => {
    const req = s.http().post(`/api/v1/councils/votes/${voteId}/ballots`).set(s.as(who));
    if (key) req.set('idempotency-key', key);
    return req.send(body);
  };
  const tally = async (voteId: string, who = 'community-secretary') =>
    (await s.http().get(`/api/v1/councils/votes/${voteId}/tally`).set(s.as(who)).expect(200)).body as VoteTallyView;
  const vote = async (voteId: string) =>
    (await s.http().get(`/api/v1/councils/votes/${voteId}`).set(s.as('community-secretary')).expect(200))
      .body as VoteView;
  const owner = (name: string) => roll.owners.get(name) as string;
  const photo = 'ballot-photo-0001';
  const outbox = async (type: string) =>
    (await councilsDb(app).query(`SELECT envelope->'data' AS data FROM "councils".outbox WHERE type = $1 ORDER BY id`, [
      type,
    ])) as {
      data: Record<string, unknown>;
    }[];

  const DAY = 86_400_000;
  /** Schedules a vote opening in an hour and closing a week later, and lets the timer open it. */
  async function openVote(matter: string, title: string): Promise<VoteView> {
    const opensAt = new Date(clock.now().getTime() + 3_600_000);
    const res = await createVote({
      matter,
      title,
      opensAt: opensAt.toISOString(),
      closesAt: new Date(opensAt.getTime() + 7 * DAY).toISOString(),
    }).expect(201);
    expect(res.body).toMatchObject({ status: 'scheduled', matter, electorate: null });
    await voteTimers(app).tick();
    expect((await vote(res.body.id)).status).toBe('scheduled');
    clock.set(opensAt.toISOString());
    await voteTimers(app).tick();
    return vote(res.body.id);
  }

  /** Moves the clock to the vote's close and lets the timer close it. */
  async function closeVote(id: string): Promise<VoteView> {
    clock.set((await vote(id)).closesAt);
    await voteTimers(app).tick();
    return vote(id);
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    const env = testEnv({
      databaseUrl: db.url,
      busRoot: root,
      nats,
      extra: { VOTE_TIMER_POLL_MS: '0', VOTE_TALLY_CACHE_MS: '0', RATE_LIMIT_PER_MINUTE: '100000' },
    });
    app = await bootVotes(env, clock);
    await s.signIn('district-admin', 'community-secretary', 'grid-worker', 'street-admin-s02', 'resident');
    await createResidents(s, residents);
    await s.signIn(...residents);
    const id = (who: string) => subjectOf(s.token(who));
    // 5 electors, 800 m²: A holds three units (one person), B and C own 2-101 together (one person),
    // the developer's two unsold units count one person, D and E one unit each.
    roll = await rollFixture(councilsDb(app), {
      name: '天馨花苑',
      units: [
        { building: '1栋', number: '1-101', area: 100 * M2, owners: ['A'] },
        { building: '1栋', number: '1-102', area: 100 * M2, owners: ['A'] },
        { building: '1栋', number: '1-201', area: 100 * M2, owners: ['A'] },
        { building: '2栋', number: '2-101', area: 100 * M2, owners: ['B', 'C'] },
        { building: '2栋', number: '2-102', area: 100 * M2, owners: ['D'] },
        { building: '2栋', number: '2-201', area: 100 * M2, developerUnsold: true },
        { building: '2栋', number: '2-202', area: 100 * M2, developerUnsold: true },
        { building: '3栋', number: '3-101', area: 100 * M2, owners: ['E'] },
      ],
      links: { A: id('owner-a'), B: id('owner-b'), C: id('owner-c'), D: id('owner-d') },
    });
    // the grid worker convenes buildings 2 and 3 (楼栋长), entering their paper ballots
    for (const b of ['2栋', '3栋'])
      await s
        .http()
        .post(`/api/v1/councils/compounds/${roll.compoundId}/convenors`)
        .set(s.as('community-secretary'))
        .send({ userId: subjectOf(s.token('grid-worker')), buildingId: roll.buildings.get(b) })
        .expect(201);
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
    if (nats) await deleteTestStream(root);
  });

  it('passes a 3/4 vote on both area and headcount; counts each owner once; lists the non-voters; publishes the result', async () => {
    const v = await openVote('rebuild_or_alter', '开设通往地铁站的侧门');
    expect(v.status).toBe('open');
    // A's three units count one person, B+C one, the developer's unsold units one
    expect(v.electorate).toEqual({ areaHundredths: 800 * M2, headcount: 5 });

    // before anybody votes, a ballot for a scheduled vote elsewhere is refused (below); now A online
    const a = await cast(v.id, 'owner-a', { choice: 'for', channel: 'online' }, 'ballot-a-0001').expect(201);
    expect(a.body).toMatchObject({ choice: 'for', channel: 'online', areaHundredths: 300 * M2, created: true });
    // the same request again (a retry) is the same ballot, not a second one
    const again = await cast(v.id, 'owner-a', { choice: 'for', channel: 'online' }, 'ballot-a-0001').expect(201);
    expect(again.body).toMatchObject({ id: a.body.id, created: false });
    await cast(v.id, 'owner-b', { choice: 'for', channel: 'online' }).expect(201);
    // D's paper ballot, entered by the building convenor with its photo
    await cast(v.id, 'grid-worker', { choice: 'for', channel: 'paper', ownerId: owner('D'), photoId: photo }).expect(
      201,
    );
    // the developer's ballot at the meeting, entered by the secretary
    await cast(v.id, 'community-secretary', { choice: 'for', channel: 'meeting', ownerId: owner('developer') }).expect(
      201,
    );

    const live = await tally(v.id);
    expect(live).toMatchObject({ status: 'open', ballots: 4 });
    expect(live.count.participating).toMatchObject({ areaHundredths: 700 * M2, headcount: 4, met: true });
    // the owners read the live tally too
    expect((await tally(v.id, 'owner-d')).ballots).toBe(4);

    const closed = await closeVote(v.id);
    expect(closed.status).toBe('closed');
    expect(closed.result).toMatchObject({
      rule: 'three_quarters',
      passed: true,
      total: { areaHundredths: 800 * M2, headcount: 5 },
      participating: { areaHundredths: 700 * M2, headcount: 4, areaMet: true, headcountMet: true },
      approving: { areaHundredths: 700 * M2, headcount: 4, met: true },
    });
    const nonVoters = await s
      .http()
      .get(`/api/v1/councils/votes/${v.id}/non-voters`)
      .set(s.as('community-secretary'))
      .expect(200);
    expect(nonVoters.body).toMatchObject({
      total: 1,
      items: [{ ownerIds: [owner('E')], units: ['3栋 3-101'], areaHundredths: 100 * M2 }],
    });
    // an owner does not list who has not voted
    await s.http().get(`/api/v1/councils/votes/${v.id}/non-voters`).set(s.as('owner-a')).expect(403);

    // no ballot after the close, and the result stays as it was
    const late = await cast(v.id, 'owner-d', { choice: 'against', channel: 'online' }).expect(409);
    expect(late.headers['content-type']).toMatch(/application\/problem\+json/);
    expect((await tally(v.id)).ballots).toBe(4);
    // a late retry of a ballot cast in time answers that ballot
    const retried = await cast(v.id, 'owner-a', { choice: 'for', channel: 'online' }, 'ballot-a-0001').expect(201);
    expect(retried.body).toMatchObject({ id: a.body.id, created: false });

    const [opened] = await outbox('vote.opened');
    expect(opened.data).toMatchObject({ voteId: v.id, electorate: { areaHundredths: 800 * M2, headcount: 5 } });
    const [closedEvent] = await outbox('vote.closed');
    expect(closedEvent.data).toMatchObject({
      voteId: v.id,
      passed: true,
      ballots: 4,
      nonVoters: 1,
      participating: { areaHundredths: 700 * M2, headcount: 4, met: true },
      approving: { areaHundredths: 700 * M2, headcount: 4, met: true },
    });
    const castEvents = await outbox('ballot.cast');
    expect(castEvents).toHaveLength(4);
    // no personal data: no owner, no choice
    for (const e of castEvents) {
      expect(e.data).not.toHaveProperty('ownerId');
      expect(e.data).not.toHaveProperty('choice');
    }
    expect(JSON.stringify(castEvents)).not.toContain(owner('A'));
  });

  it('fails a vote that misses 2/3 participation by area though 2/3 of the owners take part; keeps the roll of its opening', async () => {
    const v = await openVote('elect_committee', '选举业主委员会');
    // the roll changes after the opening (a unit sold to F): the vote keeps the roll of its opening
    const ds = councilsDb(app);
    const [unit] = await ds.query(
      `INSERT INTO "councils".unit (id, compound_id, building_id, number, registered_area, area, area_source, created_at, updated_at)
       VALUES (gen_random_uuid(), $1, $2, '3-102', 50000, 50000, 'registered', now(), now()) RETURNING id`,
      [roll.compoundId, roll.buildings.get('3栋')],
    );
    const [f] = await ds.query(
      `INSERT INTO "councils".owner (id, compound_id, name, created_at, updated_at) VALUES (gen_random_uuid(), $1, 'F', now(), now()) RETURNING id`,
      [roll.compoundId],
    );
    await ds.query(`INSERT INTO "councils".ownership (unit_id, owner_id, since) VALUES ($1, $2, now())`, [
      unit.id,
      f.id,
    ]);
    await cast(v.id, 'grid-worker', { choice: 'for', channel: 'paper', ownerId: f.id, photoId: photo }).expect(422);
    expect((await vote(v.id)).electorate).toEqual({ areaHundredths: 800 * M2, headcount: 5 });
    // everyone but A (300 of 800 m²): 4 of 5 owners (≥ 2/3), 500 of 800 m² (< 2/3)
    await cast(v.id, 'owner-c', { choice: 'for', channel: 'online' }).expect(201);
    await cast(v.id, 'owner-d', { choice: 'for', channel: 'online' }).expect(201);
    await cast(v.id, 'grid-worker', { choice: 'for', channel: 'paper', ownerId: owner('E'), photoId: photo }).expect(
      201,
    );
    await cast(v.id, 'community-secretary', { choice: 'for', channel: 'meeting', ownerId: owner('developer') }).expect(
      201,
    );
    const closed = await closeVote(v.id);
    expect(closed.result).toMatchObject({
      rule: 'more_than_half',
      passed: false,
      participating: { areaHundredths: 500 * M2, headcount: 4, areaMet: false, headcountMet: true, met: false },
      approving: { met: true },
    });
  });

  it('refuses a second ballot from the same owner through another channel, and from a joint owner', async () => {
    const v = await openVote('management_statute', '修订管理规约');
    await cast(v.id, 'owner-d', { choice: 'for', channel: 'online' }).expect(201);
    const paper = await cast(v.id, 'grid-worker', {
      choice: 'against',
      channel: 'paper',
      ownerId: owner('D'),
      photoId: photo,
    }).expect(409);
    expect(paper.body).toMatchObject({ status: 409, code: 'conflict', details: { channel: 'online' } });
    await cast(v.id, 'owner-b', { choice: 'for', channel: 'online' }).expect(201);
    // C owns 2-101 with B: they count one, and have voted
    await cast(v.id, 'owner-c', { choice: 'against', channel: 'online' }).expect(409);
    const meeting = await cast(v.id, 'community-secretary', {
      choice: 'against',
      channel: 'meeting',
      ownerId: owner('B'),
    });
    expect(meeting.status).toBe(409);
    expect((await tally(v.id)).ballots).toBe(2);
    // who may enter what: a resident not on the roll, a convenor outside their buildings, a stranger
    await cast(v.id, 'owner-x', { choice: 'for', channel: 'online' }).expect(403);
    await cast(v.id, 'grid-worker', { choice: 'for', channel: 'paper', ownerId: owner('A'), photoId: photo }).expect(
      403,
    );
    await cast(v.id, 'owner-a', { choice: 'for', channel: 'meeting', ownerId: owner('A') }).expect(403);
    await s.http().get(`/api/v1/councils/votes/${v.id}/tally`).set(s.as('street-admin-s02')).expect(404);
    await closeVote(v.id);
  });

  it('keeps a correction of an entered paper ballot with who, when and why; none after the close', async () => {
    const v = await openVote('use_maintenance_funds', '使用维修资金更换电梯');
    const entered = (
      await cast(v.id, 'grid-worker', {
        choice: 'against',
        channel: 'paper',
        ownerId: owner('E'),
        photoId: photo,
      }).expect(201)
    ).body as BallotView;
    const online = (await cast(v.id, 'owner-d', { choice: 'for', channel: 'online' }).expect(201)).body as BallotView;
    const correct = (id: string, body: Record<string, unknown>, who = 'grid-worker') =>
      s.http().post(`/api/v1/councils/votes/${v.id}/ballots/${id}/corrections`).set(s.as(who)).send(body);

    const correctedAt = new Date(clock.now().getTime() + DAY).toISOString();
    clock.set(correctedAt);
    const fixed = await correct(entered.id, { choice: 'for', reason: '录入错误，纸质选票勾选同意', version: 1 }).expect(
      200,
    );
    expect(fixed.body).toMatchObject({
      choice: 'for',
      version: 2,
      corrections: [
        {
          from: 'against',
          to: 'for',
          reason: '录入错误，纸质选票勾选同意',
          by: subjectOf(s.token('grid-worker')),
          at: correctedAt,
        },
      ],
    });
    // a stale version, an online ballot (final once cast), a correction without a reason
    await correct(entered.id, { choice: 'against', reason: '再次更正', version: 1 }).expect(409);
    await correct(online.id, { choice: 'against', reason: '改主意', version: 1 }, 'community-secretary').expect(422);
    await correct(entered.id, { choice: 'against', version: 2 }).expect(400);
    expect((await tally(v.id)).count.approving).toMatchObject({ headcount: 2 });

    await closeVote(v.id);
    await correct(entered.id, { choice: 'against', reason: '截止后更正', version: 2 }).expect(409);
    const rows = await councilsDb(app).query(`SELECT count(*)::int AS n FROM "councils".ballot_correction`);
    expect(rows[0].n).toBe(1);
  });

  it('refuses bad input with problem+json and writes nothing', async () => {
    const before = await councilsDb(app).query(`SELECT count(*)::int AS n FROM "councils".vote`);
    const opensAt = new Date(clock.now().getTime() + DAY);
    const good = {
      matter: 'elect_committee',
      title: '选举',
      opensAt: opensAt.toISOString(),
      closesAt: new Date(opensAt.getTime() + DAY).toISOString(),
    };
    const unknownMatter = await createVote({ ...good, matter: 'sell_the_roof' }).expect(400);
    expect(unknownMatter.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(unknownMatter.body.details.fields).toHaveProperty('matter');
    await createVote({ ...good, extra: 1 }).expect(400);
    await createVote({ ...good, opensAt: 'tomorrow' }).expect(400);
    const backwards = await createVote({ ...good, closesAt: new Date(opensAt.getTime() - 1000).toISOString() }).expect(
      422,
    );
    expect(backwards.body).toMatchObject({ status: 422, code: 'unprocessable' });
    await createVote(good, 'owner-a').expect(403);
    const after = await councilsDb(app).query(`SELECT count(*)::int AS n FROM "councils".vote`);
    expect(after[0].n).toBe(before[0].n);

    // a scheduled vote takes no ballot yet; bad ballots write nothing either
    const scheduled = (await createVote(good).expect(201)).body as VoteView;
    await cast(scheduled.id, 'owner-a', { choice: 'for', channel: 'online' }).expect(409);
    await cast(scheduled.id, 'owner-a', { choice: 'maybe', channel: 'online' }).expect(400);
    await cast(scheduled.id, 'grid-worker', { choice: 'for', channel: 'paper', ownerId: owner('E') }).expect(400);
    await cast(scheduled.id, 'owner-a', { choice: 'for', channel: 'online' }, 'bad key!').expect(400);
    const ballots = await councilsDb(app).query(`SELECT count(*)::int AS n FROM "councils".ballot WHERE vote_id = $1`, [
      scheduled.id,
    ]);
    expect(ballots[0].n).toBe(0);
  });
});
