import type { INestApplication } from '@nestjs/common';
import { createTestDatabase, deleteTestStream, testBusRoot, testEnv, type TestDatabase } from '@gz/testing';
import request from 'supertest';
import { auth, bootGateway, bootIdentity, bootStandalone, login, PASSWORD } from './support';

type Mode = 'standalone, in-process bus' | 'gateway and identity apart, over NATS';

interface Platform {
  http: INestApplication;
  apps: INestApplication[];
}

async function start(mode: Mode, env: NodeJS.ProcessEnv): Promise<Platform> {
  if (mode === 'standalone, in-process bus') {
    const app = await bootStandalone(env);
    return { http: app, apps: [app] };
  }
  const identity = await bootIdentity(env);
  const gateway = await bootGateway(env);
  return { http: gateway, apps: [gateway, identity] };
}

describe.each<Mode>(['standalone, in-process bus', 'gateway and identity apart, over NATS'])(
  'the gateway: %s',
  (mode) => {
    const nats = mode !== 'standalone, in-process bus';
    const root = testBusRoot();
    let db: TestDatabase;
    let platform: Platform;
    let env: NodeJS.ProcessEnv;
    const http = () => request(platform.http.getHttpServer());

    beforeAll(async () => {
      db = await createTestDatabase();
      env = testEnv({ databaseUrl: db.url, busRoot: root, nats, extra: { BUS_REQUEST_TIMEOUT_MS: '1500' } });
      platform = await start(mode, env);
    });

    afterAll(async () => {
      for (const app of platform.apps) await app.close();
      await db.drop();
      if (nats) await deleteTestStream(root);
    });

    it('signs in a demo account and answers who it is from the database', async () => {
      const tokens = await login(platform.http, 'district-admin');
      expect(tokens).toEqual({
        accessToken: expect.any(String),
        refreshToken: expect.any(String),
        expiresIn: expect.any(Number),
        tokenType: 'Bearer',
      });
      const me = await http().get('/api/v1/me').set(auth(tokens.accessToken)).expect(200);
      expect(me.body).toMatchObject({ username: 'district-admin', roles: ['district_admin'], scopes: ['d01'] });
      expect(me.headers['x-request-id']).toBeTruthy();
    });

    it('answers the organisation tree', async () => {
      const { accessToken } = await login(platform.http, 'district-admin');
      const tree = await http().get('/api/v1/orgs/tree').set(auth(accessToken)).expect(200);
      const district = tree.body[0];
      expect(district).toMatchObject({ code: 'd01', kind: 'district', path: 'd01' });
      const streets = district.children.filter((c: { kind: string }) => c.kind === 'street');
      expect(streets.map((s: { code: string }) => s.code)).toEqual(['s01', 's02']);
      for (const street of streets) {
        const communities = street.children.filter((c: { kind: string }) => c.kind === 'community');
        expect(communities).toHaveLength(2);
        for (const community of communities)
          expect(community.children.filter((c: { kind: string }) => c.kind === 'grid')).toHaveLength(3);
      }
    });

    it('refuses a request without a token, or with a forged one, as problem+json', async () => {
      const none = await http().get('/api/v1/me').expect(401);
      expect(none.headers['content-type']).toContain('application/problem+json');
      expect(none.body).toMatchObject({
        status: 401,
        code: 'unauthorized',
        title: 'Not signed in',
        instance: '/api/v1/me',
      });
      const { accessToken } = await login(platform.http, 'grid-worker');
      const [header, payload, signature] = accessToken.split('.');
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
      const forged = Buffer.from(JSON.stringify({ ...claims, roles: ['district_admin'], scopes: ['d01'] })).toString(
        'base64url',
      );
      await http()
        .get('/api/v1/me')
        .set(auth(`${header}.${forged}.${signature}`))
        .expect(401);
    });

    it('ends the whole session when an old refresh token is used again', async () => {
      const first = await login(platform.http, 'grid-worker');
      const second = (await http().post('/api/v1/auth/refresh').send({ refreshToken: first.refreshToken }).expect(200))
        .body;
      const reuse = await http().post('/api/v1/auth/refresh').send({ refreshToken: first.refreshToken }).expect(401);
      expect(reuse.body.code).toBe('unauthorized');
      await http().post('/api/v1/auth/refresh').send({ refreshToken: second.refreshToken }).expect(401);
    });

    it('locks an account after repeated failures, even against the right password', async () => {
      for (let i = 0; i < 5; i += 1) {
        const res = await http()
          .post('/api/v1/auth/login')
          .send({ username: 'resident', password: 'not-the-password' });
        expect([401, 423]).toContain(res.status);
      }
      const locked = await http()
        .post('/api/v1/auth/login')
        .send({ username: 'resident', password: PASSWORD })
        .expect(423);
      expect(locked.body.code).toBe('locked');
    });

    it('forbids a street admin of s01 from creating a user in s02', async () => {
      const { accessToken } = await login(platform.http, 'street-admin');
      const user = {
        username: 'gw-s02-new',
        displayName: '新网格员',
        password: 'Str0ng-Passw0rd',
        roles: ['grid_worker'],
        scopes: ['d01.s02.c01.g01'],
      };
      const denied = await http().post('/api/v1/users').set(auth(accessToken)).send(user).expect(403);
      expect(denied.body.code).toBe('forbidden');
      const allowed = await http()
        .post('/api/v1/users')
        .set(auth(accessToken))
        .send({ ...user, username: 'gw-s01-new', scopes: ['d01.s01.c01.g02'] })
        .expect(201);
      expect(allowed.body).toMatchObject({ username: 'gw-s01-new', scopes: ['d01.s01.c01.g02'], version: 1 });
      const admin = await login(platform.http, 'district-admin');
      const list = await http()
        .get('/api/v1/users')
        .query({ q: 'gw-s02-new' })
        .set(auth(admin.accessToken))
        .expect(200);
      expect(list.body.total).toBe(0);
    });

    it('answers bad input with 400 problem+json and writes nothing', async () => {
      const { accessToken } = await login(platform.http, 'district-admin');
      const malformed = await http()
        .post('/api/v1/users')
        .set(auth(accessToken))
        .set('content-type', 'application/json')
        .send('{"username": "broken-json",')
        .expect(400);
      expect(malformed.headers['content-type']).toContain('application/problem+json');
      expect(malformed.body.code).toBe('invalid');

      const wrongTypes = await http()
        .post('/api/v1/users')
        .set(auth(accessToken))
        .send({
          username: 'typed-wrong',
          displayName: 42,
          password: 'Str0ng-Passw0rd',
          roles: 'grid_worker',
          scopes: ['d01.s01'],
        })
        .expect(400);
      expect(Object.keys(wrongTypes.body.details.fields)).toEqual(expect.arrayContaining(['displayName', 'roles']));

      const unknown = await http()
        .post('/api/v1/users')
        .set(auth(accessToken))
        .send({
          username: 'unknown-field',
          displayName: 'x',
          password: 'Str0ng-Passw0rd',
          roles: ['grid_worker'],
          scopes: ['d01.s01'],
          isRoot: true,
        })
        .expect(400);
      expect(unknown.body.details.fields).toHaveProperty('isRoot');

      const huge = await http()
        .post('/api/v1/users')
        .set(auth(accessToken))
        .send({
          username: 'too-big',
          displayName: 'x'.repeat(70 * 1024),
          password: 'Str0ng-Passw0rd',
          roles: ['grid_worker'],
          scopes: ['d01.s01'],
        })
        .expect(413);
      expect(huge.headers['content-type']).toContain('application/problem+json');

      const list = await http().get('/api/v1/users').query({ pageSize: 200 }).set(auth(accessToken)).expect(200);
      const names = list.body.items.map((u: { username: string }) => u.username);
      for (const name of ['broken-json', 'typed-wrong', 'unknown-field', 'too-big']) expect(names).not.toContain(name);
    });

    it('rejects a query parameter of the wrong type', async () => {
      const { accessToken } = await login(platform.http, 'district-admin');
      const res = await http().get('/api/v1/users').query({ pageSize: 'lots' }).set(auth(accessToken)).expect(400);
      expect(res.body.details.fields).toHaveProperty('pageSize');
      // a page past any table (an OFFSET PostgreSQL cannot read) and a week date `new Date` cannot
      // read are 400, not 500
      const far = await http().get('/api/v1/users').query({ page: '1e21' }).set(auth(accessToken)).expect(400);
      expect(far.body.details.fields).toHaveProperty('page');
      const week = await http().get('/api/v1/audit').query({ from: '2026-W47' }).set(auth(accessToken)).expect(400);
      expect(week.body.details.fields).toHaveProperty('from');
      await http().get('/api/v1/audit').query({ from: '2026-11-01T00:00:00+08:00' }).set(auth(accessToken)).expect(200);
    });

    it('serves the OpenAPI document and the docs page', async () => {
      const doc = await http().get('/api/openapi.json').expect(200);
      expect(Object.keys(doc.body.paths)).toEqual(
        expect.arrayContaining(['/api/v1/auth/login', '/api/v1/me', '/api/v1/orgs/tree', '/api/v1/users']),
      );
      const page = await http().get('/api/docs').redirects(1).expect(200);
      expect(page.text).toContain('swagger');
    });

    it('reports itself ready', async () => {
      const ready = await http().get('/health/ready').expect(200);
      expect(ready.body.status).toBe('ok');
      await http()
        .get('/metrics')
        .expect(200)
        .expect(/gz_bus_request_duration_seconds/);
    });
  },
);

