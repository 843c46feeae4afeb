import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import {
  AuditActions,
  IdentityEvents,
  IdentityRoutes,
  type AccessTokenClaims,
  type Actor,
  type EventType,
  type OrgNode,
} from '@gz/contracts';
import { BusClient, connectBus, PlatformModule } from '@gz/platform';
import {
  busCaller,
  createTestDatabase,
  deleteTestStream,
  eventually,
  testBusRoot,
  testEnv,
  type TestDatabase,
} from '@gz/testing';
import { createLocalJWKSet, decodeProtectedHeader, exportPKCS8, generateKeyPair, jwtVerify } from 'jose';
import { createPublicKey } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DEMO_PASSWORD_DEFAULT, IdentityModule, seedDemoDistrict, SessionSweeper, totpCode } from '../src';

const PASSWORD = DEMO_PASSWORD_DEFAULT;

interface Harness {
  app: NestFastifyApplication;
  bus: BusClient;
  ds: DataSource;
  db: TestDatabase;
  root: string;
}

async function boot(nats: boolean, extra: Record<string, string> = {}, existing?: TestDatabase): Promise<Harness> {
  const db = existing ?? (await createTestDatabase());
  const root = testBusRoot();
  const env = testEnv({ databaseUrl: db.url, busRoot: root, nats, extra });
  const moduleRef = await Test.createTestingModule({
    imports: [PlatformModule.forRoot({ app: 'test', env }), IdentityModule.forRoot({ env })],
  }).compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), { logger: false });
  await connectBus(app);
  await app.init();
  return { app, bus: app.get(BusClient), ds: app.get(DataSource), db, root };
}

async function shutdown(h: Harness | undefined, nats: boolean): Promise<void> {
  if (!h) return;
  await h.app.close();
  await h.db.drop();
  if (nats) await deleteTestStream(h.root);
}

/** What the gateway does with a verified token: the actor it sends with each request. */
function actorOf(claims: AccessTokenClaims): Actor {
  return {
    kind: claims.kind,
    id: claims.kind === 'client' ? (claims.client_id as string) : claims.sub,
    username: claims.username,
    roles: claims.roles,
    scopes: claims.scopes,
    ...(claims.grants ? { grants: claims.grants } : {}),
  };
}

function api(h: () => Harness, issuer = 'gongzhi-identity') {
  const { call, failure } = busCaller(() => h().bus);
  const verify = async (token: string): Promise<AccessTokenClaims> => {
    const jwks = await call(IdentityRoutes.jwks);
    const { payload } = await jwtVerify(token, createLocalJWKSet(jwks), {
      issuer,
      audience: 'gongzhi',
      algorithms: ['ES256'],
    });
    return payload as unknown as AccessTokenClaims;
  };
  const login = (username: string, password = PASSWORD, otp?: string) =>
    call(IdentityRoutes.login, {
      username,
      password,
      ...(otp ? { otp } : {}),
      client: { ip: '203.0.113.7', userAgent: 'jest' },
    });
  const signIn = async (username: string, password = PASSWORD): Promise<Actor & { sid: string }> => {
    const pair = await login(username, password);
    const claims = await verify(pair.accessToken);
    return { ...actorOf(claims), sid: claims.sid as string };
  };
  return { call, failure, verify, login, signIn };
}

