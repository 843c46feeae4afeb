import { DataSource } from 'typeorm';

/** A connection to the registry schema for a command-line tool; it must be migrated (`gz migrate`, or the registry service at start). */
export async function openRegistrySchema(url: string, poolSize = 3): Promise<DataSource> {
  const ds = new DataSource({
    type: 'postgres',
    url,
    schema: 'registry',
    entities: [],
    synchronize: false,
    logging: false,
    extra: { max: poolSize, application_name: 'gz-cli-registry' },
  });
  await ds.initialize();
  const [{ ok }] = await ds.query(`SELECT to_regclass('registry.import_job') IS NOT NULL AS ok`);
  if (!ok) {
    await ds.destroy();
    throw new Error('the registry schema is not migrated: run gz migrate (or start the registry service) first');
  }
  return ds;
}