describe('the gateway while the identity service is away (NATS)', () => {
  const root = testBusRoot();
  let db: TestDatabase;
  let env: NodeJS.ProcessEnv;
  let gateway: INestApplication;
  let identity: INestApplication;

  beforeAll(async () => {
    db = await createTestDatabase();
    env = testEnv({ databaseUrl: db.url, busRoot: root, nats: true, extra: { BUS_REQUEST_TIMEOUT_MS: '1500' } });
    identity = await bootIdentity(env);
    gateway = await bootGateway(env);
  });

  afterAll(async () => {
    await gateway.close();
    await identity.close();
    await db.drop();
    await deleteTestStream(root);
  });

  it('answers 503 problem+json at once, and recovers by itself when the service returns', async () => {
    const { accessToken } = await login(gateway, 'district-admin');
    await request(gateway.getHttpServer()).get('/api/v1/me').set(auth(accessToken)).expect(200);

    await identity.close();
    const started = Date.now();
    const down = await request(gateway.getHttpServer()).get('/api/v1/me').set(auth(accessToken)).expect(503);
    expect(Date.now() - started).toBeLessThan(1500);
    expect(down.headers['content-type']).toContain('application/problem+json');
    expect(down.body).toMatchObject({ status: 503, code: 'unavailable' });

    identity = await bootIdentity(env, false);
    await new Promise((r) => setTimeout(r, 300));
    await request(gateway.getHttpServer()).get('/api/v1/me').set(auth(accessToken)).expect(200);
  });
});

