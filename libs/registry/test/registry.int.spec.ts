import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import {
  RegistryEvents,
  RegistryRoutes,
  type Actor,
  type BuildingView,
  type HouseholdView,
} from '@gz/contracts';
import { IdentityModule, seedDemoDistrict } from '@gz/identity';
import { BusClient, connectBus, DatabaseRegistry, newId, PlatformModule } from '@gz/platform';
import {
  busCaller,
  createTestDatabase,
  deleteTestStream,
  eventually,
  testBusRoot,
  testEnv,
  untilConnected,
  type TestDatabase,
} from '@gz/testing';
import { DataSource } from 'typeorm';
import { demoIdNumber, DEMO_BUILDINGS, makeIdNumber, RegistryModule, seedDemoRegistry } from '../src';

interface Harness {
  app: NestFastifyApplication;
  bus: BusClient;
  ds: DataSource;
  db: TestDatabase;
  root: string;
  env: NodeJS.ProcessEnv;
}

async function boot(nats: boolean): Promise<Harness> {
  const db = await createTestDatabase();
  const root = testBusRoot();
  const env = testEnv({ databaseUrl: db.url, busRoot: root, nats });
  const moduleRef = await Test.createTestingModule({
    // identity answers the registry's questions about the org tree (which grids exist)
    imports: [
      PlatformModule.forRoot({ app: 'test', env }),
      IdentityModule.forRoot({ env }),
      RegistryModule.forRoot({ env }),
    ],
  }).compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), { logger: false });
  await connectBus(app);
  await app.init();
  await untilConnected(app);
  const databases = app.get(DatabaseRegistry);
  await seedDemoDistrict(databases.get('identity'), 'Demo-Passw0rd!');
  return { app, bus: app.get(BusClient), ds: databases.get('registry'), db, root, env };
}

const user = (username: string, role: Actor['roles'][number], scope: string): Actor => ({
  kind: 'user',
  id: newId(),
  username,
  roles: [role],
  scopes: [scope],
});

const gridWorker = user('gw', 'grid_worker', 'd01.s01.c01.g01');
const otherGridWorker = user('gw-s02', 'grid_worker', 'd01.s02.c01.g01');
const secretary = user('sec', 'community_secretary', 'd01.s01.c01');
const streetAdmin = user('sa', 'street_admin', 'd01.s01');
const auditor = user('aud', 'auditor', 'd01');

