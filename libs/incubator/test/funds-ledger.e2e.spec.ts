import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { IncubatorEvents, type FundEntryView, type FundStatementView, type FundView } from '@gz/contracts';
import { loadWorkbook, readSpreadsheet } from '@gz/platform';
import { createTestDatabase, testBusRoot, testEnv, TestClock, TestSession, type TestDatabase } from '@gz/testing';
import { bootIncubator, eventsOf, incubatorDb } from './factories';
import { approvedSpending, donate, fundIn, usersIn } from './funds.factories';

const PHONE = '13912345678';

describe('community funds and micro-funds: the ledger, spending, the public statement, through the gateway', () => {
  let db: TestDatabase;
  let app: NestFastifyApplication;
  const clock = new TestClock('2026-04-28T10:00:00+08:00');
  const s = new TestSession(() => app);
  let fund: FundView;
  let managers: Map<string, string>;
  const url = (path = '') => `/api/v1/incubator/funds/${fund.id}${path}`;
  const count = async (table: string) =>
    (await incubatorDb(app).query(`SELECT count(*)::int AS n FROM "incubator".${table}`))[0].n as number;
  const balance = async () =>
    (await s.http().get(url()).set(s.as('community-secretary')).expect(200)).body.balanceFen as number;
  const statement = (from: string, to: string, as = 'resident') =>
    s
      .http()
      .get(url(`/statement?from=${from}&to=${to}`))
      .set(s.as(as));

  beforeAll(async () => {
    db = await createTestDatabase();
    const env = testEnv({
      databaseUrl: db.url,
      busRoot: testBusRoot(),
      nats: false,
      extra: { RATE_LIMIT_PER_MINUTE: '100000' },
    });
    app = await bootIncubator(env, clock, 'funds-ledger-e2e');
    await s.signIn(
      'district-admin',
      'street-admin',
      'street-admin-s02',
      'community-secretary',
      'auditor',
      'resident',
      'grid-worker',
    );
    managers = await usersIn(s, [
      { username: 'fund-manager-a', role: 'resident', scope: 'd01.s01.c01.g01' },
      { username: 'fund-manager-b', role: 'resident', scope: 'd01.s01.c01.g03' },
      { username: 'resident-c02', role: 'resident', scope: 'd01.s01.c02.g01' },
    ]);
    await s.signIn('fund-manager-a', 'fund-manager-b', 'resident-c02');
    fund = await fundIn(s, '湖光社区邻里微基金', [
      { userId: managers.get('fund-manager-a')!, name: '李桂芳' },
      { userId: managers.get('fund-manager-b')!, name: '张德明' },
    ]);
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('sets up a fund of a community, held by a charity, with its managers', async () => {
    expect(fund).toMatchObject({
      kind: 'micro_fund',
      placePath: 'd01.s01.c01',
      street: 's01',
      communityPath: 'd01.s01.c01',
      charity: '东湖街道社区发展基金会',
      balanceFen: 0,
      entries: 0,
    });
    expect(fund.managers.map((m) => m.name).sort()).toEqual(['张德明', '李桂芳']);
    // its residents and managers see it listed; another community's resident does not
    for (const who of ['resident', 'fund-manager-a', 'street-admin', 'auditor']) {
      const list = await s.http().get('/api/v1/incubator/funds').set(s.as(who)).expect(200);
      expect([who, list.body.items.map((f: FundView) => f.id)]).toEqual([who, [fund.id]]);
    }
    const other = await s.http().get('/api/v1/incubator/funds').set(s.as('resident-c02')).expect(200);
    expect(other.body.total).toBe(0);
    await s.http().get(url()).set(s.as('street-admin-s02')).expect(403);
    // a street-level community fund, set up by the street
    const street = await fundIn(
      s,
      '东湖街道社区基金',
      [{ userId: managers.get('fund-manager-a')!, name: '李桂芳' }],
      {
        kind: 'community_fund',
        placePath: 'd01.s01',
      },
      'street-admin',
    );
    expect(street).toMatchObject({ placePath: 'd01.s01', communityPath: null });
    await expect(
      fundIn(s, '湖光社区邻里微基金', [{ userId: managers.get('fund-manager-a')!, name: '李' }]),
    ).rejects.toThrow(/: 409 /);
    await expect(
      fundIn(s, '越界基金', [{ userId: managers.get('fund-manager-a')!, name: '李' }], { placePath: 'd01.s01.c02' }),
    ).rejects.toThrow(/: 403 /);
  });

  it('books donations in, the donor’s phone sealed, masked, revealed to keepers only with the read audited', async () => {
    const named = await donate(s, fund.id, 50_000, 'fund-manager-a', { donorPhone: PHONE, note: '定向用于楼道照明' });
    expect(named).toMatchObject({
      seq: 1,
      balanceAfterFen: 50_000,
      donorName: '王女士',
      donorPhoneMasked: '139****5678',
      day: '2026-04-28',
    });
    const anonymous = await donate(s, fund.id, 20_000, 'fund-manager-b', {
      donorName: undefined,
      anonymous: true,
      channel: 'cash',
    });
    expect(anonymous).toMatchObject({ seq: 2, balanceAfterFen: 70_000, donorName: null, anonymous: true });
    const [stored] = await incubatorDb(app).query(
      `SELECT donor_phone_sealed FROM "incubator".fund_entry WHERE id = $1`,
      [named.id],
    );
    expect(stored.donor_phone_sealed).not.toContain(PHONE);

    const events = await eventsOf(app, IncubatorEvents.fundDonationReceived);
    expect(events).toEqual([
      expect.objectContaining({
        fundId: fund.id,
        entryId: named.id,
        amountFen: 50_000,
        street: 's01',
        communityPath: 'd01.s01.c01',
        anonymous: false,
      }),
      expect.objectContaining({
        entryId: anonymous.id,
        amountFen: 20_000,
        channel: 'cash',
        anonymous: true,
        balanceAfterFen: 70_000,
      }),
    ]);
    expect(JSON.stringify(events)).not.toMatch(/王女士|13912345678|5678/);

    const ledger = await s.http().get(url('/entries')).set(s.as('auditor')).expect(200);
    expect(ledger.body.items.map((e: FundEntryView) => e.seq)).toEqual([2, 1]);
    expect(JSON.stringify(ledger.body)).not.toContain(PHONE);
    await s.http().get(url('/entries')).set(s.as('resident')).expect(403);

    await s
      .http()
      .post(url(`/entries/${named.id}/reveal`))
      .set(s.as('fund-manager-a'))
      .send({ reason: '开具捐赠票据' })
      .expect(403);
    await s
      .http()
      .post(url(`/entries/${named.id}/reveal`))
      .set(s.as('auditor'))
      .send({ reason: '开具捐赠票据' })
      .expect(403);
    const revealed = await s
      .http()
      .post(url(`/entries/${named.id}/reveal`))
      .set(s.as('community-secretary'))
      .send({ reason: '开具捐赠票据' })
      .expect(200);
    expect(revealed.body).toEqual({ entryId: named.id, phone: PHONE });
    const reads = await s
      .http()
      .get(`/api/v1/incubator/funds/pii-access?fundId=${fund.id}`)
      .set(s.as('auditor'))
      .expect(200);
    expect(reads.body.items).toEqual([
      expect.objectContaining({
        entryId: named.id,
        fundId: fund.id,
        field: 'donor_phone',
        reader: 'community-secretary',
        reason: '开具捐赠票据',
      }),
    ]);
    await s.http().get('/api/v1/incubator/funds/pii-access').set(s.as('community-secretary')).expect(403);
  });

  it('books a retried donation once when it carries the same Idempotency-Key', async () => {
    const before = await balance();
    const send = () =>
      s
        .http()
        .post(url('/donations'))
        .set(s.as('fund-manager-a'))
        .set('idempotency-key', 'donation-2026-04-28-001')
        .send({ donorName: '孙先生', amountFen: 1_000, channel: 'alipay', receivedOn: '2026-04-28' });
    const [first, second] = await Promise.all([send(), send()]);
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.body.id).toBe(first.body.id);
    expect((await send().expect(201)).body.id).toBe(first.body.id);
    expect(await balance()).toBe(before + 1_000);
    // the same key from someone else is their own request
    const other = await s
      .http()
      .post(url('/donations'))
      .set(s.as('fund-manager-b'))
      .set('idempotency-key', 'donation-2026-04-28-001')
      .send({ donorName: '孙先生', amountFen: 1_000, channel: 'alipay', receivedOn: '2026-04-28' })
      .expect(201);
    expect(other.body.id).not.toBe(first.body.id);
    await s
      .http()
      .post(url('/donations'))
      .set(s.as('fund-manager-a'))
      .set('idempotency-key', 'short')
      .send({})
      .expect(400);
    // both corrected, so the figures below stay as they were
    for (const id of [first.body.id, other.body.id])
      await s
        .http()
        .post(url(`/entries/${id}/reverse`))
        .set(s.as('community-secretary'))
        .send({ reason: '测试重复提交' })
        .expect(201);
    expect(await balance()).toBe(before);
  });

  it('has spending approved by someone other than its requester, paid, then published', async () => {
    const asked = await s
      .http()
      .post(url('/spending'))
      .set(s.as('fund-manager-a'))
      .send({ purpose: '3号楼楼道感应灯更换', payee: '东湖物业服务有限公司', amountFen: 30_000 })
      .expect(201);
    expect(asked.body).toMatchObject({ status: 'requested', requestedBy: 'fund-manager-a' });
    const own = await s
      .http()
      .post(`/api/v1/incubator/funds/spending/${asked.body.id}/approve`)
      .set(s.as('fund-manager-a'))
      .send({});
    expect(own.status).toBe(403);
    expect(own.headers['content-type']).toContain('application/problem+json');
    await s
      .http()
      .post(`/api/v1/incubator/funds/spending/${asked.body.id}/reject`)
      .set(s.as('fund-manager-a'))
      .send({ reason: '撤回申请' })
      .expect(403);
    await s
      .http()
      .post(`/api/v1/incubator/funds/spending/${asked.body.id}/approve`)
      .set(s.as('resident'))
      .send({})
      .expect(403);
    // not yet approved: not paid
    await s
      .http()
      .post(`/api/v1/incubator/funds/spending/${asked.body.id}/pay`)
      .set(s.as('fund-manager-b'))
      .send({})
      .expect(409);
    expect(await eventsOf(app, IncubatorEvents.fundSpendingPublished)).toEqual([]);

    const approved = await s
      .http()
      .post(`/api/v1/incubator/funds/spending/${asked.body.id}/approve`)
      .set(s.as('fund-manager-b'))
      .send({ note: '经基金管理小组审议同意' })
      .expect(200);
    expect(approved.body).toMatchObject({ status: 'approved', decidedBy: 'fund-manager-b' });
    // the database holds the four-eyes rule too
    await expect(
      incubatorDb(app).query(
        `INSERT INTO "incubator".fund_spending (id, fund_id, purpose, payee, amount_fen, status,
         requested_by, requested_by_id, requested_at, decided_by, decided_by_id, decided_at)
         VALUES ('00000000-0000-7000-8000-000000000001', $1, 'x', 'y', 1, 'approved', 'a', 'same', now(), 'a', 'same', now())`,
        [fund.id],
      ),
    ).rejects.toThrow(/fund_spending_four_eyes/);

    const paid = await s
      .http()
      .post(`/api/v1/incubator/funds/spending/${asked.body.id}/pay`)
      .set(s.as('fund-manager-a'))
      .send({ reference: '转账流水 0031' })
      .expect(200);
    expect(paid.body).toMatchObject({ status: 'paid', paidBy: 'fund-manager-a', reference: '转账流水 0031' });
    expect(paid.body.entryId).toEqual(expect.any(String));
    await s
      .http()
      .post(`/api/v1/incubator/funds/spending/${asked.body.id}/pay`)
      .set(s.as('fund-manager-a'))
      .send({})
      .expect(409);
    expect(await balance()).toBe(40_000);
    expect(await eventsOf(app, IncubatorEvents.fundSpendingPublished)).toEqual([
      expect.objectContaining({
        spendingId: asked.body.id,
        entryId: paid.body.entryId,
        amountFen: 30_000,
        purpose: '3号楼楼道感应灯更换',
        requestedBy: expect.objectContaining({ name: 'fund-manager-a' }),
        approvedBy: expect.objectContaining({ name: 'fund-manager-b' }),
        street: 's01',
        placePath: 'd01.s01.c01',
      }),
    ]);

    // more than the balance: refused, naming it, and nothing booked
    const big = await approvedSpending(s, fund.id, 40_001, 'fund-manager-b', 'fund-manager-a', '门禁系统改造');
    const refused = await s
      .http()
      .post(`/api/v1/incubator/funds/spending/${big.id}/pay`)
      .set(s.as('fund-manager-b'))
      .send({});
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toMatch(/balance is 40000 fen/);
    expect(refused.body.details).toMatchObject({ balanceFen: 40_000, neededFen: 40_001 });
    expect(await balance()).toBe(40_000);
    const still = await s.http().get(url('/spending?status=approved')).set(s.as('fund-manager-a')).expect(200);
    expect(still.body.items.map((x: { id: string }) => x.id)).toEqual([big.id]);
  });

  it('corrects an entry only with a reversing entry referring to it, once', async () => {
    const wrong = await donate(s, fund.id, 9_900, 'fund-manager-a', { donorName: '赵先生' });
    const reversal = await s
      .http()
      .post(url(`/entries/${wrong.id}/reverse`))
      .set(s.as('fund-manager-b'))
      .send({ reason: '金额录入错误' })
      .expect(201);
    expect(reversal.body).toMatchObject({
      kind: 'reversal',
      deltaFen: -9_900,
      reversesEntryId: wrong.id,
      reason: '金额录入错误',
      balanceAfterFen: 40_000,
    });
    await s
      .http()
      .post(url(`/entries/${wrong.id}/reverse`))
      .set(s.as('fund-manager-b'))
      .send({ reason: '再次冲正' })
      .expect(409);
    await s
      .http()
      .post(url(`/entries/${reversal.body.id}/reverse`))
      .set(s.as('fund-manager-b'))
      .send({ reason: '冲正的冲正' })
      .expect(422);
    await s
      .http()
      .post(url(`/entries/${wrong.id}/reverse`))
      .set(s.as('resident'))
      .send({ reason: '居民冲正' })
      .expect(403);
    const original = await s.http().get(url('/entries?kind=donation')).set(s.as('community-secretary')).expect(200);
    expect(original.body.items.find((e: FundEntryView) => e.id === wrong.id)).toMatchObject({
      reversedByEntryId: reversal.body.id,
      amountFen: 9_900,
    });
    expect(await eventsOf(app, IncubatorEvents.fundEntryReversed)).toContainEqual(
      expect.objectContaining({
        entryId: reversal.body.id,
        reversesEntryId: wrong.id,
        reversedKind: 'donation',
        deltaFen: -9_900,
        balanceAfterFen: 40_000,
      }),
    );
  });

  it('refuses UPDATE, DELETE and TRUNCATE of the ledger in the database', async () => {
    const ds = incubatorDb(app);
    const before = await ds.query(`SELECT id, amount_fen, delta_fen FROM "incubator".fund_entry ORDER BY id`);
    await expect(
      ds.query(`UPDATE "incubator".fund_entry SET amount_fen = 1, delta_fen = 1 WHERE kind = 'donation'`),
    ).rejects.toThrow(/fund_entry is append-only: UPDATE refused/);
    await expect(ds.query(`DELETE FROM "incubator".fund_entry`)).rejects.toThrow(/append-only: DELETE refused/);
    await expect(ds.query(`TRUNCATE "incubator".fund_entry CASCADE`)).rejects.toThrow(/append-only: TRUNCATE refused/);
    expect(await ds.query(`SELECT id, amount_fen, delta_fen FROM "incubator".fund_entry ORDER BY id`)).toEqual(before);
  });

  it('publishes a statement per period that adds up and matches the ledger, for the community’s residents', async () => {
    // May: a donation on the 5th, a spending on the 12th
    clock.set('2026-05-05T09:00:00+08:00');
    await donate(s, fund.id, 12_345, 'fund-manager-b', {
      donorName: '湖光花园业主',
      receivedOn: '2026-05-04',
      donorPhone: PHONE,
    });
    clock.set('2026-05-12T15:30:00+08:00');
    const sp = await approvedSpending(s, fund.id, 5_000, 'fund-manager-a', 'fund-manager-b', '困难家庭临时救助');
    await s
      .http()
      .post(`/api/v1/incubator/funds/spending/${sp.id}/pay`)
      .set(s.as('fund-manager-b'))
      .send({})
      .expect(200);

    const april = (await statement('2026-04-01', '2026-04-30').expect(200)).body as FundStatementView;
    expect(april).toMatchObject({
      openingBalanceFen: 0,
      donationsFen: 81_900, // two of them the retried donations, both reversed
      spendingFen: 30_000,
      correctionsFen: -11_900,
      closingBalanceFen: 40_000,
    });
    const may = (await statement('2026-05-01', '2026-05-31').expect(200)).body as FundStatementView;
    expect(may.openingBalanceFen).toBe(april.closingBalanceFen);
    expect(may.lines.map((l) => [l.kind, l.day, l.donor, l.purpose, l.inFen, l.outFen, l.balanceFen])).toEqual([
      ['donation', '2026-05-05', '湖光花园业主', null, 12_345, 0, 52_345],
      ['spending', '2026-05-12', null, '困难家庭临时救助', 0, 5_000, 47_345],
    ]);
    expect(may.closingBalanceFen).toBe(may.openingBalanceFen + may.donationsFen - may.spendingFen + may.correctionsFen);
    // the statement over everything matches the ledger entry by entry and the fund's balance
    const all = (await statement('2026-01-01', '2026-12-31', 'grid-worker').expect(200)).body as FundStatementView;
    const rows: Array<{ seq: number; balance_after_fen: string; delta_fen: string }> = await incubatorDb(app).query(
      `SELECT seq, balance_after_fen, delta_fen FROM "incubator".fund_entry WHERE fund_id = $1 ORDER BY seq`,
      [fund.id],
    );
    expect(all.lines.map((l) => [l.seq, l.balanceFen, l.inFen - l.outFen])).toEqual(
      rows.map((r) => [r.seq, Number(r.balance_after_fen), Number(r.delta_fen)]),
    );
    expect(all.closingBalanceFen).toBe(await balance());
    expect(all.closingBalanceFen).toBe(all.openingBalanceFen + all.donationsFen - all.spendingFen + all.correctionsFen);
    const anonymousLine = all.lines.find((l) => l.kind === 'donation' && l.donor === '匿名');
    expect(anonymousLine?.inFen).toBe(20_000);
    const zhao = all.lines.find((l) => l.kind === 'donation' && l.donor === '赵先生');
    expect(all.lines.filter((l) => l.kind === 'reversal' && l.reversesSeq === zhao?.seq)).toEqual([
      expect.objectContaining({ outFen: 9_900, reason: '金额录入错误' }),
    ]);
    expect(JSON.stringify(all)).not.toMatch(/13912345678|139\*\*\*\*5678/);

    await statement('2026-05-01', '2026-05-31', 'resident-c02').expect(403);
    await statement('2026-05-01', '2026-05-31', 'street-admin-s02').expect(403);
    await statement('2026-05-01', '2026-05-31', 'fund-manager-a').expect(200);
    await statement('2026-05-01', '2026-05-31', 'auditor').expect(200);
  });

  it('exports the statement as CSV and XLSX with Chinese headings', async () => {
    const csv = await s
      .http()
      .get(url('/statement/export?from=2026-05-01&to=2026-05-31&format=csv'))
      .set(s.as('resident'))
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toContain('fund-statement-2026-05-01-2026-05-31.csv');
    const cells = await readSpreadsheet(csv.body as Buffer, 'statement.csv');
    expect(cells[0]).toEqual([
      '序号',
      '入账日期',
      '类别',
      '捐赠人',
      '捐赠渠道',
      '用途',
      '收款方',
      '收入（元）',
      '支出（元）',
      '余额（元）',
      '备注',
    ]);
    expect(cells[1].slice(2, 3).concat(cells[1][9])).toEqual(['期初余额', '400.00']);
    expect(cells[2].slice(1, 10)).toEqual([
      '2026-05-05',
      '捐赠收入',
      '湖光花园业主',
      '微信支付',
      '',
      '',
      '123.45',
      '',
      '523.45',
    ]);
    expect(cells[3].slice(2, 10)).toEqual([
      '支出',
      '',
      '',
      '困难家庭临时救助',
      '东湖物业服务有限公司',
      '',
      '50.00',
      '473.45',
    ]);
    expect(cells.at(-1)!.slice(2, 3).concat(cells.at(-1)![9])).toEqual(['期末余额', '473.45']);
    expect((csv.body as Buffer).toString('utf8')).not.toContain('5678');

    const xlsx = await s
      .http()
      .get(url('/statement/export?from=2026-05-01&to=2026-05-31&format=xlsx'))
      .set(s.as('resident'))
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const sheet = (await loadWorkbook(xlsx.body as Buffer)).worksheets[0];
    expect(sheet.name).toBe('收支明细');
    expect(sheet.getRow(1).getCell(1).value).toBe('序号');
    expect(sheet.getRow(1).getCell(10).value).toBe('余额（元）');
    expect(sheet.getRow(3).getCell(8).value).toBe(123.45);
    expect(sheet.getRow(sheet.rowCount).getCell(3).value).toBe('期末余额');
    expect(sheet.getRow(sheet.rowCount).getCell(10).value).toBe(473.45);

    await s
      .http()
      .get(url('/statement/export?from=2026-05-01&to=2026-05-31&format=pdf'))
      .set(s.as('resident'))
      .expect(400);
    await s
      .http()
      .get(url('/statement/export?from=2026-05-01&to=2026-05-31&format=csv'))
      .set(s.as('resident-c02'))
      .expect(403);
  });

  it('refuses bad input with problem+json and writes nothing', async () => {
    const before = {
      entries: await count('fund_entry'),
      spending: await count('fund_spending'),
      funds: await count('fund'),
      balance: await balance(),
    };
    const valid = { donorName: '王女士', amountFen: 100, channel: 'cash', receivedOn: '2026-05-10' };
    const bad: Array<Record<string, unknown>> = [
      { amountFen: '100' },
      { amountFen: 0 },
      { amountFen: -100 },
      { amountFen: 1.5 },
      { amountFen: 1_000_000_000_001 },
      { channel: 'gold' },
      { receivedOn: '2026-13-01' },
      { donorPhone: '12345' },
      { anonymous: 'yes' },
      { extra: 1 },
    ];
    for (const extra of bad) {
      const res = await s
        .http()
        .post(url('/donations'))
        .set(s.as('fund-manager-a'))
        .send({ ...valid, ...extra });
      expect([res.status, extra]).toEqual([400, extra]);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    const rules: Array<Record<string, unknown>> = [
      { receivedOn: '2026-05-13' }, // after today (the clock says 12 May)
      { donorName: undefined }, // neither named nor anonymous
      { anonymous: true }, // anonymous, yet named
    ];
    for (const extra of rules) {
      const res = await s
        .http()
        .post(url('/donations'))
        .set(s.as('fund-manager-a'))
        .send({ ...valid, ...extra });
      expect([res.status, extra]).toEqual([422, extra]);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    await s.http().post(url('/donations')).set(s.as('resident')).send(valid).expect(403);
    for (const body of [
      { purpose: '', payee: 'x', amountFen: 1 },
      { purpose: 'x', payee: 'y', amountFen: 0 },
      { purpose: 'x', amountFen: 1 },
    ])
      await s.http().post(url('/spending')).set(s.as('fund-manager-a')).send(body).expect(400);
    await s.http().get(url('/statement?from=2026-05-31&to=2026-05-01')).set(s.as('resident')).expect(422);
    await s.http().get(url('/statement?from=2025-01-01&to=2026-05-01')).set(s.as('resident')).expect(422);
    await s.http().get(url('/statement?from=may')).set(s.as('resident')).expect(400);
    for (const body of [
      {
        kind: 'piggy_bank',
        name: 'x',
        placePath: 'd01.s01.c01',
        charity: 'c',
        managers: [{ userId: managers.get('fund-manager-a'), name: 'a' }],
      },
      { kind: 'micro_fund', name: 'x', placePath: 'd01.s01.c01', charity: 'c', managers: [] },
      {
        kind: 'micro_fund',
        name: 'x',
        placePath: 'd01.s01.c01.g01',
        charity: 'c',
        managers: [{ userId: managers.get('fund-manager-a'), name: 'a' }],
      },
    ])
      await s.http().post('/api/v1/incubator/funds').set(s.as('community-secretary')).send(body).expect(400);
    const twice = [
      { userId: managers.get('fund-manager-a'), name: 'a' },
      { userId: managers.get('fund-manager-a'), name: 'b' },
    ];
    await s
      .http()
      .post('/api/v1/incubator/funds')
      .set(s.as('community-secretary'))
      .send({ kind: 'micro_fund', name: 'x', placePath: 'd01.s01.c01', charity: 'c', managers: twice })
      .expect(422);
    await s
      .http()
      .post('/api/v1/incubator/funds')
      .set(s.as('district-admin'))
      .send({ kind: 'micro_fund', name: 'x', placePath: 'd01.s01.c09', charity: 'c', managers: twice.slice(0, 1) })
      .expect(422);
    expect({
      entries: await count('fund_entry'),
      spending: await count('fund_spending'),
      funds: await count('fund'),
      balance: await balance(),
    }).toEqual(before);
  });
});
