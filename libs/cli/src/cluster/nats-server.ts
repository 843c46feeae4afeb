import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import net from 'node:net';

export interface LocalNats {
  url: string;
  pid?: number;
  stop(): Promise<void>;
}

/** nats-server from NATS_SERVER_BIN, Debian's package (/usr/sbin/nats-server) or the PATH. */
export function natsServerBinary(): string | undefined {
  const candidates = [process.env.NATS_SERVER_BIN, '/usr/sbin/nats-server', '/usr/local/bin/nats-server'];
  const found = candidates.find((c) => c && existsSync(c));
  if (found) return found;
  return spawnSync('sh', ['-c', 'command -v nats-server'], { encoding: 'utf8' }).stdout.trim() || undefined;
}

/** A nats-server with JetStream of the cluster's own, its store in `storeDir`, on 127.0.0.1:`port`. */
export async function startNatsServer(storeDir: string, port: number): Promise<LocalNats> {
  const binary = natsServerBinary();
  if (!binary) throw new Error('no nats-server found (install Debian\'s nats-server, set NATS_SERVER_BIN, or give NATS_URL)');
  await mkdir(storeDir, { recursive: true });
  const child = spawn(binary, ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', storeDir], { stdio: 'ignore' });
  const orphan = () => child.kill('SIGTERM');
  process.once('exit', orphan);
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      process.removeListener('exit', orphan);
      resolve();
    }),
  );
  const until = Date.now() + 10_000;
  for (;;) {
    const up = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.end();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (up) break;
    if (child.exitCode !== null || Date.now() > until) throw new Error(`nats-server did not start on 127.0.0.1:${port}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url: `nats://127.0.0.1:${port}`,
    pid: child.pid,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
