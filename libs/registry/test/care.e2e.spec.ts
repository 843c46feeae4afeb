import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  RegistryEvents,
  type ChangeRequestView,
  type CoverageView,
  type RentalGradeView,
  type RentalView,
  type StatisticsView,
  type VisitView,
} from '@gz/contracts';
import { DatabaseRegistry } from '@gz/platform';
import { createTestDatabase, deleteTestStream, testBusRoot, testEnv, TestSession, type TestDatabase } from '@gz/testing';
import { makeIdNumber } from '../src';
import { householdAt, personNamed } from './factories';
import { bootPlatform } from './support';

const SCORES = {
  populationRecords: 10,
  hygiene: 10,
  fireSafety: 10,
  security: 10,
  neighbourRelations: 10,
  publicProperty: 10,
  familyPlanning: 10,
};

describe.each([
  ['the in-process bus', false],
  ['NATS', true],
])('visits, rentals and statistics through the gateway, over %s', (_name, nats) => {
  const root = testBusRoot();
  let db: TestDatabase;
  let app: NestFastifyApplication;
  const people = new TestSession(() => app);
  const http = () => people.http();
  const as = (username: string) => people.as(username);
  const household = (door: string, username = 'community-secretary') => householdAt(people, door, username);
  const person = (name: string) => personNamed(people, name);
  const outbox = async (type: string): Promise<Array<{ data: Record<string, unknown> }>> =>
    (
      await app
        .get(DatabaseRegistry)
        .get('registry')
        .query(`SELECT envelope FROM "registry".outbox WHERE type = $1 ORDER BY created_at`, [type])
    ).map((r: { envelope: { data: Record<string, unknown> } }) => r.envelope);

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await bootPlatform(testEnv({ databaseUrl: db.url, busRoot: root, nats }));
    await people.signIn('grid-worker', 'grid-worker-s02', 'community-secretary', 'street-admin', 'district-admin');
  });

  afterAll(async () => {
    await app.close();
    await db.drop();
    if (nats) await deleteTestStream(root);
  });

  it('plans visits, records them, and shows the must-visit households not visited this quarter', async () => {
    const year = Number(
      new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()),
    );
    const plan = await http().put('/api/v1/registry/visits/plans').set(as('grid-worker')).send({ year }).expect(200);
    expect(plan.body).toMatchObject({
      year,
      target: 100,
      path: 'd01.s01.c01.g01',
      staffName: 'grid-worker',
      visitedHouseholds: 0,
    });
    await http()
      .put('/api/v1/registry/visits/plans')
      .set(as('grid-worker'))
      .send({ year, staffId: 'someone-else', path: 'd01.s01.c01.g01' })
      .expect(403);
    await http()
      .put('/api/v1/registry/visits/plans')
      .set(as('community-secretary'))
      .send({ year, staffId: plan.body.staffId, path: 'd01.s01.c01.g01', target: 120 })
      .expect(200)
      .expect((res) => expect(res.body).toMatchObject({ id: plan.body.id, target: 120 }));
    await http()
      .put('/api/v1/registry/visits/plans')
      .set(as('community-secretary'))
      .send({ year, staffId: 'x', path: 'd01.s02.c01.g01' })
      .expect(403);

    // must visit in g01: 1-101 (old party member), 1-302 (elderly alone), 2-501 (floating family)
    const before = (await http().get('/api/v1/registry/visits/coverage').set(as('grid-worker')).expect(200))
      .body as CoverageView;
    expect(before.total).toMatchObject({ mustVisit: 3, visited: 0, notVisited: 3 });
    expect(before.grids).toEqual([expect.objectContaining({ path: 'd01.s01.c01.g01', mustVisit: 3 })]);

    const target = await household('1-302', 'grid-worker');
    const visit = await http()
      .post('/api/v1/registry/visits')
      .set(as('grid-worker'))
      .send({ householdId: target.id, notes: '老人身体尚可，提醒冬季用电安全', photos: ['visits/2026/a.jpg'] })
      .expect(201);
    expect(visit.body as VisitView).toMatchObject({
      householdId: target.id,
      doorNumber: '1-302',
      visitorName: 'grid-worker',
      groups: ['elderly_alone'],
    });
    const events = await outbox(RegistryEvents.visitCompleted);
    expect(events.map((e) => e.data)).toEqual([
      expect.objectContaining({ visitId: visit.body.id, householdId: target.id, groups: ['elderly_alone'] }),
    ]);

    const future = new Date(Date.now() + 3_600_000).toISOString();
    const late = await http()
      .post('/api/v1/registry/visits')
      .set(as('grid-worker'))
      .send({ householdId: target.id, notes: 'x', visitedAt: future })
      .expect(422);
    expect(late.body.details).toMatchObject({ field: 'visitedAt' });
    const outside = await household('1-201'); // g02
    await http()
      .post('/api/v1/registry/visits')
      .set(as('grid-worker'))
      .send({ householdId: outside.id, notes: '越权' })
      .expect(403);
    await http().post('/api/v1/registry/visits').set(as('grid-worker')).send({ householdId: target.id }).expect(400);
    // ISO 8601 forms `new Date` cannot read (week and ordinal dates, `+08`) are 400, not a PostgreSQL error
    for (const visitedAt of ['2026-W47', '2026-324', '2026-11-20T10:30:00+08'])
      await http()
        .post('/api/v1/registry/visits')
        .set(as('grid-worker'))
        .send({ householdId: target.id, notes: 'x', visitedAt })
        .expect(400);
    for (const from of ['2026-W47', '2026-02-31'])
      await http().get('/api/v1/registry/visits').query({ from }).set(as('grid-worker')).expect(400);
    await http()
      .get('/api/v1/registry/visits')
      .query({ from: '2020-01-01', to: '2099-12-31T00:00:00+08:00' })
      .set(as('grid-worker'))
      .expect(200);

    const unvisited = await http().get('/api/v1/registry/visits/unvisited').set(as('grid-worker')).expect(200);
    expect(unvisited.body.total).toBe(2);
    expect(unvisited.body.items.map((h: { doorNumber: string; groups: string[] }) => [h.doorNumber, h.groups])).toEqual(
      [
        ['1-101', ['old_party_member']],
        ['2-501', ['floating']],
      ],
    );

    const community = (await http().get('/api/v1/registry/visits/coverage').set(as('community-secretary')).expect(200))
      .body as CoverageView;
    expect(community.grids.map((g) => [g.path, g.mustVisit, g.visited])).toEqual([
      ['d01.s01.c01.g01', 3, 1],
      ['d01.s01.c01.g02', 1, 0],
    ]);
    expect(community.communities).toEqual([
      { path: 'd01.s01.c01', mustVisit: 4, visited: 1, notVisited: 3, coverage: 0.25 },
    ]);
    const lastQuarter = await http()
      .get('/api/v1/registry/visits/coverage')
      .query({ quarter: '2020-Q1' })
      .set(as('community-secretary'))
      .expect(200);
    expect(lastQuarter.body.total).toMatchObject({ mustVisit: 4, visited: 0 });
    await http()
      .get('/api/v1/registry/visits/coverage')
      .query({ quarter: '2020-Q5' })
      .set(as('community-secretary'))
      .expect(400);
    for (const quarter of ['0000-Q1', '9999-Q4'])
      for (const route of ['coverage', 'unvisited'])
        await http()
          .get(`/api/v1/registry/visits/${route}`)
          .query({ quarter })
          .set(as('community-secretary'))
          .expect(400);

    const plans = await http()
      .get('/api/v1/registry/visits/plans')
      .query({ year })
      .set(as('community-secretary'))
      .expect(200);
    expect(plans.body.items[0]).toMatchObject({ visitedHouseholds: 1, visits: 1, target: 120 });
    const s02 = await http().get('/api/v1/registry/visits').set(as('grid-worker-s02')).expect(200);
    expect(s02.body.total).toBe(0);
    const mine = await http()
      .get('/api/v1/registry/visits')
      .query({ householdId: target.id })
      .set(as('grid-worker'))
      .expect(200);
    expect(mine.body.items[0]).toMatchObject({
      notes: '老人身体尚可，提醒冬季用电安全',
      photos: ['visits/2026/a.jpg'],
    });
  });

  it('registers a rental with landlord and tenants, grades it into a colour and keeps the history for the red list', async () => {
    const house = await household('2-501', 'grid-worker');
    const landlord = await person('张建国');
    const rental = await http()
      .put(`/api/v1/registry/rentals/${house.id}`)
      .set(as('grid-worker'))
      .send({ landlordPersonId: landlord.id })
      .expect(200);
    expect(rental.body as RentalView).toMatchObject({
      householdId: house.id,
      landlord: { id: landlord.id, name: '张建国' },
      colour: null,
      history: [],
    });
    expect(
      rental.body.tenants.map((t: { name: string; employer: string | null }) => [t.name, t.employer]).sort(),
    ).toEqual(
      [
        ['刘强', '锦华物流有限公司'],
        ['刘小宇', null],
        ['陈丽', '锦华超市'],
      ].sort(),
    );
    await http()
      .put(`/api/v1/registry/rentals/${house.id}`)
      .set(as('grid-worker'))
      .send({ landlordPersonId: '00000000-0000-4000-8000-000000000000' })
      .expect(422);

    const green = await http()
      .post(`/api/v1/registry/rentals/${house.id}/grades`)
      .set(as('grid-worker'))
      .send(SCORES)
      .expect(201);
    expect(green.body as RentalGradeView).toMatchObject({ total: 70, colour: 'green' });
    const red = await http()
      .post(`/api/v1/registry/rentals/${house.id}/grades`)
      .set(as('grid-worker'))
      .send({ ...SCORES, fireSafety: 2, notes: '电动车楼道充电' })
      .expect(201);
    expect(red.body).toMatchObject({ total: 62, colour: 'red', notes: '电动车楼道充电' });
    await http()
      .post(`/api/v1/registry/rentals/${house.id}/grades`)
      .set(as('grid-worker'))
      .send({ ...SCORES, hygiene: 11 })
      .expect(400);
    await http()
      .post(`/api/v1/registry/rentals/${house.id}/grades`)
      .set(as('grid-worker-s02'))
      .send(SCORES)
      .expect(403);
    await http().get(`/api/v1/registry/rentals/${house.id}`).set(as('grid-worker-s02')).expect(403);

    const graded = await outbox(RegistryEvents.rentalGraded);
    expect(graded.map((e) => [e.data.colour, e.data.previousColour])).toEqual([
      ['green', null],
      ['red', 'green'],
    ]);

    const list = await http().get('/api/v1/registry/rentals/red').set(as('community-secretary')).expect(200);
    expect(list.body.total).toBe(1);
    expect(list.body.items[0]).toMatchObject({ householdId: house.id, colour: 'red', total: 62 });
    expect(list.body.items[0].history.map((g: RentalGradeView) => g.colour)).toEqual(['red', 'green']);
    const history = await http().get(`/api/v1/registry/rentals/${house.id}/grades`).set(as('grid-worker')).expect(200);
    expect(history.body).toHaveLength(2);
    const greens = await http()
      .get('/api/v1/registry/rentals')
      .query({ colour: 'green' })
      .set(as('grid-worker'))
      .expect(200);
    expect(greens.body.total).toBe(0);
    expect((await http().get('/api/v1/registry/rentals/red').set(as('grid-worker-s02')).expect(200)).body.total).toBe(
      0,
    );
  });

  it('gives statistics per grid, community and street within the caller scope', async () => {
    const grids = (await http().get('/api/v1/registry/statistics').set(as('community-secretary')).expect(200))
      .body as StatisticsView;
    expect(grids.level).toBe('grid');
    expect(grids.rows.map((r) => r.path)).toEqual(['d01.s01.c01.g01', 'd01.s01.c01.g02']);
    const g01 = grids.rows[0];
    expect(g01.population).toEqual({ registered: 3, resident: 0, floating: 3, foreign: 0, total: 6 });
    expect(g01.tags).toMatchObject({ old_party_member: 1, veteran: 1, elderly_alone: 1, disabled: 0 });
    expect(g01.rentals).toEqual({ green: 0, yellow: 0, red: 1, ungraded: 0 });
    expect(g01.visits).toMatchObject({ mustVisit: 3, visited: 1 });

    const streets = (
      await http().get('/api/v1/registry/statistics').query({ level: 'street' }).set(as('district-admin')).expect(200)
    ).body as StatisticsView;
    expect(streets.rows.map((r) => [r.path, r.population.total])).toEqual([
      ['d01.s01', 8],
      ['d01.s02', 3],
    ]);
    expect(streets.rows[1].tags).toMatchObject({ veteran: 1, under_assistance: 1 });

    const worker = (
      await http()
        .get('/api/v1/registry/statistics')
        .query({ level: 'community', within: 'd01.s01' })
        .set(as('grid-worker'))
        .expect(200)
    ).body as StatisticsView;
    expect(worker.rows.map((r) => [r.path, r.population.total])).toEqual([['d01.s01.c01', 6]]);
    const elsewhere = await http()
      .get('/api/v1/registry/statistics')
      .query({ within: 'd01.s02' })
      .set(as('grid-worker'))
      .expect(200);
    expect(elsewhere.body.rows).toEqual([]);
    await http().get('/api/v1/registry/statistics').query({ level: 'building' }).set(as('grid-worker')).expect(400);
  });

  it('turns a grid worker’s change of a sensitive field into a request the community secretary approves or rejects', async () => {
    expect((await http().get('/api/v1/registry/sensitive-fields').set(as('grid-worker')).expect(200)).body).toEqual({
      district: 'd01',
      fields: [],
    });
    await http()
      .put('/api/v1/registry/sensitive-fields')
      .set(as('grid-worker'))
      .send({ fields: ['name'] })
      .expect(403);
    await http()
      .put('/api/v1/registry/sensitive-fields')
      .set(as('district-admin'))
      .send({ fields: ['name', 'vip'] })
      .expect(400);
    const set = await http()
      .put('/api/v1/registry/sensitive-fields')
      .set(as('district-admin'))
      .send({ fields: ['name', 'idNumber', 'residenceType'] });
    expect(set.status).toBe(200);
    expect(set.body).toEqual({ district: 'd01', fields: ['idNumber', 'name', 'residenceType'] });

    const wang = await person('王秀英');
    const held = await http()
      .patch(`/api/v1/registry/persons/${wang.id}`)
      .set(as('grid-worker'))
      .send({ version: wang.version, name: '王秀瑛', employer: '退休' })
      .expect(200);
    expect(held.body).toMatchObject({
      name: '王秀英',
      employer: null,
      version: wang.version,
      pendingChangeRequest: { sensitiveFields: ['name'] },
    });
    const requestId = held.body.pendingChangeRequest.id as string;
    // a change of no sensitive field is applied at once
    const direct = await http()
      .patch(`/api/v1/registry/persons/${wang.id}`)
      .set(as('grid-worker'))
      .send({ version: wang.version, ethnicity: '满族' })
      .expect(200);
    expect(direct.body).toMatchObject({ ethnicity: '满族', version: wang.version + 1 });
    expect(direct.body.pendingChangeRequest).toBeUndefined();

    const pending = await http()
      .get('/api/v1/registry/change-requests')
      .query({ status: 'pending' })
      .set(as('community-secretary'))
      .expect(200);
    expect(pending.body.total).toBe(1);
    expect(pending.body.items[0] as ChangeRequestView).toMatchObject({
      id: requestId,
      personName: '王秀英',
      requestedByName: 'grid-worker',
      status: 'pending',
      changes: expect.arrayContaining([{ field: 'name', before: '王秀英', after: '王秀瑛' }]),
    });
    await http().get(`/api/v1/registry/change-requests/${requestId}`).set(as('grid-worker-s02')).expect(403);
    await http().post(`/api/v1/registry/change-requests/${requestId}/approve`).set(as('grid-worker')).expect(403);

    const approved = await http()
      .post(`/api/v1/registry/change-requests/${requestId}/approve`)
      .set(as('community-secretary'))
      .expect(200);
    expect(approved.body).toMatchObject({ status: 'approved', decidedByName: 'community-secretary' });
    await http()
      .post(`/api/v1/registry/change-requests/${requestId}/approve`)
      .set(as('community-secretary'))
      .expect(409);
    const after = await http().get(`/api/v1/registry/persons/${wang.id}`).set(as('grid-worker')).expect(200);
    expect(after.body).toMatchObject({ name: '王秀瑛', employer: '退休', ethnicity: '满族' });
    const history = await http().get(`/api/v1/registry/persons/${wang.id}/changes`).set(as('grid-worker')).expect(200);
    expect(history.body.items.find((c: { field: string }) => c.field === 'name')).toMatchObject({
      before: '王秀英',
      after: '王秀瑛',
      actorName: 'community-secretary',
    });

    // an identity number: held, shown masked, rejected with a reason, nothing applied
    const newId = makeIdNumber('510104', '1938-02-14', 44);
    const idHeld = await http()
      .patch(`/api/v1/registry/persons/${wang.id}`)
      .set(as('grid-worker'))
      .send({ version: after.body.version, idNumber: newId })
      .expect(200);
    const idRequest = idHeld.body.pendingChangeRequest.id as string;
    const shown = await http()
      .get(`/api/v1/registry/change-requests/${idRequest}`)
      .set(as('community-secretary'))
      .expect(200);
    expect(JSON.stringify(shown.body)).not.toContain(newId);
    expect(shown.body.changes).toEqual([
      expect.objectContaining({ field: 'idNumber', after: `510***********${newId.slice(-4)}` }),
    ]);
    await http()
      .post(`/api/v1/registry/change-requests/${idRequest}/reject`)
      .set(as('community-secretary'))
      .send({})
      .expect(400);
    const rejected = await http()
      .post(`/api/v1/registry/change-requests/${idRequest}/reject`)
      .set(as('community-secretary'))
      .send({ reason: '与户口簿不一致，请核实' })
      .expect(200);
    expect(rejected.body).toMatchObject({ status: 'rejected', reason: '与户口簿不一致，请核实' });
    const unchanged = await http().get(`/api/v1/registry/persons/${wang.id}`).set(as('grid-worker')).expect(200);
    expect(unchanged.body).toMatchObject({ idNumber: after.body.idNumber, version: after.body.version });

    // a community secretary changes a sensitive field directly
    const bySecretary = await http()
      .patch(`/api/v1/registry/persons/${wang.id}`)
      .set(as('community-secretary'))
      .send({ version: after.body.version, name: '王秀英' })
      .expect(200);
    expect(bySecretary.body).toMatchObject({ name: '王秀英', version: after.body.version + 1 });
    expect((await outbox(RegistryEvents.changeRequestDecided)).map((e) => e.data.status)).toEqual([
      'approved',
      'rejected',
    ]);
  });

  it('documents the new routes in the OpenAPI document', async () => {
    const doc = await http().get('/api/openapi.json').expect(200);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/registry/visits',
        '/api/v1/registry/visits/plans',
        '/api/v1/registry/visits/coverage',
        '/api/v1/registry/visits/unvisited',
        '/api/v1/registry/rentals/red',
        '/api/v1/registry/rentals/{householdId}/grades',
        '/api/v1/registry/statistics',
        '/api/v1/registry/sensitive-fields',
        '/api/v1/registry/change-requests/{id}/approve',
      ]),
    );
  });
});
