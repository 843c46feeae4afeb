import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { IdentityRoutes, type AccessTokenClaims, type Actor } from '@gz/contracts';
import { BusClient, connectBus, PlatformModule } from '@gz/platform';
import { createTestDatabase, testBusRoot, testEnv, type TestDatabase } from '@gz/testing';
import {
  createLocalJWKSet,
  decodeProtectedHeader,
  exportJWK,
  exportPKCS8,
  calculateJwkThumbprint,
  generateKeyPair,
  jwtVerify,
} from 'jose';
import { createPublicKey, randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DEMO_PASSWORD_DEFAULT, IdentityModule, seedDemoDistrict, totpCode } from '../src';
import { newTotpSecret } from '../src/crypto/totp';

/** Identity's secrets at rest: TOTP secrets and generated signing keys are sealed in the database. */
describe('identity secrets at rest', () => {
  const keyA = randomBytes(32).toString('base64');
  const keyB = randomBytes(32).toString('base64');
  const envA = { IDENTITY_SECRETS_KEY: keyA, IDENTITY_SECRETS_KEY_ID: 'k1' };
  // the rotation: a new current key, the old one kept to open what it sealed
  const envB = {
    IDENTITY_SECRETS_KEY: keyB,
    IDENTITY_SECRETS_KEY_ID: 'k2',
    IDENTITY_SECRETS_PREVIOUS_KEYS: `k1:${keyA}`,
  };

  let db: TestDatabase;
  let app: NestFastifyApplication | undefined;
  let bus: BusClient;
  let ds: DataSource;

  async function start(extra: Record<string, string>): Promise<void> {
    await app?.close();
    app = undefined;
    const env = testEnv({ databaseUrl: db.url, busRoot: testBusRoot(), nats: false, extra });
    const moduleRef = await Test.createTestingModule({
      imports: [PlatformModule.forRoot({ app: 'test', env }), IdentityModule.forRoot({ env })],
    }).compile();
    const next = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), { logger: false });
    await connectBus(next);
    try {
      await next.init();
    } catch (error) {
      await next.close().catch(() => undefined);
      throw error;
    }
    app = next;
    bus = next.get(BusClient);
    ds = next.get(DataSource);
  }

  const login = (username: string, otp?: string) =>
    bus.request(IdentityRoutes.login, 'all', {
      username,
      password: DEMO_PASSWORD_DEFAULT,
      ...(otp ? { otp } : {}),
    });
  const verify = async (token: string): Promise<AccessTokenClaims> => {
    const jwks = await bus.request(IdentityRoutes.jwks, 'all', {});
    const { payload } = await jwtVerify(token, createLocalJWKSet(jwks), {
      issuer: 'gongzhi-identity',
      audience: 'gongzhi',
      algorithms: ['ES256'],
    });
    return payload as unknown as AccessTokenClaims;
  };
  const actorOf = (c: AccessTokenClaims): Actor => ({
    kind: 'user',
    id: c.sub,
    username: c.username,
    roles: c.roles,
    scopes: c.scopes,
  });
  const storedTotp = async (username: string): Promise<string> => {
    const [row] = await ds.query(`SELECT totp_secret FROM "identity".app_user WHERE username = $1`, [username]);
    return row.totp_secret as string;
  };
  const storedKeys = (): Promise<Array<{ kid: string; private_pkcs8: string }>> =>
    ds.query(`SELECT kid, private_pkcs8 FROM "identity".signing_key ORDER BY created_at`);

  let totpSecret: string;
  let firstKid: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    await start(envA);
    await seedDemoDistrict(ds, DEMO_PASSWORD_DEFAULT);
  });

  afterAll(async () => {
    await app?.close();
    await db.drop();
  });

  it('stores a generated signing key sealed, and its tokens verify', async () => {
    const keys = await storedKeys();
    expect(keys).toHaveLength(1);
    expect(keys[0].private_pkcs8).toMatch(/^gz1:k1:/);
    expect(keys[0].private_pkcs8).not.toContain('PRIVATE KEY');
    firstKid = keys[0].kid;
    const pair = await login('grid-worker');
    expect(decodeProtectedHeader(pair.accessToken).kid).toBe(firstKid);
    expect((await verify(pair.accessToken)).username).toBe('grid-worker');
  });

  it('stores the TOTP secret sealed; sign-in with a code still works', async () => {
    const me = actorOf(await verify((await login('grid-worker')).accessToken));
    const enrollment = await bus.request(IdentityRoutes.totpEnroll, 'all', {}, { actor: me });
    totpSecret = enrollment.secret;
    const stored = await storedTotp('grid-worker');
    expect(stored).toMatch(/^gz1:k1:[^:]+:[^:]+:[^:]+$/);
    expect(stored).not.toContain(totpSecret);
    // activation compares the stored (sealed) value: it must still match
    await expect(
      bus.request(IdentityRoutes.totpActivate, 'all', { code: await totpCode(totpSecret) }, { actor: me }),
    ).resolves.toEqual({ ok: true });
    await expect(login('grid-worker')).rejects.toMatchObject({ body: { code: 'mfa_required' } });
    const pair = await login('grid-worker', await totpCode(totpSecret));
    expect((await verify(pair.accessToken)).amr).toEqual(['pwd', 'otp']);
  });

  it('after a key rotation, opens what the previous key sealed and seals it again with the new one', async () => {
    await start(envB);
    // the same signing key, opened with the previous key, now sealed under k2
    const keys = await storedKeys();
    expect(keys.map((k) => k.kid)).toEqual([firstKid]);
    expect(keys[0].private_pkcs8).toMatch(/^gz1:k2:/);
    expect(await storedTotp('grid-worker')).toMatch(/^gz1:k1:/);
    const pair = await login('grid-worker', await totpCode(totpSecret));
    expect(decodeProtectedHeader(pair.accessToken).kid).toBe(firstKid);
    expect((await verify(pair.accessToken)).amr).toEqual(['pwd', 'otp']);
    // a successful sign-in moved the secret to the current key
    const resealed = await storedTotp('grid-worker');
    expect(resealed).toMatch(/^gz1:k2:/);
    expect(resealed).not.toContain(totpSecret);

    // so the old key may now leave the ring
    await start({ IDENTITY_SECRETS_KEY: keyB, IDENTITY_SECRETS_KEY_ID: 'k2' });
    await expect(login('grid-worker', await totpCode(totpSecret))).resolves.toHaveProperty('accessToken');
  });

  it('refuses to start when the signing key is sealed under a key that is not configured, naming its id', async () => {
    await expect(
      start({ IDENTITY_SECRETS_KEY: randomBytes(32).toString('base64'), IDENTITY_SECRETS_KEY_ID: 'k3' }),
    ).rejects.toThrow(/key id k2, which is not configured/);
    await start({ IDENTITY_SECRETS_KEY: keyB, IDENTITY_SECRETS_KEY_ID: 'k2' });
  });

  it('still verifies a legacy plain TOTP secret, and seals it at the next sign-in', async () => {
    const plain = newTotpSecret();
    await ds.query(`UPDATE "identity".app_user SET totp_secret = $1, totp_enabled = true WHERE username = $2`, [
      plain,
      'command-operator',
    ]);
    await expect(login('command-operator')).rejects.toMatchObject({ body: { code: 'mfa_required' } });
    const pair = await login('command-operator', await totpCode(plain));
    expect((await verify(pair.accessToken)).amr).toEqual(['pwd', 'otp']);
    const stored = await storedTotp('command-operator');
    expect(stored).toMatch(/^gz1:k2:/);
    expect(stored).not.toContain(plain);
    await expect(login('command-operator', await totpCode(plain))).resolves.toHaveProperty('accessToken');
  });

  it('uses a legacy plain signing key row, sealing it at start', async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
    const jwk = await exportJWK(publicKey);
    const kid = await calculateJwkThumbprint(jwk);
    const pem = await exportPKCS8(privateKey);
    await ds.query(
      `INSERT INTO "identity".signing_key (kid, alg, public_jwk, private_pkcs8, created_at, active)
       VALUES ($1, 'ES256', $2, $3, now() + interval '1 second', true)`,
      [kid, JSON.stringify({ ...jwk, kid, alg: 'ES256', use: 'sig' }), pem],
    );
    await start({ IDENTITY_SECRETS_KEY: keyB, IDENTITY_SECRETS_KEY_ID: 'k2' });
    const row = (await storedKeys()).find((k) => k.kid === kid);
    expect(row?.private_pkcs8).toMatch(/^gz1:k2:/);
    const pair = await login('grid-worker', await totpCode(totpSecret));
    expect(decodeProtectedHeader(pair.accessToken).kid).toBe(kid);
    await expect(jwtVerify(pair.accessToken, publicKey)).resolves.toHaveProperty('payload');
  });

  it('stores a configured IDENTITY_SIGNING_KEY sealed too, and signs with it', async () => {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const pem = await exportPKCS8(privateKey);
    await start({
      IDENTITY_SECRETS_KEY: keyB,
      IDENTITY_SECRETS_KEY_ID: 'k2',
      IDENTITY_SIGNING_KEY: pem.replace(/\n/g, '\\n'),
    });
    const kid = await calculateJwkThumbprint(await exportJWK(createPublicKey(pem)));
    const row = (await storedKeys()).find((k) => k.kid === kid);
    expect(row?.private_pkcs8).toMatch(/^gz1:k2:/);
    const pair = await login('grid-worker', await totpCode(totpSecret));
    expect(decodeProtectedHeader(pair.accessToken).kid).toBe(kid);
    await expect(jwtVerify(pair.accessToken, createPublicKey(pem))).resolves.toHaveProperty('payload');
    await expect(verify(pair.accessToken)).resolves.toHaveProperty('sub');
  });

  it('refuses to start in production without a real key, naming the variable', () => {
    const env = testEnv({
      databaseUrl: db.url,
      busRoot: testBusRoot(),
      nats: false,
      extra: { NODE_ENV: 'production' },
    });
    expect(() => IdentityModule.forRoot({ env })).toThrow(/IDENTITY_SECRETS_KEY: required when NODE_ENV=production/);
  });
});
