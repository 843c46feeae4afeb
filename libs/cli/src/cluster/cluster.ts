import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { ClusterProcess } from './topology';

/** The checkout the cluster runs from: the folder of the package.json named `gongzhi` above this file. */
export function repositoryRoot(from = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'gongzhi') return dir;
    if (dir === path.dirname(dir)) throw new Error(`no gongzhi checkout above ${from}`);
  }
}

export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface ClusterOptions {
  /** what each process runs, one per entry */
  processes: ClusterProcess[];
  databaseUrl: string;
  natsUrl: string;
  /** given to every process (BUS_ROOT, LOG_LEVEL, keys …), under the cluster's own settings */
  env?: NodeJS.ProcessEnv;
  /** the gateway's port (a free one when not given) */
  gatewayPort?: number;
  /** where the apps listen, 127.0.0.1 by default */
  host?: string;
  /** each line an app writes, by process name */
  onLine?: (process: string, line: string) => void;
  /** each process that ends without being asked to */
  onExit?: (process: string, code: number | null, signal: NodeJS.Signals | null) => void;
  /** node flags for every app, e.g. --max-old-space-size */
  nodeArgs?: string[];
  readyTimeoutMs?: number;
}

/** One running (or stopped) process of the cluster. */
export interface ClusterMember extends ClusterProcess {
  /** HEALTH_PORT of a service, PORT of the gateway */
  port: number;
  pid?: number;
  /** from spawn to /health/ready answering 200, at its last start */
  readyMs?: number;
  healthUrl: string;
}

interface Running {
  member: ClusterMember;
  child?: ChildProcess;
  exited?: Promise<void>;
  expectExit: boolean;
}

// Eight apps loading at once on two cores take a while; one alone is ready in a few seconds.
const READY_TIMEOUT_MS = 180_000;
const STOP_TIMEOUT_MS = 10_000;

/**
 * Every service and the gateway as separate processes on this machine over one NATS and one
 * PostgreSQL (which the caller provides), each listening on 127.0.0.1. Processes can be killed
 * and started again one by one, with the same ports and settings.
 */
export class Cluster {
  private readonly running = new Map<string, Running>();
  private readonly root = repositoryRoot();

  private constructor(private readonly options: ClusterOptions) {}

  /** Starts every process at once and waits until each is ready. */
  static async start(options: ClusterOptions): Promise<Cluster> {
    const cluster = new Cluster(options);
    const host = options.host ?? '127.0.0.1';
    for (const p of options.processes) {
      const entry = cluster.entryOf(p.app);
      if (!existsSync(entry)) throw new Error(`${path.relative(cluster.root, entry)} is missing: run npm run build (is "${p.app}" an app?)`);
      const port = p.app === 'gateway' ? (options.gatewayPort ?? (await freePort(host))) : await freePort(host);
      cluster.running.set(p.name, {
        member: { ...p, port, healthUrl: `http://${host}:${port}/health/ready` },
        expectExit: false,
      });
    }
    try {
      await Promise.all(options.processes.map((p) => cluster.launch(p.name)));
    } catch (error) {
      await cluster.stop();
      throw error;
    }
    return cluster;
  }

  private entryOf(app: string): string {
    return path.join(this.root, 'dist', 'apps', app, 'src', 'main.js');
  }

  get gatewayUrl(): string {
    const gateway = [...this.running.values()].find((r) => r.member.app === 'gateway');
    if (!gateway) throw new Error('this cluster has no gateway');
    return `http://${this.options.host ?? '127.0.0.1'}:${gateway.member.port}`;
  }

  members(): ClusterMember[] {
    return [...this.running.values()].map((r) => ({ ...r.member, pid: r.child?.pid }));
  }

  member(name: string): ClusterMember {
    const r = this.running.get(name);
    if (!r) throw new Error(`no process ${name} in this cluster`);
    return { ...r.member, pid: r.child?.pid };
  }

  /** Spawns one process and waits for its readiness; answers the milliseconds it took. */
  private async launch(name: string): Promise<number> {
    const r = this.running.get(name)!;
    const { member } = r;
    const o = this.options;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ...o.env,
      ...member.env,
      SERVICE_NAME: member.name,
      APP: member.app,
      DATABASE_URL: o.databaseUrl,
      NATS_URL: o.natsUrl,
      HOST: o.host ?? '127.0.0.1',
      ...(member.app === 'gateway' ? { PORT: String(member.port) } : { HEALTH_PORT: String(member.port) }),
    };
    if (member.streets === '*') delete env.STREETS;
    else env.STREETS = member.streets;
    const started = performance.now();
    const child = spawn(process.execPath, ['--enable-source-maps', ...(o.nodeArgs ?? []), this.entryOf(member.app)], {
      cwd: this.root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    r.child = child;
    r.expectExit = false;
    r.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        if (r.child === child) r.child = undefined;
        if (!r.expectExit) o.onExit?.(name, code, signal);
        resolve();
      }),
    );
    for (const stream of [child.stdout, child.stderr]) {
      let rest = '';
      stream.on('data', (chunk: Buffer) => {
        const lines = (rest + chunk.toString('utf8')).split('\n');
        rest = lines.pop() ?? '';
        for (const line of lines) if (line) o.onLine?.(name, line);
      });
    }
    await this.untilReady(name, child, o.readyTimeoutMs ?? READY_TIMEOUT_MS);
    member.readyMs = performance.now() - started;
    return member.readyMs;
  }

  private async untilReady(name: string, child: ChildProcess, timeoutMs: number): Promise<void> {
    const { healthUrl } = this.running.get(name)!.member;
    const until = Date.now() + timeoutMs;
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null)
        throw new Error(`${name} exited (${child.exitCode ?? child.signalCode}) before it was ready`);
      try {
        const res = await fetch(healthUrl, { signal: AbortSignal.timeout(1000) });
        await res.arrayBuffer();
        if (res.status === 200) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > until) throw new Error(`${name} was not ready within ${timeoutMs / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Whether a process answers its readiness with 200 now. */
  async isReady(name: string): Promise<boolean> {
    try {
      const res = await fetch(this.member(name).healthUrl, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      return res.status === 200;
    } catch {
      return false;
    }
  }

  /** Sends a signal (SIGKILL: nothing is drained or flushed) and waits for the process to end. */
  async kill(name: string, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const r = this.running.get(name);
    if (!r?.child) return;
    r.expectExit = true;
    r.child.kill(signal);
    await r.exited;
  }

  /** Starts a stopped process again, on the same port with the same settings; answers ms to ready. */
  async restart(name: string): Promise<number> {
    const r = this.running.get(name);
    if (!r) throw new Error(`no process ${name} in this cluster`);
    if (r.child) await this.kill(name, 'SIGTERM');
    return this.launch(name);
  }

  /** Resident memory of a process now (VmRSS, bytes), from /proc. */
  rssBytes(name: string): number | undefined {
    const pid = this.running.get(name)?.child?.pid;
    if (!pid) return undefined;
    try {
      const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
      return kb ? Number(kb) * 1024 : undefined;
    } catch {
      return undefined;
    }
  }

  /** SIGTERM to every process (each drains and exits), SIGKILL to any still running after 10 s. */
  async stop(): Promise<void> {
    await Promise.all(
      [...this.running.keys()].map(async (name) => {
        const r = this.running.get(name)!;
        if (!r.child) return;
        r.expectExit = true;
        const child = r.child;
        const killer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
        child.kill('SIGTERM');
        await r.exited;
        clearTimeout(killer);
      }),
    );
  }
}
