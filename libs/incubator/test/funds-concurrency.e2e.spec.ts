import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { IncubatorEvents } from '@gz/contracts';
import { createTestDatabase, testBusRoot, testEnv, TestClock, TestSession, type TestDatabase } from '@gz/testing';
import { bootIncubator, eventsOf, incubatorDb } from './factories';
import { approvedSpending, donate, fundIn, usersIn } from './funds.factories';

describe('a community fund under many concurrent payments, through the gateway', () => {
  let db: TestDatabase;
  let app: NestFastifyApplication;
  const s = new TestSession(() => app);

  beforeAll(async () => {
    db = await createTestDatabase();
    const env = testEnv({
      databaseUrl: db.url,
      busRoot: testBusRoot(),
      nats: false,
      // fifty payments at once queue for the database pool: on a loaded machine that takes longer than the tests' 3 s
      extra: { RATE_LIMIT_PER_MINUTE: '100000', BUS_REQUEST_TIMEOUT_MS: '30000' },
    });
    app = await bootIncubator(env, new TestClock('2026-05-12T10:00:00+08:00'), 'funds-concurrency-e2e');
    await s.signIn('district-admin', 'community-secretary');
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('pays exactly the 20 of 50 concurrent payments the balance affords and never goes below zero', async () => {
    const ids = await usersIn(s, [{ username: 'fund-keeper-b', role: 'resident', scope: 'd01.s01.c01.g02' }]);
    await s.signIn('fund-keeper-b');
    const fund = await fundIn(s, '湖光社区助老微基金', [{ userId: ids.get('fund-keeper-b')!, name: '钱桂英' }]);
    await donate(s, fund.id, 15_000, 'community-secretary');
    await donate(s, fund.id, 5_000, 'community-secretary', { anonymous: true, donorName: undefined });
    // 50 spendings of 10 yuan each, asked by the secretary and approved by the manager: 20 are affordable
    const spendings = [];
    for (let i = 0; i < 50; i++)
      spendings.push(
        await approvedSpending(s, fund.id, 1_000, 'community-secretary', 'fund-keeper-b', `慰问 ${i + 1}`),
      );

    const answers = await Promise.all(
      spendings.map((sp) =>
        s.http().post(`/api/v1/incubator/funds/spending/${sp.id}/pay`).set(s.as('community-secretary')).send({}),
      ),
    );
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((c) => c === 200)).toHaveLength(20);
    expect(statuses.filter((c) => c === 409)).toHaveLength(30);
    for (const refused of answers.filter((r) => r.status === 409)) {
      expect(refused.headers['content-type']).toContain('application/problem+json');
      expect(refused.body.detail ?? refused.body.message).toMatch(/balance is \d+ fen/);
    }

    const after = await s.http().get(`/api/v1/incubator/funds/${fund.id}`).set(s.as('community-secretary')).expect(200);
    expect(after.body.balanceFen).toBe(0);
    const ds = incubatorDb(app);
    const [ledger] = await ds.query(
      `SELECT count(*) FILTER (WHERE kind = 'spending')::int AS paid, sum(delta_fen)::bigint AS sum,
              min(balance_after_fen)::bigint AS lowest, count(DISTINCT seq)::int AS seqs, count(*)::int AS n
         FROM "incubator".fund_entry WHERE fund_id = $1`,
      [fund.id],
    );
    expect(ledger).toMatchObject({ paid: 20, sum: '0', seqs: 22, n: 22 });
    expect(Number(ledger.lowest)).toBeGreaterThanOrEqual(0);
    const [{ paid }] = await ds.query(
      `SELECT count(*)::int AS paid FROM "incubator".fund_spending WHERE fund_id = $1 AND status = 'paid'`,
      [fund.id],
    );
    expect(paid).toBe(20);
    // the refused are still approved, and may be paid once money comes in
    const unpaid = await s
      .http()
      .get(`/api/v1/incubator/funds/${fund.id}/spending?status=approved&pageSize=100`)
      .set(s.as('community-secretary'))
      .expect(200);
    expect(unpaid.body.total).toBe(30);
    expect(await eventsOf(app, IncubatorEvents.fundSpendingPublished)).toHaveLength(20);
  });
});
