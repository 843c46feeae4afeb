import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEMO_PASSWORD_DEFAULT } from '@gz/identity';
import { EmbeddedPostgresError, startEmbeddedPostgres, type EmbeddedDatabase } from '@gz/platform';
import { parse } from 'yaml';
import { Cluster, freePort, repositoryRoot } from './cluster';
import { migrateAll, seedDemo } from './demo';
import { startNatsServer, type LocalNats } from './nats-server';
import { clusterTopology, mergeValues, type ClusterProcess } from './topology';

type Out = { log(line: string): void; error(line: string): void };

/** The chart's values with the given files over them (the demo district's street groups by default). */
export function clusterValues(files: string[], root = repositoryRoot()): Record<string, unknown> {
  const chart = path.join(root, 'charts', 'gongzhi');
  const read = (file: string) => (parse(readFileSync(file, 'utf8')) ?? {}) as Record<string, unknown>;
  const overrides = (files.length > 0 ? files : [path.join(chart, 'ci', 'demo-values.yaml')]).map(read);
  return mergeValues(read(path.join(chart, 'values.yaml')), ...overrides);
}

/** A pino JSON line as `LEVEL [context] message`; anything else as it is. */
function readable(line: string): string {
  if (!line.startsWith('{')) return line;
  try {
    const entry = JSON.parse(line) as { level?: number; msg?: string; context?: string; stack?: string };
    const level = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' }[entry.level ?? 30] ?? 'INFO';
    return `${level.padEnd(5)} ${entry.context ? `[${entry.context}] ` : ''}${entry.msg ?? ''}${entry.stack ? `\n${entry.stack}` : ''}`;
  } catch {
    return line;
  }
}

/**
 * `gz cluster [--values file …]` (npm run start:cluster): every service and the gateway as
 * separate processes on this machine over NATS, one process per Deployment of the chart's values
 * (the chart's defaults with charts/gongzhi/ci/demo-values.yaml over them unless files are
 * given: ticketing and dispatch each split into an s01 group and a default group for s02 and the
 * district-wide requests). Uses DATABASE_URL and NATS_URL when set; otherwise an embedded
 * PostgreSQL and a nats-server of its own, their data under GZ_DATA_DIR/cluster (.data/cluster).
 * Migrates, loads the demo district, prints where the gateway is and which process serves which
 * street, and stops everything on Ctrl-C.
 */
export async function runCluster(argv: string[], env: NodeJS.ProcessEnv, out: Out): Promise<number> {
  const { values: flags } = parseArgs({
    args: argv,
    options: { values: { type: 'string', multiple: true }, quiet: { type: 'boolean' } },
  });
  const root = repositoryRoot();
  let processes: ClusterProcess[];
  try {
    processes = clusterTopology(clusterValues(flags.values ?? [], root));
  } catch (error) {
    out.error(`cluster: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  const dataDir = path.resolve(env.GZ_DATA_DIR ?? '.data', 'cluster');
  let database: EmbeddedDatabase | undefined;
  let nats: LocalNats | undefined;
  let cluster: Cluster | undefined;
  const stopAll = async () => {
    await cluster?.stop();
    await nats?.stop();
    await database?.stop().catch(() => undefined);
  };
  let stopping = false;
  const onSignal = (signal: string) => {
    if (stopping) return;
    stopping = true;
    out.log(`${signal}: stopping every process`);
    void stopAll().then(() => process.exit(0));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    let databaseUrl = env.DATABASE_URL;
    if (!databaseUrl) {
      database = await startEmbeddedPostgres(dataDir, await freePort()).catch((error: unknown) => {
        if (error instanceof EmbeddedPostgresError) out.error(error.message);
        throw error;
      });
      databaseUrl = database.url;
    }
    const natsUrl = env.NATS_URL ?? (nats = await startNatsServer(path.join(dataDir, 'nats'), await freePort())).url;
    const shared: NodeJS.ProcessEnv = {
      ...env,
      LOG_LEVEL: env.LOG_LEVEL ?? 'info',
      // Without a collector to send traces to, the SDK would only cost start-up time and memory.
      OTEL_SDK_DISABLED: env.OTEL_SDK_DISABLED ?? (env.OTEL_EXPORTER_OTLP_ENDPOINT ? 'false' : 'true'),
    };
    out.log(`cluster: migrating and loading the demo district into ${database ? `the embedded PostgreSQL (${database.dataDir})` : 'DATABASE_URL'} …`);
    await migrateAll(databaseUrl, shared);
    const demo = await seedDemo(databaseUrl, shared);
    out.log(`cluster: starting ${processes.length} processes …`);
    cluster = await Cluster.start({
      processes,
      databaseUrl,
      natsUrl,
      env: shared,
      gatewayPort: env.PORT ? Number(env.PORT) : 3000,
      onLine: flags.quiet ? undefined : (name, line) => out.log(`${name.padEnd(18)}| ${readable(line)}`),
      // Ctrl-C reaches every process of the terminal's group at once: those exits are expected.
      onExit: (name, code, signal) => stopping || out.error(`cluster: ${name} exited (${code ?? signal})`),
    });
    const address = cluster.gatewayUrl.replace('127.0.0.1', 'localhost');
    const lines = [
      '',
      `Gongzhi cluster is ready: ${address}   (API ${address}/api/v1, docs ${address}/api/docs)`,
      `  database ${database ? `embedded PostgreSQL ${databaseUrl.replace(/:[^:@/]+@/, ':…@')} (data ${database.dataDir})` : 'DATABASE_URL'}`,
      `  bus      ${nats ? `nats-server ${natsUrl} (JetStream store ${path.join(dataDir, 'nats')})` : `NATS_URL ${natsUrl}`}, root ${env.BUS_ROOT ?? 'gz'}`,
      `  ${'process'.padEnd(18)}${'app'.padEnd(11)}${'streets'.padEnd(16)}${'pid'.padEnd(9)}${'ready in'.padEnd(10)}health`,
      ...cluster
        .members()
        .map(
          (m) =>
            `  ${m.name.padEnd(18)}${m.app.padEnd(11)}${(m.streets === '*' ? '* (every street)' : m.streets).padEnd(16)}${String(m.pid ?? '-').padEnd(9)}${`${((m.readyMs ?? 0) / 1000).toFixed(1)} s`.padEnd(10)}${m.healthUrl}`,
        ),
      `  demo district ${demo.created ? 'loaded' : 'already present'}; password of every account: ${env.GZ_DEMO_PASSWORD ? '(GZ_DEMO_PASSWORD)' : DEMO_PASSWORD_DEFAULT}; e.g. grid-worker (street s01), grid-worker-s02 (s02), district-admin`,
      '  Ctrl-C stops every process.',
      '',
    ];
    out.log(lines.join('\n'));
    // Runs until a signal stops it.
    return await new Promise<number>(() => undefined);
  } catch (error) {
    out.error(`cluster: ${error instanceof Error ? error.message : String(error)}`);
    await stopAll();
    return 1;
  }
}
