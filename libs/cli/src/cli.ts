import { parseArgs } from 'node:util';
import {
  bootstrapDistrict,
  DEMO_PASSWORD_DEFAULT,
  IDENTITY_DATABASE,
  readOrgTree,
  seedDemoDistrict,
} from '@gz/identity';
import { DomainError, loadConfig, openServiceDatabase, OrgGrids, PlatformConfig } from '@gz/platform';
import { DataSource } from 'typeorm';
import { importRegistryFile, reencryptRegistryAt } from '@gz/registry';
import { runCluster } from './cluster/run-cluster';
import { serviceSchemas } from './schemas';

const USAGE = `gz: Gongzhi's command line for district IT (reads DATABASE_URL, BUS_ROOT, NATS_URL)

  gz migrate                     run every service's migrations (identity, registry, ticketing,
                                 dispatch); services also run their own at start
  gz bootstrap --code d01 --name 某某区 --admin admin [--display-name 系统管理员]
                                 first start of a deployment: the district and its first
                                 district admin (password from GZ_ADMIN_PASSWORD)
  gz seed-demo                   load the demo district (password GZ_DEMO_PASSWORD, default ${DEMO_PASSWORD_DEFAULT})
  gz import-registry <file.csv|xlsx> [--mode all-or-nothing|valid-rows] [--scope d01.s01]
                                 import households and persons (PII keys from PII_* like the
                                 registry service; grid paths checked with identity over NATS_URL,
                                 or read from the identity schema without it; events through the
                                 registry's outbox); prints progress and the
                                 row-by-row report; exit 1 when rows were refused
  gz cluster [--values file.yaml …] [--quiet]
                                 every service and the gateway as separate processes on this
                                 machine (npm run start:cluster), one per Deployment the chart's
                                 values make (default: charts/gongzhi/ci/demo-values.yaml, ticketing
                                 and dispatch split by street); DATABASE_URL and NATS_URL, or an
                                 embedded PostgreSQL and a nats-server of its own under .data/cluster
  gz reencrypt-registry [--batch 1000] [--reindex]
                                 after a key rotation (PII_KEY_ID/PII_ENCRYPTION_KEY new, the old
                                 key in PII_PREVIOUS_KEYS): seal every identity number, phone and
                                 change request under the current key; resumable, idempotent.
                                 --reindex also recomputes the blind indexes after PII_INDEX_KEY
                                 changed (exact search misses rows until it has finished)
`;

type Out = { log(line: string): void; error(line: string): void };

async function withIdentity<T>(config: PlatformConfig, run: (ds: DataSource) => Promise<T>): Promise<T> {
  const ds = await openServiceDatabase(config.DATABASE_URL as string, { schema: 'identity', ...IDENTITY_DATABASE }, 2);
  try {
    return await run(ds);
  } finally {
    await ds.destroy();
  }
}

/**
 * Without NATS (a standalone install on the in-process bus) no identity service can be asked which
 * grids exist: the org tree is read from the identity schema, with the query the service uses,
 * over a plain connection (a read migrates nothing).
 */
async function readingIdentity<T>(config: PlatformConfig, out: Out, run: (grids: OrgGrids) => Promise<T>): Promise<T> {
  const ds = await new DataSource({
    type: 'postgres',
    url: config.DATABASE_URL as string,
    extra: { max: 2 },
  }).initialize();
  try {
    out.log('no NATS_URL: the grids are read from the identity schema');
    return await run(new OrgGrids((district) => readOrgTree(ds, [district]), 60_000));
  } finally {
    await ds.destroy();
  }
}

