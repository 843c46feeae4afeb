import { DataSource, type MigrationInterface } from 'typeorm';
import { autoPrepare } from './auto-prepare';
import { outboxWriterMigration, platformTablesMigration } from './platform-tables';

export interface ServiceDatabaseOptions {
  /** the schema the service owns, e.g. `identity` */
  schema: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: Function[];
  migrations: Array<new () => MigrationInterface>;
}

/**
 * Opens a service's data source: its own schema, its checked-in migrations (run here, at start),
 * never `synchronize`. With `prepare`, statements it repeats are prepared once per connection.
 */
export async function openServiceDatabase(
  url: string,
  options: ServiceDatabaseOptions,
  poolSize: number,
  { prepare = false, connectTimeoutMs = 3000 }: { prepare?: boolean; connectTimeoutMs?: number } = {},
): Promise<DataSource> {
  const dataSource = new DataSource({
    type: 'postgres',
    url,
    schema: options.schema,
    entities: options.entities,
    migrations: [platformTablesMigration(options.schema), outboxWriterMigration(options.schema), ...options.migrations],
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    // A connection that cannot be made, or freed by another query, in time fails (503 to the
    // caller) rather than waiting on; a service waits less than the gateway's bus timeout, so the
    // caller hears why (unavailable, or busy) instead of a bare 504.
    extra: { max: poolSize, application_name: `gz-${options.schema}`, connectionTimeoutMillis: connectTimeoutMs },
  });
  await dataSource.initialize();
  try {
    // Two instances starting together must not both create the schema: serialise on a lock.
    await dataSource.transaction(async (m) => {
      await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`gz-migrate-${options.schema}`]);
      await m.query(`CREATE SCHEMA IF NOT EXISTS "${options.schema}"`);
    });
    await runMigrationsLocked(dataSource, options.schema);
    // After the migrations: nothing is prepared against a schema about to change.
    const pool = (dataSource.driver as unknown as { master?: Parameters<typeof autoPrepare>[0] }).master;
    if (prepare && pool) autoPrepare(pool, { perConnection: 256 });
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
  return dataSource;
}

async function runMigrationsLocked(dataSource: DataSource, schema: string): Promise<void> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock(hashtext($1))', [`gz-migrate-${schema}`]);
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [`gz-migrate-${schema}`]).catch(() => undefined);
    await runner.release();
  }
}
