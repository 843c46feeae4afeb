import { seedDemoCouncils } from '@gz/councils';
import { seedDemoEvaluation } from '@gz/evaluation';
import { seedDemoIncubator } from '@gz/incubator';
import { seedDemoResponsibilities } from '@gz/dispatch';
import { DEMO_PASSWORD_DEFAULT, seedDemoDistrict, type DemoSeedResult } from '@gz/identity';
import { openServiceDatabase } from '@gz/platform';
import { seedDemoRegistry } from '@gz/registry';
import { seedDemoCatalogue } from '@gz/ticketing';
import type { DataSource } from 'typeorm';
import { serviceSchemas } from '../schemas';

/**
 * Migrates every service schema (as `gz migrate`), one after the other, so that the processes
 * started next find them ready rather than all migrating at once.
 */
export async function migrateAll(databaseUrl: string, env: NodeJS.ProcessEnv): Promise<void> {
  for (const [schema, options] of serviceSchemas(env)) {
    const ds = await openServiceDatabase(databaseUrl, { schema, ...options() }, 2);
    await ds.destroy();
  }
}

/**
 * The demo district in every schema, as standalone loads it on its first start: the org tree and
 * accounts, the registry's households, the category catalogue, the responsibility lists and the
 * councils' compound, the incubator's organisations, evaluation's demo schemes. Each seed does nothing when its data is there.
 */
export async function seedDemo(databaseUrl: string, env: NodeJS.ProcessEnv): Promise<DemoSeedResult> {
  const opened = new Map<string, DataSource>();
  const open = async (schema: string) => {
    const [, options] = serviceSchemas(env).find(([s]) => s === schema)!;
    const ds = await openServiceDatabase(databaseUrl, { schema, ...options() }, 2);
    opened.set(schema, ds);
    return ds;
  };
  try {
    const demo = await seedDemoDistrict(await open('identity'), env.GZ_DEMO_PASSWORD || DEMO_PASSWORD_DEFAULT);
    await seedDemoRegistry(await open('registry'), env);
    await seedDemoCatalogue(await open('ticketing'));
    await seedDemoResponsibilities(await open('dispatch'));
    await seedDemoCouncils(await open('councils'), env);
    await seedDemoIncubator(await open('incubator'));
    await seedDemoEvaluation(await open('evaluation'));
    return demo;
  } finally {
    for (const ds of opened.values()) await ds.destroy();
  }
}
