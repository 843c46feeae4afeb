import { type INestApplication } from '@nestjs/common';
import { councilsAppModule, DEMO_COMPOUND, seedDemoCouncils } from '@gz/councils';
import { DatabaseRegistry } from '@gz/platform';
import {
  bootTestApp,
  createTestDatabase,
  deleteTestStream,
  testBusRoot,
  testEnv,
  type TestDatabase,
} from '@gz/testing';
import request from 'supertest';
import { auth, bootGateway, bootIdentity, bootStandalone, login } from './support';

describe('councils in standalone mode, with the demo compound', () => {
  let db: TestDatabase;
  let app: INestApplication;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await bootStandalone(testEnv({ databaseUrl: db.url, busRoot: testBusRoot(), nats: false }));
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('loads the demo compound once and serves it through the gateway', async () => {
    const councils = app.get(DatabaseRegistry).get('councils');
    expect(await seedDemoCouncils(councils)).toBe(true);
    expect(await seedDemoCouncils(councils)).toBe(false);
    const { accessToken } = await login(app, 'community-secretary');
    const list = (await http().get('/api/v1/councils/compounds').set(auth(accessToken)).expect(200)).body;
    expect(list.items).toEqual([
      expect.objectContaining({
        name: DEMO_COMPOUND.name,
        communityPath: 'd01.s01.c01',
        propertyCompany: DEMO_COMPOUND.propertyCompany,
        ownersCommittee: DEMO_COMPOUND.ownersCommittee,
        buildings: 2,
        units: 6,
        owners: 6,
      }),
    ]);
    const owners = (
      await http().get(`/api/v1/councils/compounds/${list.items[0].id}/owners`).set(auth(accessToken)).expect(200)
    ).body;
    expect(owners.items[0]).toMatchObject({ name: '湖光置业有限公司', developer: true });
    expect(owners.items.find((o: { name: string }) => o.name === '王建国')).toMatchObject({
      phoneMasked: '138****1234',
    });
    const ready = await http().get('/health/ready').expect(200);
    expect(ready.body.status).toBe('ok');
    expect(JSON.stringify(ready.body)).toContain('councils');
  });
});

describe('councils as its own process, the gateway and identity apart, over NATS', () => {
  const root = testBusRoot();
  let db: TestDatabase;
  const apps: INestApplication[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    const env = testEnv({ databaseUrl: db.url, busRoot: root, nats: true });
    apps.push(await bootIdentity(env));
    apps.push(await bootTestApp({ imports: [councilsAppModule(env)] }));
    apps.push(await bootGateway(env));
  });

  afterAll(async () => {
    for (const app of apps.reverse()) await app.close();
    await db?.drop();
    await deleteTestStream(root);
  });

  it('registers a compound checked against the org tree identity answers', async () => {
    const gateway = apps[apps.length - 1];
    const { accessToken } = await login(gateway, 'street-admin');
    const created = await request(gateway.getHttpServer())
      .post('/api/v1/councils/compounds')
      .set(auth(accessToken))
      .send({ communityPath: 'd01.s01.c02', name: '桂园小区', propertyCompanyPath: 'd01.s01.pm01' })
      .expect(201);
    expect(created.body).toMatchObject({ street: 's01', propertyCompany: { path: 'd01.s01.pm01', name: '安居物业' } });
    await request(gateway.getHttpServer())
      .post('/api/v1/councils/compounds')
      .set(auth(accessToken))
      .send({ communityPath: 'd01.s01.c07', name: '无此社区' })
      .expect(422);
  });
});
