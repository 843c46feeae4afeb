import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Actor, ImportJobView, ImportMode } from '@gz/contracts';
import { loadConfig } from '@gz/platform';
import { DataSource } from 'typeorm';
import { readImportFile, runImport } from './import.service';
import { PersonalData } from './personal-data';
import { PiiCipher } from './pii';
import { piiKeysOf, RegistryConfig } from './registry.config';

/** The PII keys from the environment, as the registry service reads them (a ConfigError names a wrong variable). */
export function personalDataFromEnv(env: NodeJS.ProcessEnv): PersonalData {
  return new PersonalData(new PiiCipher(piiKeysOf(loadConfig(RegistryConfig, env))));
}

/** A connection to the registry schema; it must be migrated (the registry service migrates it when it starts). */
export async function openRegistrySchema(url: string, poolSize = 3): Promise<DataSource> {
  const ds = new DataSource({ type: 'postgres', url, schema: 'registry', entities: [], synchronize: false, logging: false, extra: { max: poolSize, application_name: 'gz-cli-registry' } });
  await ds.initialize();
  const [{ ok }] = await ds.query(`SELECT to_regclass('registry.import_job') IS NOT NULL AS ok`);
  if (!ok) {
    await ds.destroy();
    throw new Error('the registry schema is not migrated: start the registry service (or npm start) once first');
  }
  return ds;
}

/**
 * `gz import-registry`: imports a CSV or XLSX file straight into DATABASE_URL with the same
 * function as the service, as district IT (scopes: `scope`, default the districts named in the file).
 */
export async function importRegistryFile(
  url: string,
  env: NodeJS.ProcessEnv,
  file: string,
  o: { mode: ImportMode; scope?: string; onProgress?: (processed: number, total: number, jobId: string) => void },
): Promise<ImportJobView> {
  const pii = personalDataFromEnv(env);
  const cells = await readImportFile(await readFile(file), file);
  const districts = [...new Set(cells.slice(1).flatMap((r) => r.filter((c) => /^[a-z][\w-]*\.[a-z][\w-]*\./.test(c)).map((c) => c.split('.')[0])))];
  const actor: Actor = { kind: 'system', id: 'gz-cli', username: 'gz import-registry', roles: ['district_admin'], scopes: o.scope ? [o.scope] : districts };
  const ds = await openRegistrySchema(url);
  try {
    return await runImport(ds, pii, cells, { fileName: path.basename(file), mode: o.mode, actor, onProgress: o.onProgress });
  } finally {
    await ds.destroy();
  }
}
