import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DatabaseRegistry } from '@gz/platform';
import { createTestDatabase, testBusRoot, testEnv, TestClock, TestSession, type TestDatabase } from '@gz/testing';
import ExcelJS from 'exceljs';
import type { DataSource } from 'typeorm';
import { bootCouncils, buildingIn, compoundIn, ownerOf, subjectOf, unitIn } from './factories';

const csv = (rows: string[][]) => Buffer.from(rows.map((r) => r.join(',')).join('\n'), 'utf8');
const HEADER = ['楼栋', '房号', '登记面积', '测绘面积', '合同面积', '业主姓名', '联系电话', '开发商'];

describe("compounds, units and the owners' roll through the gateway", () => {
  let db: TestDatabase;
  let app: NestFastifyApplication;
  const s = new TestSession(() => app);
  const http = () => s.http();
  const councils = (): DataSource => app.get(DatabaseRegistry).get('councils');
  const events = async (type: string): Promise<Array<Record<string, unknown>>> =>
    (await councils().query(`SELECT envelope FROM "councils".outbox WHERE type = $1 ORDER BY id`, [type])).map(
      (r: { envelope: { data: Record<string, unknown> } }) => r.envelope.data,
    );

  beforeAll(async () => {
    db = await createTestDatabase();
    const env = testEnv({
      databaseUrl: db.url,
      busRoot: testBusRoot(),
      nats: false,
      extra: { RATE_LIMIT_PER_MINUTE: '100000' },
    });
    app = await bootCouncils(env, new TestClock('2026-05-12T08:00:00+08:00'));
    await s.signIn(
      'community-secretary',
      'street-admin',
      'street-admin-s02',
      'grid-worker',
      'resident',
      'property-manager',
      'owners-committee-member',
      'auditor',
    );
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it("registers a compound in a community of the org tree, with its property company and owners' committee", async () => {
    const c = await compoundIn(s, '湖光花园', { address: '湖光路1号' });
    expect(c).toMatchObject({
      street: 's01',
      communityPath: 'd01.s01.c01',
      name: '湖光花园',
      propertyCompany: { path: 'd01.s01.pm01', name: '安居物业' },
      ownersCommittee: { path: 'd01.s01.c01.oc01', name: '湖光花园业主委员会' },
      units: 0,
      owners: 0,
    });
    expect(await events('compound.created')).toEqual([
      expect.objectContaining({ compoundId: c.id, communityPath: 'd01.s01.c01', propertyCompanyPath: 'd01.s01.pm01' }),
    ]);
    // the same name twice in a community
    await http()
      .post('/api/v1/councils/compounds')
      .set(s.as('community-secretary'))
      .send({ communityPath: 'd01.s01.c01', name: '湖光花园' })
      .expect(409);
  });

  it('refuses places that are not in the tree or of the wrong kind, and callers outside the place', async () => {
    const post = (who: string, body: Record<string, unknown>) =>
      http()
        .post('/api/v1/councils/compounds')
        .set(s.as(who))
        .send({ name: '某小区', ...body });
    expect((await post('street-admin', { communityPath: 'd01.s01.c09' }).expect(422)).body.details).toMatchObject({
      field: 'communityPath',
    });
    expect(
      (
        await post('street-admin', { communityPath: 'd01.s01.c02', ownersCommitteePath: 'd01.s01.c01.oc01' }).expect(
          422,
        )
      ).body.details,
    ).toMatchObject({
      field: 'ownersCommitteePath',
    });
    expect(
      (await post('street-admin', { communityPath: 'd01.s01.c02', propertyCompanyPath: 'd01.s01.so01' }).expect(422))
        .body.details,
    ).toMatchObject({
      field: 'propertyCompanyPath',
    });
    await post('community-secretary', { communityPath: 'd01.s01.c02' }).expect(403);
    await post('street-admin-s02', { communityPath: 'd01.s01.c02' }).expect(403);
    await post('grid-worker', { communityPath: 'd01.s01.c01' }).expect(403);
    await post('street-admin', { communityPath: 'd01.s01' }).expect(400);
  });

  it('records units with all their areas and counts the registered, else surveyed, else contract area', async () => {
    const c = await compoundIn(s, '桂香苑');
    const b = await buildingIn(s, c.id, '1栋');
    const registered = await unitIn(s, c.id, b, '101', {
      registeredArea: 8975,
      surveyedArea: 9000,
      contractArea: 9100,
    });
    const surveyed = await unitIn(s, c.id, b, '102', { surveyedArea: 9000, contractArea: 9100 });
    const contract = await unitIn(s, c.id, b, '103', { contractArea: 9100, developerUnsold: true });
    expect([registered, surveyed, contract].map((u) => [u.area, u.areaSource])).toEqual([
      [8975, 'registered'],
      [9000, 'surveyed'],
      [9100, 'contract'],
    ]);
    expect(registered).toMatchObject({ registeredArea: 8975, surveyedArea: 9000, contractArea: 9100, building: '1栋' });
    expect(contract.developerUnsold).toBe(true);
    await http()
      .post(`/api/v1/councils/compounds/${c.id}/units`)
      .set(s.as('community-secretary'))
      .send({ buildingId: b, number: '104' })
      .expect(422);
    await http()
      .post(`/api/v1/councils/compounds/${c.id}/units`)
      .set(s.as('community-secretary'))
      .send({ buildingId: b, number: '101', contractArea: 100 })
      .expect(409);
    await http()
      .post(`/api/v1/councils/compounds/${c.id}/units`)
      .set(s.as('community-secretary'))
      .send({ buildingId: b, number: '105', contractArea: 12.5 })
      .expect(400);
    const view = (await http().get(`/api/v1/councils/compounds/${c.id}`).set(s.as('street-admin')).expect(200)).body;
    expect(view).toMatchObject({ buildings: 1, units: 3, totalArea: 8975 + 9000 + 9100 });
  });

  it('keeps owners of several units and joint owners, phones sealed and masked, edits with history and a version', async () => {
    const c = await compoundIn(s, '锦华苑');
    const b = await buildingIn(s, c.id, '2栋');
    const u1 = await unitIn(s, c.id, b, '201', { registeredArea: 10000 });
    const u2 = await unitIn(s, c.id, b, '202', { registeredArea: 12000 });
    const wang = await ownerOf(s, c.id, '王建国', [u1.id, u2.id], { phone: '13800001234' });
    const li = await ownerOf(s, c.id, '李秀英', [u2.id]);
    expect(wang).toMatchObject({
      name: '王建国',
      phoneMasked: '138****1234',
      developer: false,
      linked: false,
      version: 1,
    });
    expect(wang.units.map((u) => u.number)).toEqual(['201', '202']);
    const [{ phone_sealed }] = await councils().query(`SELECT phone_sealed FROM "councils".owner WHERE id = $1`, [
      wang.id,
    ]);
    expect(phone_sealed).not.toContain('13800001234');

    const units = (
      await http().get(`/api/v1/councils/compounds/${c.id}/units`).set(s.as('community-secretary')).expect(200)
    ).body;
    expect(
      units.items
        .find((u: { number: string }) => u.number === '202')
        .owners.map((o: { name: string }) => o.name)
        .sort(),
    ).toEqual(['李秀英', '王建国'].sort());

    // the developer is one owner
    const dev = await ownerOf(s, c.id, '锦华置业', [], { developer: true });
    expect(dev.developer).toBe(true);
    await http()
      .post(`/api/v1/councils/compounds/${c.id}/owners`)
      .set(s.as('community-secretary'))
      .send({ name: '另一开发商', developer: true, unitIds: [] })
      .expect(409);

    // edits: a stale version is 409, a change is in the history with the phone masked
    const patched = (
      await http()
        .patch(`/api/v1/councils/owners/${wang.id}`)
        .set(s.as('community-secretary'))
        .send({ version: 1, phone: '13900005678', unitIds: [u1.id] })
        .expect(200)
    ).body;
    expect(patched).toMatchObject({ version: 2, phoneMasked: '139****5678' });
    expect(patched.units.map((u: { number: string }) => u.number)).toEqual(['201']);
    const stale = await http()
      .patch(`/api/v1/councils/owners/${wang.id}`)
      .set(s.as('community-secretary'))
      .send({ version: 1, name: '王' })
      .expect(409);
    expect(stale.body.details).toMatchObject({ currentVersion: 2 });
    const history = (
      await http().get(`/api/v1/councils/owners/${wang.id}/changes`).set(s.as('community-secretary')).expect(200)
    ).body;
    expect(history.map((h: { change: string }) => h.change)).toEqual(['added', 'updated']);
    expect(history[1].fields).toEqual([
      { field: 'phone', from: '138****1234', to: '139****5678' },
      { field: 'units', from: '2', to: '1' },
    ]);
    expect(JSON.stringify(history)).not.toContain('13900005678');
    const changed = await events('owner_roll.changed');
    expect(changed.filter((e) => e.ownerId === wang.id).map((e) => e.change)).toEqual(['added', 'updated']);
    expect(JSON.stringify(changed)).not.toMatch(/1[38]9?\d{8}/);

    // the full phone only with a reason, audited; not for the owners' committee
    const revealed = (
      await http()
        .post(`/api/v1/councils/owners/${wang.id}/reveal`)
        .set(s.as('community-secretary'))
        .send({ reason: '通知业主大会' })
        .expect(200)
    ).body;
    expect(revealed).toEqual({ ownerId: wang.id, phone: '13900005678' });
    await http()
      .post(`/api/v1/councils/owners/${wang.id}/reveal`)
      .set(s.as('owners-committee-member'))
      .send({ reason: '通知业主大会' })
      .expect(403);
    const audit = await councils().query(`SELECT reader, reason FROM "councils".pii_access WHERE owner_id = $1`, [
      wang.id,
    ]);
    expect(audit).toEqual([{ reader: 'community-secretary', reason: '通知业主大会' }]);
    const reads = (await http().get(`/api/v1/councils/pii-access?ownerId=${wang.id}`).set(s.as('auditor')).expect(200))
      .body;
    expect(reads).toMatchObject({
      total: 1,
      items: [{ ownerId: wang.id, compoundId: c.id, reader: 'community-secretary', reason: '通知业主大会' }],
    });
    await http().get('/api/v1/councils/pii-access').set(s.as('community-secretary')).expect(403);

    // who reads the roll: its keepers and the owners' committee; the property company sees the compound, not the roll
    const roll = (
      await http().get(`/api/v1/councils/compounds/${c.id}/owners`).set(s.as('owners-committee-member')).expect(200)
    ).body;
    expect(roll.total).toBe(3);
    expect(roll.items[0]).toMatchObject({ developer: true });
    await http().get(`/api/v1/councils/compounds/${c.id}/owners`).set(s.as('property-manager')).expect(403);
    await http().get(`/api/v1/councils/compounds/${c.id}`).set(s.as('property-manager')).expect(200);
    await http().get(`/api/v1/councils/compounds/${c.id}/owners`).set(s.as('street-admin-s02')).expect(403);
    await http().get(`/api/v1/councils/compounds/${c.id}`).set(s.as('resident')).expect(403);
    void li;
  });

  it('imports a roll from CSV with a row report, all-or-nothing or valid rows, and a second import changes nothing', async () => {
    const c = await compoundIn(s, '东湖新村');
    const upload = (rows: string[][], mode?: string) => {
      const req = http().post(`/api/v1/councils/compounds/${c.id}/owners/import`).set(s.as('community-secretary'));
      if (mode) req.field('mode', mode);
      return req.attach('file', csv([HEADER, ...rows]), { filename: 'roll.csv', contentType: 'text/csv' });
    };
    const GOOD = [
      ['1栋', '101', '89.75', '', '', '张伟', '13700001111', ''],
      ['1栋', '102', '', '90.50', '', '张伟', '13700001111', ''],
      ['1栋', '102', '', '', '', '刘芳', '', ''],
      ['2栋', '201', '', '', '120', '东湖置业', '', '是'],
    ];
    const BAD = ['1栋', '', 'x', '', '', '', '', ''];

    const rejected = await upload([...GOOD, BAD]).expect(422);
    expect(rejected.body.details.import).toMatchObject({ status: 'rejected', rows: 5, valid: 0 });
    expect(rejected.body.details.import.problems.map((p: { row: number; field: string }) => [p.row, p.field])).toEqual([
      [6, '房号'],
      [6, '业主姓名'],
      [6, '登记面积'],
    ]);
    expect(
      (await http().get(`/api/v1/councils/compounds/${c.id}`).set(s.as('community-secretary')).expect(200)).body.units,
    ).toBe(0);

    const done = (await upload([...GOOD, BAD], 'valid-rows').expect(201)).body;
    expect(done).toMatchObject({
      status: 'done',
      rows: 5,
      valid: 4,
      refused: 1,
      ownersCreated: 3,
      unitsCreated: 3,
      buildingsCreated: 2,
      ownershipsAdded: 4,
    });
    const view = (await http().get(`/api/v1/councils/compounds/${c.id}`).set(s.as('community-secretary')).expect(200))
      .body;
    expect(view).toMatchObject({ buildings: 2, units: 3, owners: 3, totalArea: 8975 + 9050 + 12000 });
    const units = (
      await http().get(`/api/v1/councils/compounds/${c.id}/units`).set(s.as('community-secretary')).expect(200)
    ).body.items;
    expect(
      units.map((u: { number: string; areaSource: string; developerUnsold: boolean }) => [
        u.number,
        u.areaSource,
        u.developerUnsold,
      ]),
    ).toEqual([
      ['101', 'registered', false],
      ['102', 'surveyed', false],
      ['201', 'contract', true],
    ]);

    const again = (await upload(GOOD).expect(201)).body;
    expect(again).toMatchObject({ ownersCreated: 0, unitsCreated: 0, ownershipsAdded: 0 });
    const imported = await events('owner_roll.imported');
    expect(imported.filter((e) => e.compoundId === c.id)).toEqual([
      expect.objectContaining({
        ownersCreated: 3,
        unitsCreated: 3,
        ownershipsAdded: 4,
        refused: 1,
        mode: 'valid-rows',
      }),
    ]);

    // a unit on the roll given other areas is refused
    const other = (await upload([['1栋', '101', '70', '', '', '赵六', '', '']], 'valid-rows').expect(201)).body;
    expect(other).toMatchObject({ valid: 0, refused: 1 });
    // a missing column rejects the file whatever the mode
    const noColumn = await http()
      .post(`/api/v1/councils/compounds/${c.id}/owners/import`)
      .set(s.as('community-secretary'))
      .field('mode', 'valid-rows')
      .attach(
        'file',
        csv([
          ['楼栋', '业主姓名'],
          ['1栋', '王'],
        ]),
        { filename: 'roll.csv', contentType: 'text/csv' },
      )
      .expect(422);
    expect(noColumn.body.details.import.problems[0]).toMatchObject({ row: 1, field: '房号' });
    await upload(GOOD).set(s.as('grid-worker')).expect(403);
  });

  it('imports a roll from XLSX as well', async () => {
    const c = await compoundIn(s, '文昌花园');
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('业主名册');
    sheet.addRow(HEADER);
    sheet.addRow(['A座', '1001', 95.5, '', '', '周杰', '13600001111', '否']);
    sheet.addRow(['A座', '1002', '', '', 101, '周杰', '13600001111', '']);
    const file = Buffer.from(await workbook.xlsx.writeBuffer());
    const done = (
      await http()
        .post(`/api/v1/councils/compounds/${c.id}/owners/import`)
        .set(s.as('community-secretary'))
        .attach('file', file, { filename: 'roll.xlsx', contentType: 'application/octet-stream' })
        .expect(201)
    ).body;
    expect(done).toMatchObject({ status: 'done', valid: 2, ownersCreated: 1, unitsCreated: 2, ownershipsAdded: 2 });
    const owners = (
      await http().get(`/api/v1/councils/compounds/${c.id}/owners`).set(s.as('community-secretary')).expect(200)
    ).body;
    expect(owners.items).toEqual([
      expect.objectContaining({
        name: '周杰',
        phoneMasked: '136****1111',
        units: [
          expect.objectContaining({ number: '1001', area: 9550, areaSource: 'registered' }),
          expect.objectContaining({ number: '1002', area: 10100, areaSource: 'contract' }),
        ],
      }),
    ]);
  });

  it("links owners to residents' accounts: by the community, or by a one-time code the resident redeems", async () => {
    const c = await compoundIn(s, '西湖苑');
    const b = await buildingIn(s, c.id, '3栋');
    const u = await unitIn(s, c.id, b, '301', { contractArea: 8000 });
    const u2 = await unitIn(s, c.id, b, '302', { contractArea: 8100 });
    const owner = await ownerOf(s, c.id, '李明', [u.id]);
    await ownerOf(s, c.id, '邻居', [u2.id]);

    // before the link the resident sees nothing of the compound
    expect((await http().get('/api/v1/councils/ownership/mine').set(s.as('resident')).expect(200)).body).toEqual({
      compounds: [],
    });

    const code = (
      await http().post(`/api/v1/councils/owners/${owner.id}/link-code`).set(s.as('community-secretary')).expect(201)
    ).body;
    expect(code.code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    await http()
      .post('/api/v1/councils/ownership/redeem')
      .set(s.as('resident'))
      .send({ code: 'AAAA-BBBB' })
      .expect(422);
    const linked = (
      await http()
        .post('/api/v1/councils/ownership/redeem')
        .set(s.as('resident'))
        .send({ code: code.code.toLowerCase() })
        .expect(200)
    ).body;
    expect(linked).toMatchObject({ id: owner.id, linked: true });
    // a code is used once
    await http().post('/api/v1/councils/ownership/redeem').set(s.as('resident')).send({ code: code.code }).expect(422);

    const mine = (await http().get('/api/v1/councils/ownership/mine').set(s.as('resident')).expect(200)).body;
    expect(mine.compounds).toEqual([
      {
        compoundId: c.id,
        compound: '西湖苑',
        ownerId: owner.id,
        units: [expect.objectContaining({ number: '301', area: 8000, areaSource: 'contract' })],
      },
    ]);
    // the resident sees their compound's units, and among the owners only themself
    const units = (await http().get(`/api/v1/councils/compounds/${c.id}/units`).set(s.as('resident')).expect(200)).body
      .items;
    expect(units.map((x: { number: string; owners: unknown[] }) => [x.number, x.owners])).toEqual([
      ['301', [{ id: owner.id, name: '李明' }]],
      ['302', []],
    ]);
    await http().get(`/api/v1/councils/compounds/${c.id}/owners`).set(s.as('resident')).expect(403);
    await http().get(`/api/v1/councils/owners/${owner.id}`).set(s.as('resident')).expect(200);
    const list = (await http().get('/api/v1/councils/compounds').set(s.as('resident')).expect(200)).body;
    expect(list.items.map((x: { id: string }) => x.id)).toEqual([c.id]);

    // the community links another account directly; one account is one owner per compound
    const other = await ownerOf(s, c.id, '李明妻', []);
    const residentId = subjectOf(s.as('resident').authorization);
    await http()
      .post(`/api/v1/councils/owners/${other.id}/link`)
      .set(s.as('community-secretary'))
      .send({ userId: residentId })
      .expect(409);
    const gridWorkerId = subjectOf(s.as('grid-worker').authorization);
    const direct = (
      await http()
        .post(`/api/v1/councils/owners/${other.id}/link`)
        .set(s.as('community-secretary'))
        .send({ userId: gridWorkerId })
        .expect(200)
    ).body;
    expect(direct.linked).toBe(true);
    const history = (
      await http().get(`/api/v1/councils/owners/${owner.id}/changes`).set(s.as('community-secretary')).expect(200)
    ).body;
    expect(history.map((h: { change: string }) => h.change)).toEqual(['added', 'linked']);
  });

  it('lists compounds by place for staff', async () => {
    const street = (await http().get('/api/v1/councils/compounds?pageSize=100').set(s.as('street-admin')).expect(200))
      .body;
    expect(street.total).toBeGreaterThanOrEqual(5);
    expect((await http().get('/api/v1/councils/compounds').set(s.as('street-admin-s02')).expect(200)).body.total).toBe(
      0,
    );
    const pm = (await http().get('/api/v1/councils/compounds?pageSize=100').set(s.as('property-manager')).expect(200))
      .body;
    expect(pm.total).toBe(street.total);
  });
});
