import { type INestApplication } from '@nestjs/common';
import { incubatorAppModule, seedDemoIncubator } from '@gz/incubator';
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

describe('the incubator in standalone mode, with the demo organisations', () => {
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

  it('loads the demo organisations once and serves them through the gateway', async () => {
    const incubator = app.get(DatabaseRegistry).get('incubator');
    expect(await seedDemoIncubator(incubator)).toBe(true);
    expect(await seedDemoIncubator(incubator)).toBe(false);
    const { accessToken } = await login(app, 'street-admin');
    const list = (await http().get('/api/v1/incubator/organisations').set(auth(accessToken)).expect(200)).body;
    expect(list.items.map((o: { name: string }) => o.name).sort()).toEqual(
      ['东湖邻里互助会', '桂园巡河志愿小队', '湖光社区书画社'].sort(),
    );
    const staff = await login(app, 'social-org-staff');
    const own = (await http().get('/api/v1/incubator/organisations').set(auth(staff.accessToken)).expect(200)).body;
    expect(own.items.map((o: { name: string }) => o.name)).toEqual(['东湖邻里互助会']);
    const ready = await http().get('/health/ready').expect(200);
    expect(JSON.stringify(ready.body)).toContain('incubator');
  });
});

describe('the incubator as its own process, the gateway and identity apart, over NATS', () => {
  const root = testBusRoot();
  let db: TestDatabase;
  const apps: INestApplication[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    const env = testEnv({ databaseUrl: db.url, busRoot: root, nats: true });
    apps.push(await bootIdentity(env));
    apps.push(await bootTestApp({ imports: [incubatorAppModule(env)] }));
    apps.push(await bootGateway(env));
  });

  afterAll(async () => {
    for (const app of apps.reverse()) await app.close();
    await db?.drop();
    await deleteTestStream(root);
  });

  it('registers an organisation checked against the org tree identity answers', async () => {
    const gateway = apps[apps.length - 1];
    const { accessToken } = await login(gateway, 'street-admin');
    const body = {
      name: '桂园长者服务队',
      legalStatus: 'filed',
      communityPath: 'd01.s01.c02',
      communitiesServed: ['d01.s01.c02'],
      fields: ['elderly'],
    };
    const created = await request(gateway.getHttpServer())
      .post('/api/v1/incubator/organisations')
      .set(auth(accessToken))
      .send(body)
      .expect(201);
    expect(created.body).toMatchObject({ street: 's01', legalStatus: 'filed', communitiesServed: ['d01.s01.c02'] });
    const missing = await request(gateway.getHttpServer())
      .post('/api/v1/incubator/organisations')
      .set(auth(accessToken))
      .send({ ...body, name: '无此社区', communityPath: 'd01.s01.c07', communitiesServed: ['d01.s01.c07'] })
      .expect(422);
    expect(missing.headers['content-type']).toContain('application/problem+json');
  });
});
