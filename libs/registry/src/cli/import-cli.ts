import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { districtOfPath, type Actor, type ImportJobView, type ImportMode } from '@gz/contracts';
import {
  BusClient,
  loadConfig,
  NatsBusTransport,
  NatsConnector,
  OrgGrids,
  OrgTreeConfig,
  Outbox,
  PlatformConfig,
  readSpreadsheet,
} from '@gz/platform';
import { openRegistrySchema } from '../persistence/schema';
import { piiKeysOf, RegistryConfig } from '../registry.config';
import { runImport } from '../services/import.service';
import { PersonalData } from '../crypto/personal-data';
import { PiiCipher } from '../crypto/pii';

/** The PII keys from the environment, as the registry service reads them (a ConfigError names a wrong variable). */
export function personalDataFromEnv(env: NodeJS.ProcessEnv): PersonalData {
  return new PersonalData(new PiiCipher(piiKeysOf(loadConfig(RegistryConfig, env))));
}

/** How long the CLI waits for NATS before giving up. */
const NATS_CONNECT_TIMEOUT_MS = 5000;

/**
 * Which grids exist, asked of the identity service over NATS as the registry service asks it
 * (the CLI never reads identity's tables). Needs NATS_URL; `close` ends the connection.
 */
export async function orgGridsOverNats(env: NodeJS.ProcessEnv): Promise<{ grids: OrgGrids; close(): Promise<void> }> {
  const platform = loadConfig(PlatformConfig, env);
  if (!platform.NATS_URL) throw new Error('the identity service is asked which grids exist over NATS: set NATS_URL');
  const connector = new NatsConnector(platform.NATS_URL, 'gz-cli');
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      connector.ready,
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`NATS at ${platform.NATS_URL} did not answer within ${NATS_CONNECT_TIMEOUT_MS} ms`)),
          NATS_CONNECT_TIMEOUT_MS,
        );
      }),
    ]);
  } catch (error) {
    await connector.close();
    throw error;
  } finally {
    clearTimeout(timer);
  }
  const bus = new BusClient(new NatsBusTransport(connector), platform);
  const ttlMs = loadConfig(OrgTreeConfig, env).ORG_TREE_CACHE_S * 1000;
  return { grids: OrgGrids.overBus(bus, ttlMs, 'registry'), close: () => connector.close() };
}

/**
 * `gz import-registry`: imports a CSV or XLSX file straight into DATABASE_URL with the same
 * function as the service, as district IT (scopes: `scope`, default the districts named in the
 * file). Grid paths are checked with the identity service over NATS; the events go to the
 * registry's outbox, which the registry service's relay publishes.
 */
export async function importRegistryFile(
  url: string,
  env: NodeJS.ProcessEnv,
  file: string,
  o: {
    mode: ImportMode;
    scope?: string;
    onProgress?: (processed: number, total: number, jobId: string) => void;
    /** which grids exist; asked of the identity service over NATS when not given */
    grids?: OrgGrids;
  },
): Promise<ImportJobView> {
  const pii = personalDataFromEnv(env);
  const cells = await readSpreadsheet(await readFile(file), file);
  const districts = [
    ...new Set(
      cells.slice(1).flatMap((r) => r.filter((c) => /^[a-z][\w-]*\.[a-z][\w-]*\./.test(c)).map(districtOfPath)),
    ),
  ];
  const actor: Actor = {
    kind: 'system',
    id: 'gz-cli',
    username: 'gz import-registry',
    roles: ['district_admin'],
    scopes: o.scope ? [o.scope] : districts,
  };
  const ds = await openRegistrySchema(url);
  try {
    const identity = o.grids ? { grids: o.grids, close: async () => undefined } : await orgGridsOverNats(env);
    try {
      const outbox = new Outbox('registry', loadConfig(PlatformConfig, env).BUS_ROOT);
      return await runImport(ds, pii, cells, {
        fileName: path.basename(file),
        mode: o.mode,
        actor,
        outbox,
        grids: identity.grids,
        onProgress: o.onProgress,
      });
    } finally {
      await identity.close();
    }
  } finally {
    await ds.destroy();
  }
}
