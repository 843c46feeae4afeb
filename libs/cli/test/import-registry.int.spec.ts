import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase, TEST_NATS_URL, testBusRoot, type TestDatabase } from '@gz/testing';
import { runCli } from '../src';

// The import itself (report, idempotent re-import) is tested against a migrated registry in
// libs/registry/test/import.e2e.spec.ts; here: arguments, and a database the registry never migrated.
describe('gz import-registry', () => {
  let db: TestDatabase;
  let dir: string;
  const lines: string[] = [];
  const out = { log: (l: string) => lines.push(l), error: (l: string) => lines.push(`ERR ${l}`) };

  beforeAll(async () => {
    db = await createTestDatabase();
    dir = await mkdtemp(path.join(os.tmpdir(), 'gz-cli-import-'));
  });

  afterAll(async () => {
    await db.drop();
    await rm(dir, { recursive: true, force: true });
  });

  beforeEach(() => {
    lines.length = 0;
  });

  it('needs one file and a known mode', async () => {
    const env = { DATABASE_URL: db.url, BUS_ROOT: testBusRoot() };
    expect(await runCli(['import-registry'], env, out)).toBe(2);
    expect(await runCli(['import-registry', 'a.csv', '--mode', 'some'], env, out)).toBe(2);
    expect(lines.join('\n')).toContain('--mode all-or-nothing (default) or valid-rows');
  });

  it('explains itself in the usage', async () => {
    expect(await runCli(['help'], {}, out)).toBe(0);
    expect(lines.join('\n')).toContain('gz import-registry <file.csv|xlsx>');
  });

  it('refuses a database whose registry schema is not migrated', async () => {
    const file = path.join(dir, 'x.csv');
    await writeFile(file, '网格,地址,门牌号,姓名,居住类型\nd01.s01.c01.g01,某路1号,101,张三,户籍\n');
    await expect(
      runCli(
        ['import-registry', file],
        { DATABASE_URL: db.url, BUS_ROOT: testBusRoot(), NATS_URL: TEST_NATS_URL },
        out,
      ),
    ).rejects.toThrow('not migrated');
  });
});
