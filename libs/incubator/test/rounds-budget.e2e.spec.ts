import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { IncubatorEvents, type OrganisationView, type RoundView } from '@gz/contracts';
import { createTestDatabase, testBusRoot, testEnv, TestClock, TestSession, type TestDatabase } from '@gz/testing';
import { bootIncubator, eventsOf, incubatorDb, organisationIn } from './factories';
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

/** Awards stay within a round's budget: one beyond what remains is refused, also when awards race. */
describe("awards within a round's budget, through the gateway", () => {
  let db: TestDatabase;
  let app: NestFastifyApplication;
  const clock = new TestClock('2026-05-12T08:00:00+08:00');
  const s = new TestSession(() => app);
  const http = () => s.http();
  let reviewer: string;
  const groups: OrganisationView[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    const env = testEnv({
      databaseUrl: db.url,
      busRoot: testBusRoot(),
      nats: false,
      extra: { RATE_LIMIT_PER_MINUTE: '100000' },
    });
    app = await bootIncubator(env, clock, 'rounds-budget-e2e');
    await s.signIn('district-admin', 'street-admin');
    [reviewer] = await createUsers(s, ['budget-reviewer']);
    await s.signIn('budget-reviewer');
    for (let i = 1; i <= 10; i++)
      groups.push(await organisationIn(s, `湖光居民小组${i}`, { legalStatus: i % 2 ? 'informal' : 'filed' }));
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  /**
   * A small-grants round (one sheet is enough) of `budgetFen`, one application of `amountFen` from
   * each of the first `n` groups, all scored by the one reviewer, its review closed: ready for awards.
   */
  async function roundReadyToAward(
    budgetFen: number,
    amountFen: number,
    n: number,
  ): Promise<{ round: RoundView; apps: string[] }> {
    const now = clock.now().getTime();
    let round = await roundIn(s, {
      track: 'small_grants',
      budgetFen,
      awardCapFen: 20_000,
      minScoreSheets: undefined,
      eligibility: { legalStatuses: ['filed', 'informal'] },
      opensAt: new Date(now).toISOString(),
      closesAt: new Date(now + 3_600_000).toISOString(),
      reviewBy: new Date(now + 7_200_000).toISOString(),
      criteria: [{ key: 'need', name: '居民需求', weight: 100 }],
    });
    await namePanel(s, round.id, [reviewer]);
    await stepRound(s, round.id, 'open');
    const apps: string[] = [];
    for (const g of groups.slice(0, n))
      apps.push(
        (
          await applyTo(
            s,
            round.id,
            applicationBody(g.id, amountFen, { milestones: [{ title: '完成', dueOn: '2026-09-30', shareBp: 10_000 }] }),
          )
        ).id,
      );
    clock.set(new Date(now + 3_600_001).toISOString());
    await stepRound(s, round.id, 'close-call');
    for (const id of apps) expectStatus(await score(s, id, 'budget-reviewer', [8], ['need']), 200);
    round = await stepRound(s, round.id, 'close-review');
    return { round, apps };
  }

  const award = (applicationId: string, body: Record<string, unknown> = {}) =>
    http().post(`/api/v1/incubator/applications/${applicationId}/award`).set(s.as('street-admin')).send(body);
  const remaining = async (roundId: string) =>
    ((await http().get(`/api/v1/incubator/rounds/${roundId}`).set(s.as('street-admin')).expect(200)).body as RoundView)
      .remainingFen;
  const awardedIn = async (roundId: string) =>
    (
      await incubatorDb(app).query(
        `SELECT count(*)::int AS n, coalesce(sum(awarded_fen), 0)::int AS fen FROM "incubator".round_application
          WHERE round_id = $1 AND status = 'awarded'`,
        [roundId],
      )
    )[0] as { n: number; fen: number };

  it('refuses an award beyond the remaining budget, naming what remains, and changes nothing', async () => {
    const { round, apps } = await roundReadyToAward(30_000, 20_000, 2);
    expectStatus(await award(apps[0]), 200);
    const events = (await eventsOf(app, IncubatorEvents.applicationAwarded)).length;
    const refused = await award(apps[1]);
    expect(refused.status).toBe(409);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.body.detail).toBe("The award of 20,000 fen exceeds the round's remaining budget of 10,000 fen");
    expect(refused.body.details).toMatchObject({ remainingFen: 10_000, amountFen: 20_000 });
    expect(await remaining(round.id)).toBe(10_000);
    expect(await awardedIn(round.id)).toEqual({ n: 1, fen: 20_000 });
    expect(await eventsOf(app, IncubatorEvents.applicationAwarded)).toHaveLength(events);
    const milestones = await incubatorDb(app).query(
      `SELECT count(*)::int AS n FROM "incubator".milestone WHERE application_id = $1`,
      [apps[1]],
    );
    expect(milestones[0].n).toBe(0);
    // what remains may still be awarded, to the fen
    const rest = expectStatus(await award(apps[1], { amountFen: 10_000 }), 200);
    expect(rest.body).toMatchObject({ amountFen: 10_000, roundRemainingFen: 0 });
    expect(await remaining(round.id)).toBe(0);
    // and the same application is not awarded twice
    expect((await award(apps[0])).status).toBe(409);
  });

  it('leaves exactly one of two concurrent awards that together exceed the budget, every time', async () => {
    for (let attempt = 0; attempt < 5; attempt++) {
      const { round, apps } = await roundReadyToAward(30_000, 20_000, 2);
      const answers = await Promise.all(apps.map((id) => award(id)));
      expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
      const loser = answers.find((r) => r.status === 409)!;
      expect(loser.body.details).toMatchObject({ remainingFen: 10_000 });
      expect(await remaining(round.id)).toBe(10_000);
      expect(await awardedIn(round.id)).toEqual({ n: 1, fen: 20_000 });
    }
  });

  it('takes exactly what the budget allows from ten concurrent awards', async () => {
    const { round, apps } = await roundReadyToAward(60_000, 20_000, 10);
    const answers = await Promise.all(apps.map((id) => award(id)));
    expect(answers.filter((r) => r.status === 200)).toHaveLength(3);
    expect(answers.filter((r) => r.status === 409)).toHaveLength(7);
    expect(await remaining(round.id)).toBe(0);
    expect(await awardedIn(round.id)).toEqual({ n: 3, fen: 60_000 });
    const [{ n }] = await incubatorDb(app).query(
      `SELECT count(*)::int AS n FROM "incubator".outbox WHERE type = $1 AND envelope->'data'->>'roundId' = $2`,
      [IncubatorEvents.applicationAwarded, round.id],
    );
    expect(n).toBe(3);
  });
});