describe('rate limits', () => {
  const root = testBusRoot();
  let db: TestDatabase;
  let app: INestApplication;

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await bootStandalone(
      testEnv({ databaseUrl: db.url, busRoot: root, nats: false, extra: { RATE_LIMIT_AUTH_PER_MINUTE: '5' } }),
    );
  });

  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  it('slows down repeated sign-in attempts from one address with 429', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i += 1) {
      statuses.push(
        (await request(app.getHttpServer()).post('/api/v1/auth/login').send({ username: 'nobody', password: 'x' }))
          .status,
      );
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429]);
  });
});

describe('an access token past its lifetime', () => {
  const root = testBusRoot();
  let db: TestDatabase;
  let app: INestApplication;

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await bootStandalone(
      testEnv({ databaseUrl: db.url, busRoot: root, nats: false, extra: { ACCESS_TOKEN_TTL_S: '5' } }),
    );
  });

  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  it('is refused with 401, also after it was accepted (and cached) while valid', async () => {
    const { accessToken, refreshToken } = await login(app, 'grid-worker');
    await request(app.getHttpServer()).get('/api/v1/me').set(auth(accessToken)).expect(200);
    await new Promise((r) => setTimeout(r, 5500));
    const expired = await request(app.getHttpServer()).get('/api/v1/me').set(auth(accessToken)).expect(401);
    expect(expired.body).toMatchObject({ code: 'unauthorized', detail: 'The access token has expired; refresh it' });
    const renewed = await request(app.getHttpServer()).post('/api/v1/auth/refresh').send({ refreshToken }).expect(200);
    await request(app.getHttpServer()).get('/api/v1/me').set(auth(renewed.body.accessToken)).expect(200);
  });
});