describe.each([
  ['the in-process bus', false],
  ['NATS', true],
])('registry over %s', (_name, nats) => {
  let h: Harness;
  const { call, failure } = busCaller(() => h.bus);
  const count = async (sql: string, params: unknown[] = []) => Number((await h.ds.query(sql, params))[0].n);

  let building: BuildingView;
  let household: HouseholdView;
  let seeded: Awaited<ReturnType<typeof seedDemoRegistry>>;

  beforeAll(async () => {
    h = await boot(nats);
    seeded = await seedDemoRegistry(h.ds, h.env);
    building = await call(
      RegistryRoutes.buildingCreate,
      { gridPath: 'd01.s01.c01.g01', address: '测试路1号', units: 2, floors: 6 },
      gridWorker,
    );
    household = await call(
      RegistryRoutes.householdCreate,
      { buildingId: building.id, doorNumber: '1-101', unit: 1, floor: 1, type: 'family' },
      gridWorker,
    );
  });

  afterAll(async () => {
    await h.app.close();
    await h.db.drop();
    if (nats) await deleteTestStream(h.root);
  });

  it('seeds the demo registry once, with valid identity numbers encrypted', async () => {
    expect(seeded).toMatchObject({ created: true, buildings: 3, households: 6, persons: 11 });
    expect((await seedDemoRegistry(h.ds, h.env)).created).toBe(false);
    const someone = DEMO_BUILDINGS[0].households[1].members[0];
    const found = await call(
      RegistryRoutes.personSearch,
      { idNumber: demoIdNumber(someone) ?? undefined },
      streetAdmin,
    );
    expect(found.items.map((p) => p.name)).toEqual([someone.name]);
    const stored = await h.ds.query(
      `SELECT id_number_cipher, id_number_key_id FROM "registry".person WHERE name = $1`,
      [someone.name],
    );
    expect(stored[0].id_number_key_id).toBe('dev');
    expect(stored[0].id_number_cipher).not.toContain(String(demoIdNumber(someone)).slice(6, 14));
  });

  it('registers a person in a household: validated identity number, encrypted, masked, move-in recorded', async () => {
    const idNumber = makeIdNumber('510104', '1941-04-05', 33);
    const person = await call(
      RegistryRoutes.personCreate,
      {
        name: '钱学文',
        idNumber,
        phone: '13812345678',
        residenceType: 'registered',
        householdId: household.id,
        relation: 'head',
        movedInOn: '2000-01-01',
        tags: ['elderly_alone'],
      },
      gridWorker,
    );
    expect(person).toMatchObject({
      name: '钱学文',
      gender: 'male',
      birthDate: '1941-04-05',
      idNumber: `510***********${idNumber.slice(-4)}`,
      phone: '138****5678',
      householdId: household.id,
      relation: 'head',
      address: '测试路1号',
      doorNumber: '1-101',
      path: 'd01.s01.c01.g01',
      street: 's01',
      version: 1,
    });
    const [row] = await h.ds.query(`SELECT * FROM "registry".person WHERE id = $1`, [person.id]);
    expect(JSON.stringify(row)).not.toContain(idNumber);
    expect(JSON.stringify(row)).not.toContain('13812345678');
    expect(row.id_number_index).toMatch(/^[0-9a-f]{64}$/);
    const detail = await call(RegistryRoutes.householdGet, { id: household.id }, gridWorker);
    expect(detail).toMatchObject({ headPersonId: person.id, memberCount: 1 });
    const events = await h.ds.query(`SELECT type, street, envelope FROM "registry".outbox ORDER BY id`);
    const types = events.map((e: { type: string }) => e.type);
    expect(types).toEqual(
      expect.arrayContaining([
        RegistryEvents.buildingCreated,
        RegistryEvents.householdCreated,
        RegistryEvents.personRegistered,
        RegistryEvents.personMovedIn,
        RegistryEvents.householdChanged,
      ]),
    );
    expect(JSON.stringify(events)).not.toContain(idNumber);
    expect(JSON.stringify(events)).not.toContain('13812345678');
    await eventually(
      async () =>
        (await count(`SELECT count(*) AS n FROM "registry".outbox WHERE published_at IS NULL`)) === 0
          ? true
          : undefined,
      10_000,
      'the relay',
    );
  });

  it('rejects wrong identity numbers (422 naming the field) and duplicates (409), writing nothing', async () => {
    const before = await count(`SELECT count(*) AS n FROM "registry".person`);
    const base = { name: '孙测试', residenceType: 'resident' as const, gridPath: 'd01.s01.c01.g01' };
    const good = makeIdNumber('510104', '1980-01-01', 17);
    const wrongCheck = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    expect(await failure(RegistryRoutes.personCreate, { ...base, idNumber: wrongCheck }, gridWorker)).toMatchObject({
      code: 'unprocessable',
      details: { field: 'idNumber', reason: 'check_digit' },
    });
    expect(
      await failure(RegistryRoutes.personCreate, { ...base, idNumber: good.slice(0, 17) }, gridWorker),
    ).toMatchObject({
      code: 'unprocessable',
      details: { field: 'idNumber', reason: 'length' },
    });
    expect(
      await failure(RegistryRoutes.personCreate, { ...base, idNumber: good, birthDate: '1980-01-02' }, gridWorker),
    ).toMatchObject({
      code: 'unprocessable',
      details: { field: 'birthDate' },
    });
    expect(
      await failure(RegistryRoutes.personCreate, { ...base, idNumber: good, admin: true }, gridWorker),
    ).toMatchObject({ code: 'invalid' });
    await call(RegistryRoutes.personCreate, { ...base, idNumber: good }, gridWorker);
    expect(
      await failure(RegistryRoutes.personCreate, { ...base, name: '另一人', idNumber: good.toLowerCase() }, gridWorker),
    ).toMatchObject({
      code: 'conflict',
      details: { field: 'idNumber' },
    });
    expect(await count(`SELECT count(*) AS n FROM "registry".person`)).toBe(before + 1);
  });

  it('refuses a building or a person in a grid identity’s org tree does not have: 422 naming the field, nothing written', async () => {
    const buildings = await count(`SELECT count(*) AS n FROM "registry".building`);
    const persons = await count(`SELECT count(*) AS n FROM "registry".person`);
    // the demo tree has grids g01-g03 in each community
    expect(
      await failure(
        RegistryRoutes.buildingCreate,
        { gridPath: 'd01.s01.c01.g09', address: '无此网格1号', units: 1, floors: 1 },
        streetAdmin,
      ),
    ).toEqual({
      code: 'unprocessable',
      message: 'gridPath d01.s01.c01.g09 is not a grid of the organisation tree',
      details: { field: 'gridPath', path: 'd01.s01.c01.g09' },
    });
    expect(
      await failure(
        RegistryRoutes.personCreate,
        {
          name: '无网格',
          gender: 'male',
          birthDate: '1990-01-01',
          residenceType: 'resident',
          gridPath: 'd01.s01.c02.g07',
        },
        streetAdmin,
      ),
    ).toMatchObject({ code: 'unprocessable', details: { field: 'gridPath', path: 'd01.s01.c02.g07' } });
    // outside the caller's scope stays 403, checked first
    expect(
      (
        await failure(
          RegistryRoutes.buildingCreate,
          { gridPath: 'd01.s02.c01.g09', address: '越权路9号', units: 1, floors: 1 },
          streetAdmin,
        )
      ).code,
    ).toBe('forbidden');
    expect(await count(`SELECT count(*) AS n FROM "registry".building`)).toBe(buildings);
    expect(await count(`SELECT count(*) AS n FROM "registry".person`)).toBe(persons);
  });

  it('refuses a malformed import or export request on the bus as invalid, before anything runs', async () => {
    for (const bad of [{ path: 'd01.s01', after: 'not-a-uuid' }, { path: 'd01.s01', limit: 0 }, { path: 'D01 s01' }])
      expect((await failure(RegistryRoutes.exportPage, bad, streetAdmin)).code).toBe('invalid');
    const jobs = () => count('SELECT count(*)::int AS n FROM "registry".import_job');
    const before = await jobs();
    for (const bad of [
      { fileName: 'a.csv', mode: 'everything', cells: [['姓名']] },
      { fileName: 'a.csv', mode: 'valid-rows', cells: 'not rows' },
      { fileName: 'a.csv', mode: 'valid-rows', cells: [['姓名'], 'row'] },
    ])
      expect((await failure(RegistryRoutes.importRun, bad, streetAdmin)).code).toBe('invalid');
    expect(await jobs()).toBe(before);
  });

  it('keeps a grid worker inside the grid', async () => {
    const [someone] = (await call(RegistryRoutes.personSearch, { within: 'd01.s01.c01.g01' }, gridWorker)).items;
    expect((await failure(RegistryRoutes.personGet, { id: someone.id }, otherGridWorker)).code).toBe('forbidden');
    expect(
      (
        await failure(
          RegistryRoutes.buildingCreate,
          { gridPath: 'd01.s01.c01.g02', address: '越权路1号', units: 1, floors: 1 },
          gridWorker,
        )
      ).code,
    ).toBe('forbidden');
    const mine = await call(RegistryRoutes.personSearch, { pageSize: 200 }, gridWorker);
    expect(mine.items.length).toBeGreaterThan(0);
    expect(mine.items.every((p) => p.path === 'd01.s01.c01.g01')).toBe(true);
    const outside = await call(RegistryRoutes.personSearch, { within: 'd01.s02' }, gridWorker);
    expect(outside).toMatchObject({ items: [], total: 0 });
    expect((await failure(RegistryRoutes.personSearch, {}, auditor)).code).toBe('forbidden');
  });

  it('searches by exact phone, partial name, address and tag', async () => {
    const byPhone = await call(RegistryRoutes.personSearch, { phone: '138-1234-5678' }, secretary);
    expect(byPhone.items.map((p) => p.name)).toEqual(['钱学文']);
    expect((await call(RegistryRoutes.personSearch, { name: '学' }, secretary)).items.map((p) => p.name)).toEqual([
      '钱学文',
    ]);
    const byAddress = await call(RegistryRoutes.personSearch, { address: '锦华路18', pageSize: 2 }, streetAdmin);
    expect(byAddress.total).toBe(6);
    expect(byAddress.items).toHaveLength(2);
    const alone = await call(RegistryRoutes.personSearch, { tag: 'elderly_alone' }, streetAdmin);
    expect(alone.items.map((p) => p.name).sort()).toEqual(['王秀英', '钱学文'].sort());
    // the name search does not treat % as a wildcard
    expect((await call(RegistryRoutes.personSearch, { name: '%' }, streetAdmin)).total).toBe(0);
  });

  it('shows full values only to allowed roles, with a reason, and audits every read', async () => {
    const [person] = (await call(RegistryRoutes.personSearch, { name: '钱学文' }, secretary)).items;
    expect(
      await failure(
        RegistryRoutes.personReveal,
        { id: person.id, fields: ['idNumber'], reason: '核对身份信息' },
        gridWorker,
      ),
    ).toMatchObject({
      code: 'forbidden',
    });
    expect((await failure(RegistryRoutes.personReveal, { id: person.id, fields: ['idNumber'] }, secretary)).code).toBe(
      'invalid',
    );
    const full = await call(
      RegistryRoutes.personReveal,
      { id: person.id, fields: ['idNumber', 'phone'], reason: '办理高龄津贴' },
      secretary,
    );
    expect(full).toEqual({ id: person.id, idNumber: makeIdNumber('510104', '1941-04-05', 33), phone: '13812345678' });
    const audit = await call(RegistryRoutes.piiAccessList, { personId: person.id }, auditor);
    expect(audit.items.map((e) => e.field).sort()).toEqual(['idNumber', 'phone']);
    expect(audit.items[0]).toMatchObject({
      actorId: secretary.id,
      actorName: 'sec',
      reason: '办理高龄津贴',
      personId: person.id,
      actorRoles: ['community_secretary'],
    });
    expect((await failure(RegistryRoutes.piiAccessList, {}, secretary)).code).toBe('forbidden');
    // the trail cannot be edited
    await expect(h.ds.query(`DELETE FROM "registry".pii_access`)).rejects.toThrow(/append-only/);
  });

  it('records every changed field, refuses a stale version', async () => {
    const [person] = (await call(RegistryRoutes.personSearch, { name: '钱学文' }, gridWorker)).items;
    const updated = await call(
      RegistryRoutes.personUpdate,
      { id: person.id, version: person.version, phone: '13900001111', ethnicity: '满族', name: '钱学文' },
      gridWorker,
    );
    expect(updated).toMatchObject({ phone: '139****1111', ethnicity: '满族', version: person.version + 1 });
    expect(
      await failure(
        RegistryRoutes.personUpdate,
        { id: person.id, version: person.version, ethnicity: '汉族' },
        gridWorker,
      ),
    ).toMatchObject({
      code: 'conflict',
      details: { currentVersion: person.version + 1 },
    });
    const changes = await call(RegistryRoutes.personChanges, { id: person.id }, gridWorker);
    const byField = Object.fromEntries(changes.items.map((c) => [c.field, c]));
    expect(byField.ethnicity).toMatchObject({ before: '汉族', after: '满族', actorId: gridWorker.id, actorName: 'gw' });
    expect(byField.phone).toMatchObject({ before: '138****5678', after: '139****1111' });
    expect(byField.name).toBeUndefined();
    expect(JSON.stringify(changes)).not.toContain('13900001111');
    // the old phone no longer finds the person, the new one does
    expect((await call(RegistryRoutes.personSearch, { phone: '13812345678' }, gridWorker)).total).toBe(0);
    expect((await call(RegistryRoutes.personSearch, { phone: '13900001111' }, gridWorker)).total).toBe(1);
  });

  it('keeps the history of moves and publishes them', async () => {
    const second = await call(
      RegistryRoutes.householdCreate,
      { buildingId: building.id, doorNumber: '2-602', type: 'rental' },
      gridWorker,
    );
    const person = await call(
      RegistryRoutes.personCreate,
      {
        name: '马流动',
        gender: 'male',
        birthDate: '1990-02-02',
        residenceType: 'floating',
        employer: '快递站',
        householdId: household.id,
        relation: 'tenant',
        movedInOn: '2021-03-01',
      },
      gridWorker,
    );
    expect(
      await failure(
        RegistryRoutes.personMoveIn,
        { id: person.id, householdId: second.id, relation: 'head', date: '2020-01-01' },
        gridWorker,
      ),
    ).toMatchObject({ code: 'unprocessable', details: { field: 'date' } });
    const moved = await call(
      RegistryRoutes.personMoveIn,
      { id: person.id, householdId: second.id, relation: 'head', date: '2023-07-01', reason: '换租' },
      gridWorker,
    );
    expect(moved).toMatchObject({ householdId: second.id, doorNumber: '2-602', relation: 'head', present: true });
    const out = await call(
      RegistryRoutes.personMoveOut,
      { id: person.id, date: '2024-12-31', reason: '离开本市' },
      gridWorker,
    );
    expect(out).toMatchObject({ householdId: null, relation: null, present: false });
    const history = await call(RegistryRoutes.personResidences, { id: person.id }, gridWorker);
    expect(history.map((r) => [r.doorNumber, r.movedInOn, r.movedOutOn, r.moveOutReason])).toEqual([
      ['1-101', '2021-03-01', '2023-07-01', 'moved to another household'],
      ['2-602', '2023-07-01', '2024-12-31', '离开本市'],
    ]);
    const events = await h.ds.query(
      `SELECT type, envelope FROM "registry".outbox WHERE envelope->'data'->>'personId' = $1 AND type = ANY($2) ORDER BY id`,
      [person.id, [RegistryEvents.personMovedIn, RegistryEvents.personMovedOut]],
    );
    expect(
      events.map((e: { type: string; envelope: { data: { date: string } } }) => [e.type, e.envelope.data.date]),
    ).toEqual([
      [RegistryEvents.personMovedIn, '2021-03-01'],
      [RegistryEvents.personMovedOut, '2023-07-01'],
      [RegistryEvents.personMovedIn, '2023-07-01'],
      [RegistryEvents.personMovedOut, '2024-12-31'],
    ]);
    expect((await failure(RegistryRoutes.personMoveOut, { id: person.id, date: '2025-01-01' }, gridWorker)).code).toBe(
      'unprocessable',
    );
    // moved-out people drop out of lists unless asked for
    expect((await call(RegistryRoutes.personSearch, { name: '马流动' }, gridWorker)).total).toBe(0);
    expect(
      (await call(RegistryRoutes.personSearch, { name: '马流动', includeMovedOut: true }, gridWorker)).total,
    ).toBe(1);
  });

  it('adds and removes tags once each, with events', async () => {
    const [person] = (await call(RegistryRoutes.personSearch, { name: '钱学文' }, gridWorker)).items;
    const tagged = await call(RegistryRoutes.personTagAdd, { id: person.id, tag: 'veteran' }, gridWorker);
    expect(tagged.tags).toEqual(['elderly_alone', 'veteran']);
    const again = await call(RegistryRoutes.personTagAdd, { id: person.id, tag: 'veteran' }, gridWorker);
    expect(again.version).toBe(tagged.version);
    const untagged = await call(RegistryRoutes.personTagRemove, { id: person.id, tag: 'elderly_alone' }, gridWorker);
    expect(untagged.tags).toEqual(['veteran']);
    expect((await failure(RegistryRoutes.personTagAdd, { id: person.id, tag: 'vip' }, gridWorker)).code).toBe(
      'invalid',
    );
    const types = (
      await h.ds.query(
        `SELECT type FROM "registry".outbox WHERE envelope->'data'->>'personId' = $1 AND type = ANY($2) ORDER BY id`,
        [person.id, [RegistryEvents.tagAdded, RegistryEvents.tagRemoved]],
      )
    ).map((e: { type: string }) => e.type);
    expect(types).toEqual([RegistryEvents.tagAdded, RegistryEvents.tagRemoved]);
  });
});
