import { createTestDatabase, testBusRoot, type TestDatabase } from '@gz/testing';
import { Client } from 'pg';
import { runCli } from '../src';
import { serviceSchemas } from '../src/schemas';
import { IdentityEvents } from '@gz/contracts';

describe('gz, the command line', () => {
  let db: TestDatabase;
  const lines: string[] = [];
  const out = { log: (l: string) => lines.push(l), error: (l: string) => lines.push(`ERR ${l}`) };
  const env = () => ({ DATABASE_URL: db.url, BUS_ROOT: testBusRoot(), GZ_ADMIN_PASSWORD: 'Bootstrap-Passw0rd' });

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(async () => {
    await db.drop();
  });

  beforeEach(() => {
    lines.length = 0;
  });

  async function sql<T>(text: string): Promise<T[]> {
    const c = new Client({ connectionString: db.url });
    await c.connect();
    try {
      return (await c.query(text)).rows as T[];
    } finally {
      await c.end();
    }
  }

  it('refuses a weak admin password and writes nothing', async () => {
    expect(
      await runCli(
        ['bootstrap', '--code', 'd07', '--name', '示范区', '--admin', 'admin'],
        { ...env(), GZ_ADMIN_PASSWORD: 'admin' },
        out,
      ),
    ).toBe(1);
    expect(lines.join('\n')).toContain('unprocessable');
    expect(await sql('SELECT * FROM identity.org_unit')).toHaveLength(0);
  });

  it('bootstraps the district and its first admin, with their events in the outbox, once', async () => {
    expect(await runCli(['bootstrap', '--code', 'd07', '--name', '示范区', '--admin', 'admin'], env(), out)).toBe(0);
    expect(await sql('SELECT path, kind FROM identity.org_unit')).toEqual([{ path: 'd07', kind: 'district' }]);
    expect(await sql('SELECT username, roles, scopes FROM identity.app_user')).toEqual([
      { username: 'admin', roles: ['district_admin'], scopes: ['d07'] },
    ]);
    expect((await sql<{ type: string }>('SELECT type FROM identity.outbox ORDER BY id')).map((r) => r.type)).toEqual([
      IdentityEvents.orgCreated,
      IdentityEvents.userCreated,
    ]);
    expect(await runCli(['bootstrap', '--code', 'd08', '--name', 'x', '--admin', 'other'], env(), out)).toBe(1);
    expect(lines.join('\n')).toContain('bootstrapped already');
  });

  it('migrates every service schema (identity, registry, ticketing, dispatch, councils, incubator, evaluation) to its last migration, and again harmlessly', async () => {
    const migrated = async () =>
      Object.fromEntries(
        await Promise.all(
          ['identity', 'registry', 'ticketing', 'dispatch', 'councils', 'incubator', 'evaluation'].map(async (schema) => [
            schema,
            (await sql<{ name: string }>(`SELECT name FROM "${schema}".migrations ORDER BY timestamp, id`)).map(
              (r) => r.name,
            ),
          ]),
        ),
      );
    expect(await runCli(['migrate'], env(), out)).toBe(0);
    expect(lines).toEqual([
      'identity: migrated',
      'registry: migrated',
      'ticketing: migrated',
      'dispatch: migrated',
      'councils: migrated',
      'incubator: migrated',
      'evaluation: migrated',
    ]);
    const names = await migrated();
    for (const [schema, options] of serviceSchemas({})) {
      // every migration the service itself runs at start, with the platform's, in timestamp order
      const expected = [
        'PlatformTables1763856000000',
        'OutboxWriter1795392000000',
        ...options().migrations.map((m) => new m().name ?? m.name),
      ].sort((a, b) => Number(/\d+$/.exec(a)?.[0]) - Number(/\d+$/.exec(b)?.[0]));
      expect(names[schema]).toEqual(expected);
    }
    expect(names.ticketing).toEqual(expect.arrayContaining(['TicketingInit1764100000000']));
    expect(names.dispatch).toEqual(expect.arrayContaining(['DispatchInit1764100000001']));
    expect(names.councils).toEqual(expect.arrayContaining(['CouncilsInit1764200000001']));
    expect(names.incubator).toEqual(expect.arrayContaining(['IncubatorInit1764300000001']));
    expect(names.evaluation).toEqual(expect.arrayContaining(['EvaluationInit1764300000001']));
    const tables = await sql<{ t: string }>(
      `SELECT table_schema || '.' || table_name AS t FROM information_schema.tables
        WHERE table_schema || '.' || table_name IN ('registry.person', 'registry.import_job', 'ticketing.ticket', 'dispatch.dispatch_case', 'identity.org_unit')`,
    );
    expect(tables.map((r) => r.t).sort()).toEqual([
      'dispatch.dispatch_case',
      'identity.org_unit',
      'registry.import_job',
      'registry.person',
      'ticketing.ticket',
    ]);
    expect(await runCli(['migrate'], env(), out)).toBe(0);
    expect(await migrated()).toEqual(names);
  });

  it('explains itself', async () => {
    expect(await runCli(['nonsense'], env(), out)).toBe(2);
    expect(lines.join('\n')).toContain('gz migrate');
  });

  it('answers a mistyped option or a stray argument with a usage error, not a stack trace', async () => {
    expect(await runCli(['import-registry', '--mdoe', 'valid-rows', 'people.csv'], env(), out)).toBe(2);
    expect(await runCli(['reencrypt-registry', '--batch'], env(), out)).toBe(2);
    expect(await runCli(['bootstrap', 'd07'], env(), out)).toBe(2);
    expect(lines).toEqual([
      expect.stringMatching(/^ERR import-registry: .*--mdoe/),
      expect.stringMatching(/^ERR reencrypt-registry: .*--batch/),
      expect.stringMatching(/^ERR bootstrap: .*d07/),
    ]);
  });
});
