import type { DataSource, EntityManager } from 'typeorm';

/**
 * Runs an UPDATE or DELETE and answers the number of rows it changed. (TypeORM's `query` answers
 * `[rows, rowCount]` for those commands on PostgreSQL, unlike SELECT and INSERT.)
 */
export async function execute(m: Pick<EntityManager, 'query'>, sql: string, params: unknown[]): Promise<number> {
  const result: unknown = await m.query(sql, params);
  if (Array.isArray(result) && result.length === 2 && typeof result[1] === 'number') return result[1];
  return Array.isArray(result) ? result.length : 0;
}

interface PgPool {
  query<R>(sql: string, params: unknown[]): Promise<{ rows: R[] }>;
}

/**
 * A read straight on the data source's pg pool, for the hottest path (`me`): TypeORM's `query`
 * adds a query runner per call, which costs about a fifth of the throughput of a one-row read.
 * Falls back to `dataSource.query` when the driver has no pool.
 */
export async function fastRead<R>(dataSource: DataSource, sql: string, params: unknown[]): Promise<R[]> {
  const pool = (dataSource.driver as unknown as { master?: PgPool }).master;
  if (pool && typeof pool.query === 'function') return (await pool.query<R>(sql, params)).rows;
  return dataSource.query(sql, params);
}
