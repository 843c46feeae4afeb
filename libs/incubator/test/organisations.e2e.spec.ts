import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { IncubatorEvents } from '@gz/contracts';
import { createTestDatabase, testBusRoot, testEnv, TestClock, TestSession, type TestDatabase } from '@gz/testing';
import { bootIncubator, eventsOf, incubatorDb, organisationIn } from './factories';

describe('community social organisations on the roll, through the gateway', () => {
  let db: TestDatabase;
  let app: NestFastifyApplication;
  const s = new TestSession(() => app);
  const count = async () =>
    (await incubatorDb(app).query(`SELECT count(*)::int AS n FROM "incubator".organisation`))[0].n as number;

  beforeAll(async () => {
    db = await createTestDatabase();
    const env = testEnv({
      databaseUrl: db.url,
      busRoot: testBusRoot(),
      nats: false,
      extra: { RATE_LIMIT_PER_MINUTE: '100000' },
    });
    app = await bootIncubator(env, new TestClock('2026-05-12T08:00:00+08:00'));
    await s.signIn(
      'street-admin',
      'street-admin-s02',
      'community-secretary',
      'social-org-staff',
      'auditor',
      'resident',
    );
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('registers an organisation with the communities it serves and publishes it', async () => {
    const o = await organisationIn(s, '湖光长者食堂志愿队', {
      legalStatus: 'registered',
      creditCode: '52510100MJ0000002X',
      communitiesServed: ['d01.s01.c01', 'd01.s01.c02'],
      orgPath: 'd01.s01.so01',
    });
    expect(o).toMatchObject({
      street: 's01',
      legalStatus: 'registered',
      communitiesServed: ['d01.s01.c01', 'd01.s01.c02'],
    });
    expect(await eventsOf(app, IncubatorEvents.organisationRegistered)).toEqual([
      expect.objectContaining({
        organisationId: o.id,
        street: 's01',
        communitiesServed: ['d01.s01.c01', 'd01.s01.c02'],
      }),
    ]);
    const mine = await s.http().get('/api/v1/incubator/organisations').set(s.as('social-org-staff')).expect(200);
    expect(mine.body.items.map((i: { id: string }) => i.id)).toEqual([o.id]);
    await s.http().get(`/api/v1/incubator/organisations/${o.id}`).set(s.as('auditor')).expect(200);
    await s.http().get(`/api/v1/incubator/organisations/${o.id}`).set(s.as('street-admin-s02')).expect(403);
  });

  it('refuses bad input with problem+json and writes nothing', async () => {
    const before = await count();
    const bad = [
      {
        name: '',
        legalStatus: 'filed',
        communityPath: 'd01.s01.c01',
        communitiesServed: ['d01.s01.c01'],
        fields: ['elderly'],
      },
      {
        name: 'x',
        legalStatus: 'club',
        communityPath: 'd01.s01.c01',
        communitiesServed: ['d01.s01.c01'],
        fields: ['elderly'],
      },
      {
        name: 'x',
        legalStatus: 'filed',
        communityPath: 'd01.s01',
        communitiesServed: ['d01.s01.c01'],
        fields: ['elderly'],
      },
      { name: 'x', legalStatus: 'filed', communityPath: 'd01.s01.c01', communitiesServed: [], fields: ['elderly'] },
      {
        name: 'x',
        legalStatus: 'filed',
        communityPath: 'd01.s01.c01',
        communitiesServed: ['d01.s01.c01'],
        fields: ['cooking'],
      },
    ];
    for (const body of bad) {
      const res = await s.http().post('/api/v1/incubator/organisations').set(s.as('street-admin')).send(body);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    const rules = [
      { legalStatus: 'registered' }, // no credit code
      { legalStatus: 'informal', creditCode: '52510100MJ0000003X' },
      { communitiesServed: ['d01.s01.c02'] }, // not its own community
      { communityPath: 'd01.s01.c09', communitiesServed: ['d01.s01.c09'] }, // not in the tree
      { orgPath: 'd01.s01.pm01' }, // not a social organisation unit
    ];
    for (const extra of rules) await expect(organisationIn(s, '规则', extra)).rejects.toThrow(/: 422 /);
    await expect(
      organisationIn(s, '越界', { communityPath: 'd01.s02.c01', communitiesServed: ['d01.s02.c01'] }),
    ).rejects.toThrow(/: 403 /);
    await expect(organisationIn(s, '居民', {}, 'resident')).rejects.toThrow(/: 403 /);
    expect(await count()).toBe(before);
  });

  it('refuses a second organisation of the same name in the street (409)', async () => {
    await organisationIn(s, '同名队');
    await expect(
      organisationIn(s, '同名队', { communityPath: 'd01.s01.c02', communitiesServed: ['d01.s01.c02'] }),
    ).rejects.toThrow(/: 409 /);
  });
});
