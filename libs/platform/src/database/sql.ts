import type { DataSource, EntityManager } from 'typeorm';

type Queryable = Pick<EntityManager, 'query'>;

/** TypeORM's `query` answers `[rows, rowCount]` for UPDATE and DELETE on PostgreSQL, rows otherwise. */
function isRowsAndCount(result: unknown): result is [unknown[], number] {
  return Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number';
}

/** Runs an UPDATE or DELETE and answers the number of rows it changed. */
export async function execute(m: Queryable, sql: string, params: unknown[]): Promise<number> {
  const result: unknown = await m.query(sql, params);
  if (isRowsAndCount(result)) return result[1];
  return Array.isArray(result) ? result.length : 0;
}

/** Runs an UPDATE … RETURNING and answers the returned rows. */
export async function updateReturning<R>(m: Queryable, sql: string, params: unknown[]): Promise<R[]> {
  const result: unknown = await m.query(sql, params);
  return (isRowsAndCount(result) ? result[0] : result) as R[];
}

/** Parameters of one raw query: `p.add(value)` answers its placeholder (`$3`). */
export class Params {
  readonly values: unknown[] = [];
  add = (value: unknown): string => {
    this.values.push(value);
    return `$${this.values.length}`;
  };
}

/** True for a PostgreSQL unique violation (a lost race on a unique index), optionally of one constraint. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = error as { driverError?: { code?: string; constraint?: string }; code?: string; constraint?: string };
  const d = e?.driverError ?? e;
  return d?.code === '23505' && (!constraint || d.constraint === constraint);
}

interface PgPool {
  query<R>(sql: string, params: unknown[]): Promise<{ rows: R[] }>;
}

/**
 * A read straight on the data source's pg pool, for the hottest paths: TypeORM's `query` adds a
 * query runner per call, about a fifth of the throughput of a one-row read.
 */
export async function fastRead<R>(dataSource: DataSource, sql: string, params: unknown[]): Promise<R[]> {
  const pool = (dataSource.driver as unknown as { master?: PgPool }).master;
  if (pool && typeof pool.query === 'function') return (await pool.query<R>(sql, params)).rows;
  return dataSource.query(sql, params);
}

/**
 * One page of a query and the total it pages through, in one statement (a window count), read
 * straight on the pool. Only a page past the end costs a second statement, for the total.
 * `from` is everything after SELECT's column list up to ORDER BY (`FROM t x WHERE …`); `alias`
 * names the table whose columns are returned.
 */
export async function readPage<R>(
  dataSource: DataSource,
  q: { alias: string; from: string; orderBy: string; params: unknown[]; page: number; pageSize: number },
): Promise<{ rows: R[]; total: number }> {
  const rows = await fastRead<R & { total_count: string }>(
    dataSource,
    `SELECT ${q.alias}.*, count(*) OVER () AS total_count ${q.from} ORDER BY ${q.orderBy} LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`,
    q.params,
  );
  if (rows.length > 0) {
    const total = Number(rows[0].total_count);
    for (const row of rows) delete (row as Partial<typeof row>).total_count;
    return { rows, total };
  }
  if (q.page === 1) return { rows: [], total: 0 };
  const [{ n }] = await fastRead<{ n: number }>(dataSource, `SELECT count(*)::int AS n ${q.from}`, q.params);
  return { rows: [], total: n };
}
