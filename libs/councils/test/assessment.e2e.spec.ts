import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DatabaseRegistry } from '@gz/platform';
import { createTestDatabase, testBusRoot, testEnv, TestClock, TestSession, type TestDatabase } from '@gz/testing';
import type { DataSource } from 'typeorm';
import { bootCouncils, compoundIn, linkedOwner } from './factories';

const ALL = (n: number) => ({ cleaning: n, security: n, greening: n, repairs: n, service: n });
const SCORE = '/api/v1/councils/property-companies/d01.s01.pm01/scores/2026-Q2';

describe('property-company assessment through the gateway', () => {
  let db: TestDatabase;
  let app: NestFastifyApplication;
  const s = new TestSession(() => app);
  const http = () => s.http();
  const councils = (): DataSource => app.get(DatabaseRegistry).get('councils');
  const events = async (type: string): Promise<Array<Record<string, unknown>>> =>
    (await councils().query(`SELECT envelope FROM "councils".outbox WHERE type = $1 ORDER BY id`, [type])).map(
      (r: { envelope: { data: Record<string, unknown> } }) => r.envelope.data,
    );
  const ratings = async (): Promise<number> =>
    Number((await councils().query(`SELECT count(*) AS n FROM "councils".property_rating`))[0].n);
  let mine: string;
  let other: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    const env = testEnv({
      databaseUrl: db.url,
      busRoot: testBusRoot(),
      nats: false,
      extra: { RATE_LIMIT_PER_MINUTE: '100000' },
    });
    app = await bootCouncils(env, new TestClock('2026-05-12T08:00:00+08:00'), 'assessment-e2e');
    await s.signIn(
      'community-secretary',
      'street-admin',
      'street-admin-s02',
      'district-admin',
      'grid-worker',
      'resident',
      'property-manager',
      'owners-committee-member',
    );
    mine = (await compoundIn(s, '天馨花园')).id;
    other = (await compoundIn(s, '湖山路小区')).id;
    await linkedOwner(s, mine, 'resident', '1');
    await linkedOwner(s, other, 'grid-worker', '2');
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const rate = (who: string, compoundId: string, body: Record<string, unknown>) =>
    http().post(`/api/v1/councils/compounds/${compoundId}/property-ratings`).set(s.as(who)).send(body);

  it('takes one rating per resident of the compound per period, and one by the council', async () => {
    const res = await rate('resident', mine, {
      period: '2026-Q2',
      as: 'resident',
      ratings: ALL(5),
      comment: '保洁很好',
    }).expect(201);
    expect(res.body).toMatchObject({
      compoundId: mine,
      propertyCompanyPath: 'd01.s01.pm01',
      rater: 'resident',
      ratings: ALL(5),
    });
    await rate('resident', mine, { period: '2026-Q2', as: 'resident', ratings: ALL(1) }).expect(409);
    // another period is another rating
    await rate('resident', mine, { period: '2026-Q1', as: 'resident', ratings: ALL(2) }).expect(201);
    // not an owner of that compound, or not an owner at all
    await rate('resident', other, { period: '2026-Q2', as: 'resident', ratings: ALL(1) }).expect(403);
    await rate('property-manager', mine, { period: '2026-Q2', as: 'resident', ratings: ALL(5) }).expect(403);
    // the council is the owners' committee
    await rate('resident', mine, { period: '2026-Q2', as: 'council', ratings: ALL(5) }).expect(403);
    await rate('owners-committee-member', mine, { period: '2026-Q2', as: 'council', ratings: ALL(3) }).expect(201);
    await rate('owners-committee-member', mine, { period: '2026-Q2', as: 'council', ratings: ALL(4) }).expect(409);
    expect(await events('property_company.rated')).toEqual([
      expect.objectContaining({ compoundId: mine, period: '2026-Q2', rater: 'resident', ratings: ALL(5) }),
      expect.objectContaining({ period: '2026-Q1', rater: 'resident' }),
      expect.objectContaining({ period: '2026-Q2', rater: 'council', ratings: ALL(3) }),
    ]);
  });

  it('refuses bad ratings with 400 and writes nothing', async () => {
    const before = await ratings();
    for (const body of [
      { period: '2026-Q3', as: 'resident', ratings: { ...ALL(5), cleaning: 6 } },
      { period: '2026-Q3', as: 'resident', ratings: { ...ALL(5), security: 0 } },
      { period: '2026-Q3', as: 'resident', ratings: { cleaning: 5 } },
      { period: '2026-05', as: 'resident', ratings: ALL(5) },
      { period: '2026-Q3', as: 'landlord', ratings: ALL(5) },
      { period: '2026-Q3', as: 'resident' },
    ])
      expect((await rate('resident', mine, body).expect(400)).headers['content-type']).toContain(
        'application/problem+json',
      );
    await http()
      .post('/api/v1/councils/compounds/not-a-uuid/property-ratings')
      .set(s.as('resident'))
      .send({ period: '2026-Q3', as: 'resident', ratings: ALL(5) })
      .expect(400);
    expect(await ratings()).toBe(before);
  });

  it('takes the fee collection in fen from the company, with its exact rate', async () => {
    const post = (who: string, body: Record<string, unknown>) =>
      http().post(`/api/v1/councils/compounds/${mine}/fee-rates`).set(s.as(who)).send(body);
    const res = await post('property-manager', { period: '2026-Q2', dueFen: 1_000_000, collectedFen: 900_000 }).expect(
      201,
    );
    expect(res.body).toMatchObject({
      dueFen: 1_000_000,
      collectedFen: 900_000,
      rate: { fraction: '9/10', percent: 90 },
    });
    await post('property-manager', { period: '2026-Q2', dueFen: 100, collectedFen: 101 }).expect(422);
    await post('property-manager', { period: '2026-Q2', dueFen: 0, collectedFen: 0 }).expect(400);
    await post('property-manager', { period: '2026-Q2', dueFen: 1.5, collectedFen: 1 }).expect(400);
    await post('resident', { period: '2026-Q2', dueFen: 100, collectedFen: 100 }).expect(403);
    await post('street-admin-s02', { period: '2026-Q2', dueFen: 100, collectedFen: 100 }).expect(403);
    expect(await events('fee_rate.reported')).toEqual([
      expect.objectContaining({
        compoundId: mine,
        period: '2026-Q2',
        dueFen: 1_000_000,
        collectedFen: 900_000,
        rate: '9/10',
      }),
    ]);
  });

  it('scores the company per period with each part explained, by the district weights', async () => {
    const res = await http().get(SCORE).set(s.as('street-admin')).expect(200);
    // residents 1 (all 5) × 40 + council ½ (all 3) × 30 + fees 9/10 × 30 = 82
    expect(res.body).toMatchObject({
      propertyCompanyPath: 'd01.s01.pm01',
      period: '2026-Q2',
      score: 82,
      exact: { fraction: '41/50', percent: 82 },
      weights: { district: 'd01', configured: false, residents: 40, council: 30, feeRate: 30 },
      explanation: 'Score 82 of 100 = residents 40 + council 15 + feeRate 27',
    });
    expect(res.body.parts).toEqual([
      expect.objectContaining({
        part: 'residents',
        present: true,
        count: 1,
        points: 40,
        value: { fraction: '1/1', percent: 100 },
      }),
      expect.objectContaining({ part: 'council', present: true, count: 1, points: 15, aspectMeans: ALL(3) }),
      expect.objectContaining({
        part: 'feeRate',
        present: true,
        points: 27,
        explanation: expect.stringContaining('9/10 = 90%'),
      }),
    ]);
    // the company reads its own score; residents and other streets do not
    await http().get(SCORE).set(s.as('property-manager')).expect(200);
    await http().get(SCORE).set(s.as('resident')).expect(403);
    await http().get(SCORE).set(s.as('street-admin-s02')).expect(403);
    await http()
      .get('/api/v1/councils/property-companies/d01.s01.pm01/scores/2026-13')
      .set(s.as('street-admin'))
      .expect(400);
    // a period with nothing has no score
    const empty = (await http().get(SCORE.replace('2026-Q2', '2025-Q4')).set(s.as('street-admin')).expect(200)).body;
    expect(empty).toMatchObject({ score: null, exact: null });

    // the district admin sets the weights; the score follows
    const weights = { residents: 50, council: 0, feeRate: 50, aspects: ALL(1) };
    await http()
      .put('/api/v1/councils/districts/d01/assessment-weights')
      .set(s.as('street-admin'))
      .send(weights)
      .expect(403);
    await http()
      .put('/api/v1/councils/districts/d01/assessment-weights')
      .set(s.as('district-admin'))
      .send({ ...weights, residents: 0, feeRate: 0 })
      .expect(422);
    await http()
      .put('/api/v1/councils/districts/d01/assessment-weights')
      .set(s.as('district-admin'))
      .send({ ...weights, residents: -1 })
      .expect(400);
    const set = await http()
      .put('/api/v1/councils/districts/d01/assessment-weights')
      .set(s.as('district-admin'))
      .send(weights)
      .expect(200);
    expect(set.body).toMatchObject({ district: 'd01', configured: true, residents: 50 });
    expect(
      (await http().get('/api/v1/councils/districts/d01/assessment-weights').set(s.as('street-admin')).expect(200))
        .body,
    ).toMatchObject({ configured: true, feeRate: 50 });
    const after = (await http().get(SCORE).set(s.as('street-admin')).expect(200)).body;
    // 1 × 50/100 + 9/10 × 50/100 = 19/20
    expect(after).toMatchObject({ score: 95, exact: { fraction: '19/20' } });
  });
});
