import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './nats-server';

/** The newest PostgreSQL under /usr/lib/postgresql (Debian's layout), unless PG_BIN_DIR names one. */
function binDir(): string {
  if (process.env.PG_BIN_DIR) return process.env.PG_BIN_DIR;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(path.join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0) throw new Error('no PostgreSQL under /usr/lib/postgresql: install one or set PG_BIN_DIR');
  return path.join(root, versions[0], 'bin');
}

/** PostgreSQL refuses to run as root: as root it runs as the `postgres` user. */
function runAs(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const uid = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (uid.status !== 0 || gid.status !== 0) throw new Error('running as root, and there is no "postgres" user to run PostgreSQL as');
  return { uid: Number(uid.stdout), gid: Number(gid.stdout) };
}

const ENGLISH = { ...process.env, LC_ALL: 'C', LC_MESSAGES: 'C' };

/**
 * A PostgreSQL server of a test's own (trust auth, on a free port, its data in a temporary
 * folder), which the test can stop, kill and start again on the same port and data to see what
 * survives, without touching the machine's shared server. fsync is off: a killed server loses
 * nothing that way (the OS keeps what was written), only a machine crash would; commits stay
 * synchronous (an asynchronous commit still in shared memory dies with the server).
 */
export class DisposablePostgres {
  private process?: ChildProcess;
  private readonly bin = binDir();
  private readonly user = runAs();

  private constructor(
    readonly port: number,
    private readonly dir: string,
  ) {}

  static async start(): Promise<DisposablePostgres> {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'gz-pg-'));
    const server = new DisposablePostgres(await freePort(), dir);
    if (server.user) await chown(dir, server.user.uid, server.user.gid);
    const init = spawnSync(
      path.join(server.bin, 'initdb'),
      ['-D', server.dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync'],
      { ...server.user, env: ENGLISH, encoding: 'utf8' },
    );
    if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr || init.stdout}`);
    await server.resume();
    return server;
  }

  private get dataDir(): string {
    return path.join(this.dir, 'data');
  }

  /** The maintenance database of this server (it is the test's own: use it, or create others). */
  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  get running(): boolean {
    return this.process !== undefined;
  }

  /** Starts the server (again); waits until it accepts connections. A killed one recovers first. */
  async resume(): Promise<void> {
    const until = Date.now() + 30_000;
    for (;;) {
      const outcome = await this.startOnce();
      if (outcome === 'ready') return;
      // After a kill the old server's backends can hold the data folder for a moment.
      if (Date.now() > until) throw new Error(`PostgreSQL did not start on ${this.port}: ${outcome}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  private startOnce(): Promise<'ready' | string> {
    const child = spawn(
      path.join(this.bin, 'postgres'),
      [
        '-D', this.dataDir,
        '-p', String(this.port),
        '-c', 'listen_addresses=127.0.0.1',
        '-c', `unix_socket_directories=${this.dir}`,
        '-c', 'fsync=off',
        '-c', 'full_page_writes=off',
        '-c', 'max_connections=200',
      ],
      { ...this.user, env: ENGLISH, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    // Never left running by a test process that ends without disposing of it.
    const orphan = () => child.kill('SIGQUIT');
    process.once('exit', orphan);
    child.once('exit', () => process.removeListener('exit', orphan));
    return new Promise((resolve) => {
      let output = '';
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('database system is ready to accept connections')) {
          child.stderr?.off('data', onData);
          child.stderr?.resume();
          this.process = child;
          child.once('exit', () => {
            if (this.process === child) this.process = undefined;
          });
          resolve('ready');
        }
      };
      child.stderr?.on('data', onData);
      child.once('exit', () => resolve(output.trim().split('\n').pop() ?? 'exited'));
    });
  }

  /**
   * Stops the server: `fast` (SIGINT: sessions are ended, 57P01) or `immediate` (SIGQUIT: a crash
   * as far as clients can tell; the next start recovers from the WAL).
   */
  async stop(mode: 'fast' | 'immediate' = 'fast'): Promise<void> {
    await this.signal(mode === 'fast' ? 'SIGINT' : 'SIGQUIT');
  }

  /** SIGKILL to the postmaster: its backends notice it is gone and exit; the next start recovers. */
  async kill(): Promise<void> {
    await this.signal('SIGKILL');
  }

  private async signal(signal: NodeJS.Signals): Promise<void> {
    const p = this.process;
    if (!p || p.exitCode !== null || p.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      p.once('exit', () => resolve());
      p.kill(signal);
    });
    this.process = undefined;
  }

  async dispose(): Promise<void> {
    await this.stop('immediate');
    await rm(this.dir, { recursive: true, force: true });
  }
}
