import { randomBytes } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Page, PersonView } from '@gz/contracts';
import { DatabaseRegistry } from '@gz/platform';
import { createTestDatabase, testBusRoot, testEnv, type TestDatabase } from '@gz/testing';
import request from 'supertest';
import { DEMO_BUILDINGS, demoIdNumber } from '../src';
import { auth, bootPlatform, login } from './support';

const key = () => randomBytes(32).toString('base64');
const wang = DEMO_BUILDINGS[0].households[1].members[0]; // 王秀英, with identity number and phone

describe('gz reencrypt-registry after a key rotation', () => {
  let db: TestDatabase;
  let app: NestFastifyApplication | undefined;
  const lines: string[] = [];
  const out = { log: (l: string) => lines.push(l), error: (l: string) => lines.push(`ERR ${l}`) };
  const [A, B, indexA, indexB] = [key(), key(), key(), key()];
  let base: NodeJS.ProcessEnv;
  const http = () => request((app as NestFastifyApplication).getHttpServer());
  const sql = <T>(text: string): Promise<T[]> =>
    (app as NestFastifyApplication).get(DatabaseRegistry).get('registry').query(text);
  const boot = async (env: NodeJS.ProcessEnv) => {
    await app?.close();
    app = await bootPlatform(env);
  };
  const gz = async (args: string[], env: NodeJS.ProcessEnv) => {
    const { runCli } = await import('@gz/cli');
    lines.length = 0;
    return runCli(['reencrypt-registry', ...args], env, out);
  };
  const findByIdNumber = async () => {
    const token = await login(app as NestFastifyApplication, 'community-secretary');
    return (
      await http()
        .post('/api/v1/registry/persons/search')
        .set(auth(token))
        .send({ idNumber: demoIdNumber(wang) })
        .expect(200)
    ).body as Page<PersonView>;
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    base = testEnv({ databaseUrl: db.url, busRoot: testBusRoot(), nats: false, extra: { REMINDER_POLL_MS: '0' } });
  });

  afterAll(async () => {
    await app?.close();
    await db.drop();
  });

  it('seals every value under the new key (old key still known), then works without the old key; --reindex follows a new index key', async () => {
    // 1. data under key k1: the demo, and a pending change request holding a new phone (sealed too)
    const envA = { ...base, PII_ENCRYPTION_KEY: A, PII_KEY_ID: 'k1', PII_INDEX_KEY: indexA };
    await boot(envA);
    const admin = await login(app as NestFastifyApplication, 'district-admin');
    await http()
      .put('/api/v1/registry/sensitive-fields')
      .set(auth(admin))
      .send({ fields: ['phone'] })
      .expect(200);
    const [person] = (await findByIdNumber()).items;
    const worker = await login(app as NestFastifyApplication, 'grid-worker');
    const held = await http()
      .patch(`/api/v1/registry/persons/${person.id}`)
      .set(auth(worker))
      .send({ version: person.version, phone: '13811112222' })
      .expect(200);
    const requestId = held.body.pendingChangeRequest.id as string;
    const before = await sql<{ id: string; id_number_cipher: string }>(
      `SELECT id, id_number_cipher FROM "registry".person WHERE id_number_cipher IS NOT NULL`,
    );
    expect(
      await sql(`SELECT DISTINCT id_number_key_id AS k FROM "registry".person WHERE id_number_key_id IS NOT NULL`),
    ).toEqual([{ k: 'k1' }]);

    // 2. rotate: k2 is current; without k1 the command refuses and names it, writing nothing
    const envB = {
      ...base,
      PII_ENCRYPTION_KEY: B,
      PII_KEY_ID: 'k2',
      PII_PREVIOUS_KEYS: `k1:${A}`,
      PII_INDEX_KEY: indexA,
    };
    expect(await gz([], { ...envB, PII_PREVIOUS_KEYS: undefined })).toBe(1);
    expect(lines.join('\n')).toMatch(/sealed under k1, not configured: add it to PII_PREVIOUS_KEYS/);
    expect(await gz(['--batch', '0'], envB)).toBe(2);

    expect(await gz(['--batch', '4'], envB)).toBe(0);
    const persons = before.length;
    const phones = (
      await sql<{ n: number }>(`SELECT count(*)::int AS n FROM "registry".person WHERE phone_cipher IS NOT NULL`)
    )[0].n;
    expect(lines).toContain(
      `key k2: re-encrypted ${persons} identity numbers, ${phones} phones and 1 change requests (${(await sql<{ n: number }>(`SELECT count(*)::int AS n FROM "registry".person WHERE id_number_cipher IS NOT NULL OR phone_cipher IS NOT NULL`))[0].n} persons looked at)`,
    );
    expect(lines[0]).toBe('reencrypt-registry: 4 persons looked at, 4 rewritten'); // progress after the first batch of 4
    expect(lines).toContain('no value is sealed under another key: older keys may leave PII_PREVIOUS_KEYS');
    expect(
      await sql(
        `SELECT k FROM (SELECT id_number_key_id AS k FROM "registry".person UNION SELECT phone_key_id FROM "registry".person UNION SELECT values_key_id FROM "registry".change_request) x WHERE k IS NOT NULL`,
      ),
    ).toEqual([{ k: 'k2' }]);
    const after = new Map(
      (
        await sql<{ id: string; id_number_cipher: string }>(
          `SELECT id, id_number_cipher FROM "registry".person WHERE id_number_cipher IS NOT NULL`,
        )
      ).map((r) => [r.id, r.id_number_cipher]),
    );
    expect(before.every((r) => after.get(r.id) !== r.id_number_cipher)).toBe(true);
    // idempotent: nothing left to do
    expect(await gz([], envB)).toBe(0);
    expect(lines).toContain(
      'key k2: re-encrypted 0 identity numbers, 0 phones and 0 change requests (0 persons looked at)',
    );

    // 3. k1 dropped: exact search, reveal and the change request still work
    const envK2 = { ...envB, PII_PREVIOUS_KEYS: undefined };
    await boot(envK2);
    expect((await findByIdNumber()).items.map((p) => p.id)).toEqual([person.id]);
    const secretary = await login(app as NestFastifyApplication, 'community-secretary');
    const full = await http()
      .post(`/api/v1/registry/persons/${person.id}/reveal`)
      .set(auth(secretary))
      .send({ fields: ['idNumber', 'phone'], reason: '密钥轮换核对' })
      .expect(200);
    expect(full.body).toEqual({ id: person.id, idNumber: demoIdNumber(wang), phone: wang.phone });
    await http().post(`/api/v1/registry/change-requests/${requestId}/approve`).set(auth(secretary)).expect(200);
    const phoneHits = await http()
      .post('/api/v1/registry/persons/search')
      .set(auth(secretary))
      .send({ phone: '13811112222' })
      .expect(200);
    expect(phoneHits.body.items.map((p: PersonView) => p.id)).toEqual([person.id]);

    // 4. a new index key: exact search misses until --reindex has run, then finds again
    const envC = { ...envK2, PII_INDEX_KEY: indexB };
    await boot(envC);
    expect((await findByIdNumber()).total).toBe(0);
    // registered in that window: the duplicate check cannot see rows not yet re-indexed
    const staff = await login(app as NestFastifyApplication, 'community-secretary');
    const twin = await http()
      .post('/api/v1/registry/persons')
      .set(auth(staff))
      .send({ name: '王秀英', idNumber: demoIdNumber(wang), residenceType: 'registered', gridPath: 'd01.s01.c01.g03' })
      .expect(201);
    expect(await gz(['--reindex'], envC)).toBe(1);
    expect(lines).toContain(
      `identity numbers registered twice meanwhile, left on the old index (resolve, then run again): ${person.id}`,
    );
    expect(lines).toContain(`blind indexes rewritten under the current PII_INDEX_KEY: ${persons - 1 + phones}`);
    expect(
      (await http().post('/api/v1/registry/persons/search').set(auth(staff)).send({ phone: '13811112222' }).expect(200))
        .body.total,
    ).toBe(1);
    // resolved (the twin was a mistake), the next run finishes the job
    await http()
      .patch(`/api/v1/registry/persons/${twin.body.id}`)
      .set(auth(staff))
      .send({ version: twin.body.version, idNumber: null, birthDate: wang.birthDate, gender: wang.gender })
      .expect(200);
    expect(await gz(['--reindex'], envC)).toBe(0);
    expect(lines).toContain('blind indexes rewritten under the current PII_INDEX_KEY: 1');
    expect((await findByIdNumber()).items.map((p) => p.id)).toEqual([person.id]);
    expect(await gz(['--reindex'], envC)).toBe(0);
    expect(lines).toContain('blind indexes rewritten under the current PII_INDEX_KEY: 0');
  });
});