/** Runs one command; returns the exit code. */
export async function runCli(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
  out: Out = console,
): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help') {
    out.log(USAGE);
    return command ? 0 : 2;
  }
  // The cluster starts a database of its own when DATABASE_URL is not set.
  if (command === 'cluster') return runCluster(rest, env, out);
  const config = loadConfig(PlatformConfig, env);
  if (!config.DATABASE_URL) {
    out.error('DATABASE_URL is not set: the CLI works on the platform database');
    return 2;
  }
  try {
    switch (command) {
      case 'migrate': {
        for (const [schema, options] of serviceSchemas(env)) {
          const ds = await openServiceDatabase(config.DATABASE_URL, { schema, ...options() }, 2);
          await ds.destroy();
          out.log(`${schema}: migrated`);
        }
        return 0;
      }
      case 'bootstrap': {
        const { values } = parseArgs({
          args: rest,
          options: {
            code: { type: 'string' },
            name: { type: 'string' },
            admin: { type: 'string' },
            'display-name': { type: 'string' },
          },
        });
        const password = env.GZ_ADMIN_PASSWORD;
        if (!values.code || !values.name || !values.admin || !password) {
          out.error('bootstrap needs --code, --name, --admin and the password in GZ_ADMIN_PASSWORD');
          return 2;
        }
        const result = await withIdentity(config, (ds) =>
          bootstrapDistrict(ds, {
            code: values.code as string,
            name: values.name as string,
            adminUsername: values.admin as string,
            adminDisplayName: (values['display-name'] as string | undefined) ?? '系统管理员',
            password,
            busRoot: config.BUS_ROOT,
          }),
        );
        out.log(`district ${values.code} created (${result.districtId}); sign in as ${values.admin}`);
        return 0;
      }
      case 'seed-demo': {
        const result = await withIdentity(config, (ds) =>
          seedDemoDistrict(ds, env.GZ_DEMO_PASSWORD || DEMO_PASSWORD_DEFAULT),
        );
        out.log(
          result.created
            ? `demo district loaded: ${result.accounts.length} accounts`
            : 'the demo district is already there',
        );
        return 0;
      }
      case 'import-registry': {
        const { values, positionals } = parseArgs({
          args: rest,
          allowPositionals: true,
          options: { mode: { type: 'string' }, scope: { type: 'string' } },
        });
        const mode = values.mode ?? 'all-or-nothing';
        if (positionals.length !== 1 || (mode !== 'all-or-nothing' && mode !== 'valid-rows')) {
          out.error('import-registry needs one file and --mode all-or-nothing (default) or valid-rows');
          return 2;
        }
        let shown = 0;
        const run = (grids?: OrgGrids) =>
          importRegistryFile(config.DATABASE_URL as string, env, positionals[0], {
            mode,
            scope: values.scope,
            grids,
            onProgress: (processed, total, jobId) => {
              if (shown === 0 || processed - shown >= 10000 || processed === total) {
                shown = processed;
                out.log(`import ${jobId}: ${processed}/${total} rows`);
              }
            },
          });
        // With NATS the running identity service says which grids exist; without it (a standalone
        // install on the in-process bus) the org tree is read from the identity schema.
        const job = config.NATS_URL ? await run() : await readingIdentity(config, out, run);
        out.log(`import ${job.id} (${job.fileName}, ${job.mode}): ${job.status}`);
        out.log(
          `rows ${job.total}: imported ${job.imported}, unchanged ${job.unchanged}, refused ${job.rejected}; buildings created ${job.buildingsCreated}, households created ${job.householdsCreated}`,
        );
        for (const p of job.problems) out.log(`  row ${p.row}  ${p.field}: ${p.reason}`);
        return job.problems.length > 0 ? 1 : 0;
      }
      case 'reencrypt-registry': {
        const { values } = parseArgs({
          args: rest,
          options: { batch: { type: 'string' }, reindex: { type: 'boolean' } },
        });
        const batchSize = values.batch === undefined ? 1000 : Number(values.batch);
        if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10000) {
          out.error('reencrypt-registry: --batch must be a whole number from 1 to 10000');
          return 2;
        }
        let shown = 0;
        const s = await reencryptRegistryAt(config.DATABASE_URL, env, {
          batchSize,
          reindex: values.reindex === true,
          onProgress: ({ persons, rewritten }) => {
            if (shown === 0 || persons - shown >= 10000) {
              shown = persons;
              out.log(`reencrypt-registry: ${persons} persons looked at, ${rewritten} rewritten`);
            }
          },
        });
        out.log(
          `key ${s.currentKeyId}: re-encrypted ${s.idNumbers} identity numbers, ${s.phones} phones and ${s.changeRequests} change requests (${s.personsScanned} persons looked at)`,
        );
        if (values.reindex) out.log(`blind indexes rewritten under the current PII_INDEX_KEY: ${s.indexes}`);
        if (s.conflicts.length > 0)
          out.log(
            `identity numbers registered twice meanwhile, left on the old index (resolve, then run again): ${s.conflicts.join(', ')}`,
          );
        const remaining = Object.entries(s.remaining);
        if (remaining.length === 0)
          out.log('no value is sealed under another key: older keys may leave PII_PREVIOUS_KEYS');
        else {
          out.log(
            `still under other keys: ${remaining.map(([k, n]) => `${k} ${n}`).join(', ')} (written meanwhile with an old key: give every registry instance the new key, then run again)`,
          );
        }
        return remaining.length === 0 && s.conflicts.length === 0 ? 0 : 1;
      }
      default:
        out.error(`unknown command ${command}\n\n${USAGE}`);
        return 2;
    }
  } catch (error) {
    if (error instanceof DomainError) {
      out.error(`${error.code}: ${error.message}`);
      return 1;
    }
    // parseArgs refuses an unknown option, a missing value or a stray argument: a usage error.
    const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_')) {
      out.error(`${command}: ${String(message)} (gz help lists the options)`);
      return 2;
    }
    throw error;
  }
}