describe.each([
  ['the in-process bus', false],
  ['NATS', true],
])('identity over %s', (_name, nats) => {
  let h: Harness | undefined;
  const { call, failure, verify, login, signIn } = api(() => h as Harness);
  let districtAdmin: Actor;
  let streetAdmin: Actor;
  let auditor: Actor;

  const outboxRows = (type: EventType) =>
    (h as Harness).ds.query(
      `SELECT type, street, envelope, published_at FROM "identity".outbox WHERE type = $1 ORDER BY id`,
      [type],
    ) as Promise<
      Array<{
        type: string;
        street: string;
        envelope: { data: Record<string, unknown>; actor: { id: string } };
        published_at: Date | null;
      }>
    >;

  beforeAll(async () => {
    h = await boot(nats);
    const seeded = await seedDemoDistrict(h.ds, PASSWORD);
    expect(seeded.created).toBe(true);
    districtAdmin = await signIn('district-admin');
    streetAdmin = await signIn('street-admin');
    auditor = await signIn('auditor');
  });

  afterAll(() => shutdown(h, nats));

  describe('demo district', () => {
    it('is seeded once, with one account per role and the partner client', async () => {
      const result = await seedDemoDistrict((h as Harness).ds, PASSWORD);
      expect(result.created).toBe(false);
      const usernames = result.accounts.map((a) => a.username);
      expect(usernames).toEqual(
        expect.arrayContaining([
          'district-admin',
          'street-admin',
          'grid-worker',
          'resident',
          'auditor',
          'street-admin-s02',
        ]),
      );
      expect(new Set(result.accounts.map((a) => a.role)).size).toBe(11);
      expect(result.clients).toEqual([
        expect.objectContaining({ clientId: 'demo-sanitation', grants: ['tickets:read', 'tickets:feedback'] }),
      ]);
    });

    it('shows a district admin the whole tree and a street admin only the street', async () => {
      const [district, ...others] = await call(IdentityRoutes.orgTree, {}, districtAdmin);
      expect(others).toEqual([]);
      expect(district).toMatchObject({ path: 'd01', kind: 'district', name: '共治示范区', street: 'all' });
      expect(district.children.map((c) => c.code)).toEqual([
        'dep-civil',
        'dep-emergency',
        'dep-housing',
        'dep-market',
        'dep-parks',
        'dep-sanitation',
        'dep-urban',
        's01',
        's02',
      ]);
      const s01 = district.children.find((c) => c.code === 's01') as OrgNode;
      expect(s01.children.map((c) => c.code)).toEqual(['c01', 'c02', 'pm01', 'so01']);
      const c01 = s01.children[0];
      expect(c01.children.map((c) => c.path)).toEqual([
        'd01.s01.c01.g01',
        'd01.s01.c01.g02',
        'd01.s01.c01.g03',
        'd01.s01.c01.oc01',
      ]);
      expect(c01.children[0]).toMatchObject({ kind: 'grid', name: '第一网格', street: 's01' });

      const streetTree = await call(IdentityRoutes.orgTree, {}, streetAdmin);
      expect(streetTree.map((n) => n.path)).toEqual(['d01.s01']);
      expect(JSON.stringify(streetTree)).not.toContain('d01.s02');

      expect((await failure(IdentityRoutes.orgTree, {})).code).toBe('unauthorized');
    });
  });

  describe('sign-in', () => {
    it('issues an ES256 token that verifies against the JWKS', async () => {
      const pair = await login('district-admin');
      expect(pair).toMatchObject({ tokenType: 'Bearer', expiresIn: 900 });
      expect(pair.mfaEnrollmentRequired).toBeUndefined();
      const jwks = await call(IdentityRoutes.jwks);
      expect(jwks.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
      expect(JSON.stringify(jwks)).not.toContain('"d"');
      expect(decodeProtectedHeader(pair.accessToken)).toMatchObject({ alg: 'ES256', kid: jwks.keys[0].kid });
      const claims = await verify(pair.accessToken);
      expect(claims).toMatchObject({
        kind: 'user',
        username: 'district-admin',
        roles: ['district_admin'],
        scopes: ['d01'],
        amr: ['pwd'],
      });
      expect(claims.sid).toMatch(/^[0-9a-f-]{36}$/);
      expect(claims.exp - claims.iat).toBe(900);
      expect(claims.mfa_enroll).toBeUndefined();

      const me = await call(IdentityRoutes.me, {}, actorOf(claims));
      expect(me).toMatchObject({
        id: claims.sub,
        username: 'district-admin',
        displayName: '陈立新',
        status: 'active',
        mfaEnabled: false,
        version: 1,
      });
      expect(me).toMatchObject({ lastLoginAt: expect.any(String) });
    });

    it('keeps its signing key across restarts', async () => {
      const pair = await login('district-admin');
      const before = await call(IdentityRoutes.jwks);
      const second = await boot(false, {}, (h as Harness).db);
      try {
        const after = await second.bus.request(IdentityRoutes.jwks, 'all', {});
        expect(after.keys.map((k) => k.kid)).toEqual(before.keys.map((k) => k.kid));
        const other = await second.bus.request(IdentityRoutes.login, 'all', {
          username: 'district-admin',
          password: PASSWORD,
        });
        expect(decodeProtectedHeader(other.accessToken).kid).toBe(decodeProtectedHeader(pair.accessToken).kid);
        // a session started on one instance continues on the other
        await expect(
          second.bus.request(IdentityRoutes.refresh, 'all', { refreshToken: pair.refreshToken }),
        ).resolves.toHaveProperty('accessToken');
      } finally {
        await second.app.close();
      }
    });

    it('answers the same for an unknown user and a wrong password', async () => {
      expect(await failure(IdentityRoutes.login, { username: 'nobody-here', password: 'Whatever@2026' })).toMatchObject(
        {
          code: 'unauthorized',
          message: 'Wrong username or password',
        },
      );
      expect(
        await failure(IdentityRoutes.login, { username: 'command-operator', password: 'Whatever@2026' }),
      ).toMatchObject({
        code: 'unauthorized',
        message: 'Wrong username or password',
      });
    });

    it('validates the payload on the bus', async () => {
      const body = await failure(IdentityRoutes.login, { username: 'district-admin', password: PASSWORD, admin: true });
      expect(body.code).toBe('invalid');
      expect(JSON.stringify(body.details)).toContain('admin');
    });

    it('locks the account at the fifth failure, even for the right password, until an admin re-activates it', async () => {
      for (let i = 1; i <= 4; i++) {
        expect(
          (await failure(IdentityRoutes.login, { username: 'grid-worker-s02', password: `Wrong@pass${i}` })).code,
        ).toBe('unauthorized');
      }
      const fifth = await failure(IdentityRoutes.login, { username: 'grid-worker-s02', password: 'Wrong@pass5' });
      expect(fifth.code).toBe('locked');
      const lockedUntil = Date.parse(String(fifth.details?.lockedUntil));
      expect(lockedUntil - Date.now()).toBeGreaterThan(800_000);
      expect(lockedUntil - Date.now()).toBeLessThanOrEqual(900_000);
      expect((await failure(IdentityRoutes.login, { username: 'grid-worker-s02', password: PASSWORD })).code).toBe(
        'locked',
      );

      const events = await outboxRows(IdentityEvents.userLocked);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ street: 's02', envelope: { data: { username: 'grid-worker-s02' } } });

      const page = await call(IdentityRoutes.userList, { q: 'grid-worker-s02' }, districtAdmin);
      const locked = page.items[0];
      expect(locked.lockedUntil).not.toBeNull();
      const unlocked = await call(
        IdentityRoutes.userUpdate,
        { id: locked.id, version: locked.version, status: 'active' },
        districtAdmin,
      );
      expect(unlocked).toMatchObject({ lockedUntil: null, version: locked.version + 1 });
      await expect(login('grid-worker-s02')).resolves.toHaveProperty('accessToken');
    });

    it('refuses a disabled account', async () => {
      const user = await call(
        IdentityRoutes.userCreate,
        {
          username: 'to-disable',
          displayName: '停用测试',
          password: 'Disable@2026',
          roles: ['resident'],
          scopes: ['d01.s01.c02.g01'],
        },
        districtAdmin,
      );
      const pair = await login('to-disable', 'Disable@2026');
      await call(IdentityRoutes.userUpdate, { id: user.id, version: user.version, status: 'disabled' }, districtAdmin);
      expect((await failure(IdentityRoutes.login, { username: 'to-disable', password: 'Disable@2026' })).code).toBe(
        'forbidden',
      );
      // and its sessions ended with it
      expect((await failure(IdentityRoutes.refresh, { refreshToken: pair.refreshToken })).code).toBe('unauthorized');
    });
  });

  describe('sessions', () => {
    it('rotates refresh tokens within one session', async () => {
      const first = await login('command-operator');
      const second = await call(IdentityRoutes.refresh, { refreshToken: first.refreshToken });
      expect(second.refreshToken).not.toBe(first.refreshToken);
      const [c1, c2] = await Promise.all([verify(first.accessToken), verify(second.accessToken)]);
      expect(c2.sid).toBe(c1.sid);
      expect(c2.jti).not.toBe(c1.jti);
      const third = await call(IdentityRoutes.refresh, { refreshToken: second.refreshToken });
      expect((await verify(third.accessToken)).sid).toBe(c1.sid);
      // only hashes are stored
      const [{ n }] = await (h as Harness).ds.query(
        `SELECT count(*)::int AS n FROM "identity".refresh_token WHERE token_hash = $1`,
        [third.refreshToken],
      );
      expect(n).toBe(0);
    });

    it('revokes the whole family when an old refresh token is used again', async () => {
      const first = await login('community-secretary');
      const second = await call(IdentityRoutes.refresh, { refreshToken: first.refreshToken });
      const third = await call(IdentityRoutes.refresh, { refreshToken: second.refreshToken });
      const reuse = await failure(IdentityRoutes.refresh, { refreshToken: first.refreshToken });
      expect(reuse.code).toBe('unauthorized');
      // the newest token of the family is dead too
      expect((await failure(IdentityRoutes.refresh, { refreshToken: third.refreshToken })).code).toBe('unauthorized');
      const audit = await call(IdentityRoutes.auditList, { action: 'auth.refresh.reuse' }, auditor);
      expect(audit.items[0]).toMatchObject({ action: 'auth.refresh.reuse', outcome: 'failure' });
      // another session of the same user is untouched
      const other = await login('community-secretary');
      await expect(call(IdentityRoutes.refresh, { refreshToken: other.refreshToken })).resolves.toHaveProperty(
        'accessToken',
      );
    });

    it('ends the session on sign-out', async () => {
      const pair = await login('property-manager');
      await expect(call(IdentityRoutes.logout, { refreshToken: pair.refreshToken })).resolves.toEqual({ ok: true });
      expect((await failure(IdentityRoutes.refresh, { refreshToken: pair.refreshToken })).code).toBe('unauthorized');
      expect((await failure(IdentityRoutes.refresh, { refreshToken: 'x'.repeat(43) })).code).toBe('unauthorized');
    });

    it('sweeps sessions past their lifetime and nothing else', async () => {
      const old = await login('social-org-staff');
      const fresh = await login('social-org-staff');
      const oldSid = (await verify(old.accessToken)).sid;
      const ds = (h as Harness).ds;
      await ds.query(
        `UPDATE "identity".refresh_token SET expires_at = now() - interval '2 days' WHERE family_id = $1`,
        [oldSid],
      );
      expect(await (h as Harness).app.get(SessionSweeper).sweep()).toBe(1);
      const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM "identity".refresh_token WHERE family_id = $1`, [
        oldSid,
      ]);
      expect(n).toBe(0);
      expect((await failure(IdentityRoutes.refresh, { refreshToken: old.refreshToken })).code).toBe('unauthorized');
      await expect(call(IdentityRoutes.refresh, { refreshToken: fresh.refreshToken })).resolves.toHaveProperty(
        'accessToken',
      );
    });

    it('changes the password, keeping this session and ending the others', async () => {
      await call(
        IdentityRoutes.userCreate,
        {
          username: 'changer',
          displayName: '改密测试',
          password: 'Original@2026',
          roles: ['grid_worker'],
          scopes: ['d01.s01.c02.g02'],
        },
        districtAdmin,
      );
      const here = await login('changer', 'Original@2026');
      const elsewhere = await login('changer', 'Original@2026');
      const hereClaims = await verify(here.accessToken);
      const me = actorOf(hereClaims);
      expect(
        await failure(
          IdentityRoutes.changePassword,
          { currentPassword: 'Wrong@2026xx', newPassword: 'Changed@2026!' },
          me,
        ),
      ).toMatchObject({ code: 'forbidden' });
      expect(
        await failure(
          IdentityRoutes.changePassword,
          { currentPassword: 'Original@2026', newPassword: 'changer-2026-x' },
          me,
        ),
      ).toMatchObject({ code: 'unprocessable', details: { field: 'newPassword' } });
      await expect(
        call(
          IdentityRoutes.changePassword,
          { currentPassword: 'Original@2026', newPassword: 'Changed@2026!', sessionId: hereClaims.sid },
          me,
        ),
      ).resolves.toEqual({ ok: true });
      expect((await failure(IdentityRoutes.refresh, { refreshToken: elsewhere.refreshToken })).code).toBe(
        'unauthorized',
      );
      await expect(call(IdentityRoutes.refresh, { refreshToken: here.refreshToken })).resolves.toHaveProperty(
        'accessToken',
      );
      expect((await failure(IdentityRoutes.login, { username: 'changer', password: 'Original@2026' })).code).toBe(
        'unauthorized',
      );
      await expect(login('changer', 'Changed@2026!')).resolves.toHaveProperty('accessToken');
    });
  });

  describe('user administration', () => {
    it('keeps a street admin inside the street', async () => {
      const outside = await failure(
        IdentityRoutes.userCreate,
        {
          username: 'grid-s02-new',
          displayName: '越权',
          password: 'Gridder@2026',
          roles: ['grid_worker'],
          scopes: ['d01.s02.c01.g02'],
        },
        streetAdmin,
      );
      expect(outside).toMatchObject({ code: 'forbidden', details: { path: 'd01.s02.c01.g02' } });
      const elevated = await failure(
        IdentityRoutes.userCreate,
        {
          username: 'new-street-admin',
          displayName: '提权',
          password: 'Gridder@2026',
          roles: ['street_admin'],
          scopes: ['d01.s01'],
        },
        streetAdmin,
      );
      expect(elevated.code).toBe('forbidden');
      const inside = await call(
        IdentityRoutes.userCreate,
        {
          username: 'grid-s01-new',
          displayName: '新网格员',
          password: 'Gridder@2026',
          roles: ['grid_worker'],
          scopes: ['d01.s01.c01.g02'],
        },
        streetAdmin,
      );
      expect(inside).toMatchObject({
        username: 'grid-s01-new',
        roles: ['grid_worker'],
        scopes: ['d01.s01.c01.g02'],
        status: 'active',
        version: 1,
      });

      const list = await call(IdentityRoutes.userList, { pageSize: 200 }, streetAdmin);
      const names = list.items.map((u) => u.username);
      expect(names).toEqual(expect.arrayContaining(['grid-s01-new', 'grid-worker', 'street-admin']));
      expect(names).not.toContain('street-admin-s02');
      expect(names).not.toContain('district-admin');
      expect(list.total).toBe(list.items.length);

      const s02 = await call(IdentityRoutes.userList, { q: 'street-admin-s02' }, districtAdmin);
      expect((await failure(IdentityRoutes.userGet, { id: s02.items[0].id }, streetAdmin)).code).toBe('forbidden');
      await expect(call(IdentityRoutes.userGet, { id: inside.id }, streetAdmin)).resolves.toMatchObject({
        username: 'grid-s01-new',
      });
      const resident = await signIn('resident');
      expect((await failure(IdentityRoutes.userList, {}, resident)).code).toBe('forbidden');
    });

    it('refuses duplicates, unknown scopes and weak passwords', async () => {
      const base = { displayName: '测试', password: 'Strong@2026', roles: ['resident'], scopes: ['d01.s01.c01.g03'] };
      expect(
        await failure(IdentityRoutes.userCreate, { ...base, username: 'grid-worker' }, districtAdmin),
      ).toMatchObject({ code: 'conflict' });
      expect(
        await failure(
          IdentityRoutes.userCreate,
          { ...base, username: 'scope-test', scopes: ['d01.s01.c09'] },
          districtAdmin,
        ),
      ).toMatchObject({
        code: 'unprocessable',
        details: { path: 'd01.s01.c09' },
      });
      const weak = await failure(
        IdentityRoutes.userCreate,
        { ...base, username: 'weak-test', password: 'weakpassword' },
        districtAdmin,
      );
      expect(weak).toMatchObject({ code: 'unprocessable', details: { field: 'password' } });
    });

    it('refuses a stale version and records every change in the audit trail and the outbox', async () => {
      const user = await call(
        IdentityRoutes.userCreate,
        {
          username: 'versioned',
          displayName: '版本测试',
          password: 'Version@2026',
          roles: ['resident'],
          scopes: ['d01.s01.c02.g03'],
        },
        streetAdmin,
      );
      const created = (await outboxRows(IdentityEvents.userCreated)).find((r) => r.envelope.data.id === user.id);
      expect(created).toMatchObject({
        street: 's01',
        envelope: { actor: { id: streetAdmin.id }, data: { username: 'versioned', version: 1 } },
      });
      expect(JSON.stringify(created)).not.toContain('Version@2026');

      const updated = await call(
        IdentityRoutes.userUpdate,
        { id: user.id, version: 1, displayName: '版本测试二' },
        streetAdmin,
      );
      expect(updated).toMatchObject({ displayName: '版本测试二', version: 2 });
      const stale = await failure(
        IdentityRoutes.userUpdate,
        { id: user.id, version: 1, displayName: '过时' },
        streetAdmin,
      );
      expect(stale).toMatchObject({ code: 'conflict', details: { currentVersion: 2 } });
      await expect(call(IdentityRoutes.userGet, { id: user.id }, streetAdmin)).resolves.toMatchObject({
        displayName: '版本测试二',
        version: 2,
      });

      const events = (await outboxRows(IdentityEvents.userUpdated)).filter((r) => r.envelope.data.id === user.id);
      expect(events).toHaveLength(1);
      await eventually(
        async () => {
          const [row] = (await outboxRows(IdentityEvents.userUpdated)).filter((r) => r.envelope.data.id === user.id);
          return row.published_at ?? undefined;
        },
        10_000,
        'the relay to publish user.updated',
      );

      const trail = await call(IdentityRoutes.auditList, { action: 'user', actorId: streetAdmin.id }, auditor);
      expect(trail.items.slice(0, 2).map((e) => e.action)).toEqual([
        AuditActions.userUpdated,
        AuditActions.userCreated,
      ]);
      expect(trail.items[0]).toMatchObject({ target: user.id, actorName: 'street-admin', outcome: 'success' });
    });

    it('resets a password: the user signs in with the new one, all sessions end', async () => {
      const [target] = (await call(IdentityRoutes.userList, { q: 'grid-s01-new' }, streetAdmin)).items;
      const session = await login('grid-s01-new', 'Gridder@2026');
      const reset = await call(
        IdentityRoutes.userResetPassword,
        { id: target.id, newPassword: 'Resetted@2026' },
        streetAdmin,
      );
      expect(reset.version).toBe(target.version + 1);
      expect((await failure(IdentityRoutes.refresh, { refreshToken: session.refreshToken })).code).toBe('unauthorized');
      await expect(login('grid-s01-new', 'Resetted@2026')).resolves.toHaveProperty('accessToken');
      // a street admin cannot reset a district-level account
      const [da] = (await call(IdentityRoutes.userList, { q: 'district-admin' }, districtAdmin)).items;
      expect(
        (await failure(IdentityRoutes.userResetPassword, { id: da.id, newPassword: 'Takeover@2026' }, streetAdmin))
          .code,
      ).toBe('forbidden');
    });
  });

  describe('org units', () => {
    it('lets a street admin add a community to the street, once', async () => {
      const node = await call(
        IdentityRoutes.orgCreate,
        { parentPath: 'd01.s01', code: 'c03', name: '新苑社区', kind: 'community' },
        streetAdmin,
      );
      expect(node).toMatchObject({ path: 'd01.s01.c03', street: 's01', kind: 'community', children: [] });
      const again = await failure(
        IdentityRoutes.orgCreate,
        { parentPath: 'd01.s01', code: 'c03', name: '重复', kind: 'community' },
        streetAdmin,
      );
      expect(again.code).toBe('conflict');
      expect(
        (
          await failure(
            IdentityRoutes.orgCreate,
            { parentPath: 'd01.s02', code: 'c03', name: '越权', kind: 'community' },
            streetAdmin,
          )
        ).code,
      ).toBe('forbidden');
      expect(
        (
          await failure(
            IdentityRoutes.orgCreate,
            { parentPath: 'd01.s01', code: 'g09', name: '错层', kind: 'grid' },
            streetAdmin,
          )
        ).code,
      ).toBe('unprocessable');
      expect(
        (
          await failure(
            IdentityRoutes.orgCreate,
            { parentPath: 'd01.s01.c99', code: 'g01', name: '无父', kind: 'grid' },
            streetAdmin,
          )
        ).code,
      ).toBe('unprocessable');
      const events = await outboxRows(IdentityEvents.orgCreated);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ street: 's01', envelope: { data: { path: 'd01.s01.c03' } } });
      const tree = await call(IdentityRoutes.orgTree, {}, streetAdmin);
      expect(tree[0].children.map((c) => c.code)).toContain('c03');
    });
  });

  describe('second factor', () => {
    it('enrols TOTP, then asks for the code at sign-in', async () => {
      await call(
        IdentityRoutes.userCreate,
        {
          username: 'totp-user',
          displayName: '双因素',
          password: 'Totp@2026ab',
          roles: ['command_operator'],
          scopes: ['d01.s01'],
        },
        districtAdmin,
      );
      const first = await login('totp-user', 'Totp@2026ab');
      const me = actorOf(await verify(first.accessToken));
      const enrollment = await call(IdentityRoutes.totpEnroll, {}, me);
      expect(enrollment.secret).toMatch(/^[A-Z2-7]+=*$/);
      expect(enrollment.otpauthUrl).toMatch(/^otpauth:\/\/totp\/Gongzhi:totp-user\?/);
      expect(await failure(IdentityRoutes.totpActivate, { code: '000000' }, me)).toMatchObject({
        code: 'unprocessable',
      });
      await expect(call(IdentityRoutes.totpActivate, { code: await totpCode(enrollment.secret) }, me)).resolves.toEqual(
        { ok: true },
      );
      expect((await failure(IdentityRoutes.totpEnroll, {}, me)).code).toBe('conflict');
      // activation ended the password-only session
      expect((await failure(IdentityRoutes.refresh, { refreshToken: first.refreshToken })).code).toBe('unauthorized');

      const noCode = await failure(IdentityRoutes.login, { username: 'totp-user', password: 'Totp@2026ab' });
      expect(noCode.code).toBe('mfa_required');
      expect(noCode.message).toContain('6-digit code');
      const current = await totpCode(enrollment.secret);
      const wrong = current === '123456' ? '654321' : '123456';
      expect(
        (await failure(IdentityRoutes.login, { username: 'totp-user', password: 'Totp@2026ab', otp: wrong })).code,
      ).toBe('mfa_required');
      // the right code without the right password is still a wrong password
      expect(
        (await failure(IdentityRoutes.login, { username: 'totp-user', password: 'Totp@2026xx', otp: current })).code,
      ).toBe('unauthorized');
      const pair = await login('totp-user', 'Totp@2026ab', await totpCode(enrollment.secret));
      const claims = await verify(pair.accessToken);
      expect(claims.amr).toEqual(['pwd', 'otp']);
      await expect(call(IdentityRoutes.me, {}, actorOf(claims))).resolves.toMatchObject({
        mfaEnabled: true,
        version: 2,
      });
    });
  });

  describe('partner clients', () => {
    it('issues client-credentials tokens within the client grants', async () => {
      const answer = await call(IdentityRoutes.clientToken, {
        grant_type: 'client_credentials',
        client_id: 'demo-sanitation',
        client_secret: PASSWORD,
        scope: 'tickets:read',
      });
      expect(answer).toMatchObject({ token_type: 'Bearer', expires_in: 900, scope: 'tickets:read' });
      const claims = await verify(answer.access_token);
      expect(claims).toMatchObject({
        sub: 'client:demo-sanitation',
        kind: 'client',
        client_id: 'demo-sanitation',
        roles: ['partner_client'],
        scopes: ['d01.dep-sanitation'],
        grants: ['tickets:read'],
      });
      expect(claims.sid).toBeUndefined();
      await expect(call(IdentityRoutes.me, {}, actorOf(claims))).resolves.toMatchObject({
        clientId: 'demo-sanitation',
        status: 'active',
      });

      const all = await call(IdentityRoutes.clientToken, {
        grant_type: 'client_credentials',
        client_id: 'demo-sanitation',
        client_secret: PASSWORD,
      });
      expect(all.scope).toBe('tickets:read tickets:feedback');
      const tooMuch = await failure(IdentityRoutes.clientToken, {
        grant_type: 'client_credentials',
        client_id: 'demo-sanitation',
        client_secret: PASSWORD,
        scope: 'tickets:read tickets:delete',
      });
      expect(tooMuch).toMatchObject({ code: 'invalid', details: { scope: 'tickets:delete' } });
      expect(
        (
          await failure(IdentityRoutes.clientToken, {
            grant_type: 'client_credentials',
            client_id: 'demo-sanitation',
            client_secret: 'wrong-secret',
          })
        ).code,
      ).toBe('unauthorized');
    });

    it('creates a client with a one-time secret and refuses tokens once it is revoked', async () => {
      expect(
        (
          await failure(
            IdentityRoutes.clientCreate,
            { name: '越权', scopes: ['d01.dep-urban'], grants: ['tickets:read'] },
            streetAdmin,
          )
        ).code,
      ).toBe('forbidden');
      const created = await call(
        IdentityRoutes.clientCreate,
        { name: '城管局对接', scopes: ['d01.dep-urban'], grants: ['tickets:read'] },
        districtAdmin,
      );
      expect(created).toMatchObject({ name: '城管局对接', status: 'active', scopes: ['d01.dep-urban'] });
      expect(created.clientSecret.length).toBeGreaterThanOrEqual(40);
      const request = {
        grant_type: 'client_credentials' as const,
        client_id: created.clientId,
        client_secret: created.clientSecret,
      };
      await expect(call(IdentityRoutes.clientToken, request)).resolves.toHaveProperty('access_token');

      const listed = await call(IdentityRoutes.clientList, {}, districtAdmin);
      expect(listed.map((c) => c.clientId)).toEqual(expect.arrayContaining(['demo-sanitation', created.clientId]));
      expect(JSON.stringify(listed)).not.toContain(created.clientSecret);
      expect(await call(IdentityRoutes.clientList, {}, streetAdmin)).toEqual([]);

      expect((await failure(IdentityRoutes.clientRevoke, { clientId: created.clientId }, streetAdmin)).code).toBe(
        'forbidden',
      );
      await expect(
        call(IdentityRoutes.clientRevoke, { clientId: created.clientId }, districtAdmin),
      ).resolves.toMatchObject({ status: 'revoked' });
      expect((await failure(IdentityRoutes.clientToken, request)).code).toBe('unauthorized');
      expect(await outboxRows(IdentityEvents.clientRevoked)).toHaveLength(1);
    });
  });

  describe('audit trail', () => {
    it('shows sign-in failures to the auditor, newest first, and to no one else but district admins', async () => {
      await failure(IdentityRoutes.login, {
        username: 'auditor',
        password: 'NotIt@2026x',
        client: { ip: '198.51.100.9' },
      });
      const page = await call(IdentityRoutes.auditList, { action: 'auth.login.failed', pageSize: 5 }, auditor);
      expect(page.total).toBeGreaterThanOrEqual(7);
      expect(page.items).toHaveLength(5);
      expect(page.items[0]).toMatchObject({
        action: 'auth.login.failed',
        outcome: 'failure',
        target: 'auditor',
        details: { reason: 'password', ip: '198.51.100.9' },
      });
      const times = page.items.map((e) => Date.parse(e.at));
      expect([...times].sort((a, b) => b - a)).toEqual(times);
      expect(JSON.stringify(page)).not.toContain('NotIt@2026x');

      const second = await call(
        IdentityRoutes.auditList,
        { action: 'auth.login.failed', pageSize: 5, page: 2 },
        districtAdmin,
      );
      expect(second.items[0].id).not.toBe(page.items[0].id);
      const successes = await call(
        IdentityRoutes.auditList,
        { action: 'auth.login.succeeded', actorId: districtAdmin.id },
        auditor,
      );
      expect(successes.items.every((e) => e.actorId === districtAdmin.id)).toBe(true);
      expect(successes.total).toBeGreaterThanOrEqual(2);

      expect((await failure(IdentityRoutes.auditList, {}, streetAdmin)).code).toBe('forbidden');
      expect((await failure(IdentityRoutes.auditList, {})).code).toBe('unauthorized');
    });
  });
});

describe.each([
  ['the in-process bus', false],
  ['NATS', true],
])('identity sessions with short idle timeout and MFA for street admins, over %s', (_name, nats) => {
  let h: Harness | undefined;
  const { call, failure, verify, login } = api(() => h as Harness, 'https://id.example.gov');

  let signingKeyPem: string;

  beforeAll(async () => {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    signingKeyPem = await exportPKCS8(privateKey);
    h = await boot(nats, {
      SESSION_IDLE_TIMEOUT_S: '1',
      MFA_REQUIRED_ROLES: 'street_admin,district_admin',
      // as it comes from a one-line environment variable
      IDENTITY_SIGNING_KEY: signingKeyPem.replace(/\n/g, '\\n'),
      JWT_ISSUER: 'https://id.example.gov',
    });
    await seedDemoDistrict(h.ds, PASSWORD);
  });

  it('signs with the configured key', async () => {
    const pair = await login('grid-worker');
    const { payload } = await jwtVerify(pair.accessToken, createPublicKey(signingKeyPem), {
      issuer: 'https://id.example.gov',
      audience: 'gongzhi',
    });
    expect(payload.sub).toMatch(/^[0-9a-f-]{36}$/);
    const jwks = await call(IdentityRoutes.jwks);
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0].kid).toBe(decodeProtectedHeader(pair.accessToken).kid);
  });

  afterAll(() => shutdown(h, nats));

  it('expires a session left unused longer than the idle timeout', async () => {
    const pair = await login('grid-worker');
    const next = await call(IdentityRoutes.refresh, { refreshToken: pair.refreshToken });
    await new Promise((r) => setTimeout(r, 2100));
    expect(await failure(IdentityRoutes.refresh, { refreshToken: next.refreshToken })).toMatchObject({
      code: 'unauthorized',
      message: expect.stringMatching(/session expired/i),
    });
  });

  it('limits an admin without a second factor to enrolment', async () => {
    const pair = await login('street-admin');
    expect(pair.mfaEnrollmentRequired).toBe(true);
    const claims = await verify(pair.accessToken);
    expect(claims.mfa_enroll).toBe(true);
    const plain = await login('grid-worker');
    expect(plain.mfaEnrollmentRequired).toBeUndefined();
    expect((await verify(plain.accessToken)).mfa_enroll).toBeUndefined();
  });
});
