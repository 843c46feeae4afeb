import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { IncubatorEvents, type DeliverableView, type ServiceContractDetailView } from '@gz/contracts';
import { createTestDatabase, testBusRoot, testEnv, TestClock, TestSession, type TestDatabase } from '@gz/testing';
import { bootIncubator, eventsOf, incubatorDb, organisationIn } from './factories';
import { contractWith } from './funds.factories';

describe('services purchased by government, through the gateway', () => {
  let db: TestDatabase;
  let app: NestFastifyApplication;
  const s = new TestSession(() => app);
  let organisationId: string;
  const count = async (table: string) =>
    (await incubatorDb(app).query(`SELECT count(*)::int AS n FROM "incubator".${table}`))[0].n as number;
  const deliverable = (c: ServiceContractDetailView, seq: number) => c.deliverables.find((d) => d.seq === seq)!;
  const act = (id: string, action: string, body: object, as = 'street-admin') =>
    s.http().post(`/api/v1/incubator/contracts/deliverables/${id}/${action}`).set(s.as(as)).send(body);
  const pay = (id: string, amountFen: number, as = 'street-admin') =>
    act(id, 'payments', { amountFen, paidOn: '2026-07-10', reference: '记账凭证2026-07-031' }, as);

  beforeAll(async () => {
    db = await createTestDatabase();
    const env = testEnv({
      databaseUrl: db.url,
      busRoot: testBusRoot(),
      nats: false,
      extra: { RATE_LIMIT_PER_MINUTE: '100000' },
    });
    app = await bootIncubator(env, new TestClock('2026-07-15T09:00:00+08:00'), 'purchased-services-e2e');
    await s.signIn('street-admin', 'street-admin-s02', 'district-admin', 'social-org-staff', 'auditor', 'resident');
    organisationId = (
      await organisationIn(s, '东湖邻里互助会', {
        legalStatus: 'registered',
        creditCode: '52510100MJ0000001X',
        orgPath: 'd01.s01.so01',
      })
    ).id;
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('signs a contract with service items, budget, period and deliverables, seen by both sides', async () => {
    const c = await contractWith(s, organisationId, { contractNo: 'DH-GM-2026-001' });
    expect(c).toMatchObject({
      buyerPath: 'd01.s01',
      street: 's01',
      organisationName: '东湖邻里互助会',
      budgetFen: 1_000_000,
      committedFen: 800_000,
      paidFen: 0,
      periodStart: '2026-04-01',
      periodEnd: '2026-12-31',
      serviceItems: [
        { name: '独居老人上门探访', quantity: 480, unit: '人次', description: null },
        { name: '助餐配送', quantity: null, unit: null, description: null },
      ],
    });
    expect(c.deliverables.map((d) => [d.seq, d.status, d.amountFen, d.dueOn])).toEqual([
      [1, 'pending', 300_000, '2026-06-30'],
      [2, 'pending', 500_000, '2026-09-30'],
    ]);
    const mine = await s.http().get('/api/v1/incubator/contracts').set(s.as('social-org-staff')).expect(200);
    expect(mine.body.items.map((i: { id: string }) => i.id)).toContain(c.id);
    await s.http().get(`/api/v1/incubator/contracts/${c.id}`).set(s.as('auditor')).expect(200);
    await s.http().get(`/api/v1/incubator/contracts/${c.id}`).set(s.as('street-admin-s02')).expect(403);
    const theirs = await s.http().get('/api/v1/incubator/contracts').set(s.as('street-admin-s02')).expect(200);
    expect(theirs.body.total).toBe(0);
    // the district buys from the same organisation too
    const district = await contractWith(
      s,
      organisationId,
      { buyerPath: 'd01', title: '全区社区治理培训' },
      'district-admin',
    );
    expect(district.buyerPath).toBe('d01');
    await expect(contractWith(s, organisationId, { contractNo: 'DH-GM-2026-001' })).rejects.toThrow(/: 409 /);
  });

  it('pays a deliverable only after the street accepted it, and never beyond its amount', async () => {
    const c = await contractWith(s, organisationId);
    const first = deliverable(c, 1);
    const refused = await pay(first.id, 100_000);
    expect(refused.status).toBe(409);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.body.detail).toMatch(/pending: it can be paid only once the buyer has accepted it/);

    // the organisation reports, the street returns it, the organisation reports again
    await act(first.id, 'report', { summary: '完成探访126人次' }, 'resident').expect(403);
    const reported = await act(
      first.id,
      'report',
      { summary: '完成探访126人次', attachments: ['file:visit-log-q2'] },
      'social-org-staff',
    ).expect(200);
    expect(reported.body).toMatchObject({ status: 'reported', reports: 1, reportedBy: 'social-org-staff' });
    expect((await pay(first.id, 100_000)).status).toBe(409);
    await act(first.id, 'accept', {}, 'social-org-staff').expect(403);
    await act(first.id, 'return', { reason: '缺少服务对象签字' }).expect(200);
    await act(first.id, 'accept', {}).expect(409);
    await act(first.id, 'report', { summary: '补充签字后的探访台账' }, 'social-org-staff').expect(200);
    const accepted = await act(first.id, 'accept', { note: '验收合格' }).expect(200);
    expect(accepted.body).toMatchObject({
      status: 'accepted',
      reports: 2,
      decisionNote: '验收合格',
      decidedBy: 'street-admin',
    });
    await act(first.id, 'report', { summary: '再报' }, 'social-org-staff').expect(409);
    expect(await eventsOf(app, IncubatorEvents.deliverableAccepted)).toContainEqual(
      expect.objectContaining({
        contractId: c.id,
        deliverableId: first.id,
        organisationId,
        street: 's01',
        communityPath: 'd01.s01.c01',
        buyerPath: 'd01.s01',
        amountFen: 300_000,
      }),
    );

    await pay(first.id, 100_000, 'social-org-staff').expect(403);
    const paid = await pay(first.id, 200_000).expect(201);
    expect(paid.body).toMatchObject({
      payment: { amountFen: 200_000, paidOn: '2026-07-10' },
      deliverable: { paidFen: 200_000 },
      contractPaidFen: 200_000,
    });
    const over = await pay(first.id, 100_001);
    expect(over.status).toBe(409);
    expect(over.body.details).toMatchObject({ remainingFen: 100_000 });
    // a retry with the same Idempotency-Key pays once, also when nothing is left to pay
    const retried = () =>
      s
        .http()
        .post(`/api/v1/incubator/contracts/deliverables/${first.id}/payments`)
        .set(s.as('street-admin'))
        .set('idempotency-key', 'pay-q2-final-0001')
        .send({ amountFen: 100_000, paidOn: '2026-07-10' });
    const once = await retried().expect(201);
    const again = await retried().expect(201);
    expect(again.body.payment.id).toBe(once.body.payment.id);
    expect(again.body).toMatchObject({ deliverable: { paidFen: 300_000 }, contractPaidFen: 300_000 });
    const future = await act(first.id, 'payments', { amountFen: 1, paidOn: '2026-07-16' });
    expect(future.status).toBe(422);
    const payments = await s
      .http()
      .get(`/api/v1/incubator/contracts/${c.id}/payments`)
      .set(s.as('social-org-staff'))
      .expect(200);
    expect(payments.body.items.map((p: { amountFen: number }) => p.amountFen)).toEqual([200_000, 100_000]);
    expect(await eventsOf(app, IncubatorEvents.deliverablePaid)).toContainEqual(
      expect.objectContaining({
        deliverableId: first.id,
        amountFen: 100_000,
        deliverablePaidFen: 300_000,
        contractPaidFen: 300_000,
      }),
    );
  });

  it('holds the deliverable and the budget under concurrent payments and additions', async () => {
    const c = await contractWith(s, organisationId);
    const second = deliverable(c, 2);
    await act(second.id, 'report', { summary: '第三季度报告' }, 'social-org-staff').expect(200);
    await act(second.id, 'accept', {}).expect(200);
    // ten payments of 1,000 yuan at once against a deliverable of 5,000 yuan
    const answers = await Promise.all(Array.from({ length: 10 }, () => pay(second.id, 100_000)));
    expect(answers.filter((r) => r.status === 201)).toHaveLength(5);
    expect(answers.filter((r) => r.status === 409)).toHaveLength(5);
    const after = (await s.http().get(`/api/v1/incubator/contracts/${c.id}`).set(s.as('street-admin')).expect(200))
      .body as ServiceContractDetailView;
    expect(after.paidFen).toBe(500_000);
    expect((after.deliverables.find((d: DeliverableView) => d.id === second.id) as DeliverableView).paidFen).toBe(
      500_000,
    );
    const [{ n, sum }] = await incubatorDb(app).query(
      `SELECT count(*)::int AS n, sum(amount_fen)::bigint AS sum FROM "incubator".service_payment WHERE contract_id = $1`,
      [c.id],
    );
    expect([n, sum]).toEqual([5, '500000']);

    // 2,000 yuan of the budget left uncommitted: two additions of 1,500 yuan at once leave one
    const add = () =>
      s
        .http()
        .post(`/api/v1/incubator/contracts/${c.id}/deliverables`)
        .set(s.as('street-admin'))
        .send({ deliverables: [{ title: '年度总结', dueOn: '2026-12-31', amountFen: 150_000 }] });
    const added = await Promise.all([add(), add()]);
    expect(added.map((r) => r.status).sort()).toEqual([201, 409]);
    const final = (await s.http().get(`/api/v1/incubator/contracts/${c.id}`).set(s.as('street-admin')).expect(200))
      .body as ServiceContractDetailView;
    expect(final.committedFen).toBe(950_000);
    expect(final.deliverables.map((d) => d.seq)).toEqual([1, 2, 3]);
  });

  it('refuses bad input with problem+json and writes nothing', async () => {
    const before = { contracts: await count('service_contract'), deliverables: await count('deliverable') };
    const valid = {
      organisationId,
      buyerPath: 'd01.s01',
      title: '服务',
      serviceItems: [{ name: '探访' }],
      budgetFen: 100_000,
      periodStart: '2026-04-01',
      periodEnd: '2026-12-31',
    };
    const bad: Array<Record<string, unknown>> = [
      { budgetFen: '100000' },
      { budgetFen: 0 },
      { budgetFen: 12.5 },
      { serviceItems: [] },
      { serviceItems: [{ name: '' }] },
      { periodStart: '2026-02-30' },
      { buyerPath: 'd01.s01.c01' },
      { organisationId: 'not-a-uuid' },
      { deliverables: [{ title: 'x', dueOn: '2026-06-30', amountFen: -5 }] },
      { unknown: true },
    ];
    for (const extra of bad) {
      const res = await s
        .http()
        .post('/api/v1/incubator/contracts')
        .set(s.as('street-admin'))
        .send({ ...valid, ...extra });
      expect([res.status, extra]).toEqual([400, extra]);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    const rules: Array<Record<string, unknown>> = [
      { periodEnd: '2026-03-31' },
      { deliverables: [{ title: 'x', dueOn: '2027-01-15', amountFen: 1 }] },
      {
        deliverables: [
          { title: 'x', dueOn: '2026-06-30', amountFen: 60_000 },
          { title: 'y', dueOn: '2026-07-30', amountFen: 40_001 },
        ],
      },
    ];
    for (const extra of rules) {
      const res = await s
        .http()
        .post('/api/v1/incubator/contracts')
        .set(s.as('street-admin'))
        .send({ ...valid, ...extra });
      expect([res.status, extra]).toEqual([422, extra]);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    // the district buys only for a street of the tree, from an organisation based there
    await s
      .http()
      .post('/api/v1/incubator/contracts')
      .set(s.as('district-admin'))
      .send({ ...valid, buyerPath: 'd01.s09' })
      .expect(422);
    await s
      .http()
      .post('/api/v1/incubator/contracts')
      .set(s.as('district-admin'))
      .send({ ...valid, buyerPath: 'd01.s02' })
      .expect(422);
    await s.http().post('/api/v1/incubator/contracts').set(s.as('street-admin-s02')).send(valid).expect(403);
    await s.http().post('/api/v1/incubator/contracts').set(s.as('auditor')).send(valid).expect(403);
    const c = await contractWith(s, organisationId);
    before.contracts += 1;
    before.deliverables += 2;
    const d = deliverable(c, 1);
    for (const body of [
      { amountFen: 0, paidOn: '2026-07-01' },
      { amountFen: 1 },
      { amountFen: 1, paidOn: 'yesterday' },
    ])
      await act(d.id, 'payments', body).expect(400);
    await act(d.id, 'report', { summary: '' }, 'social-org-staff').expect(400);
    await act(d.id, 'return', { reason: 'x' }).expect(400);
    await s
      .http()
      .post(`/api/v1/incubator/contracts/${c.id}/deliverables`)
      .set(s.as('street-admin'))
      .send({ deliverables: [{ title: '越期', dueOn: '2027-03-01', amountFen: 1 }] })
      .expect(422);
    expect({ contracts: await count('service_contract'), deliverables: await count('deliverable') }).toEqual(before);
    expect(await count('service_payment')).toBe(7);
    expect(
      (await s.http().get(`/api/v1/incubator/contracts/${c.id}`).set(s.as('street-admin'))).body.deliverables[0],
    ).toMatchObject({
      status: 'pending',
      paidFen: 0,
    });
  });
});
