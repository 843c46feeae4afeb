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

/**
 * The parameters of one raw query, the one way to build them: `p.add(value)` answers the value's
 * placeholder (`$3`), so a query is written in the order it reads and never counts by hand.
 * Start after parameters bound elsewhere with `new Params(those)`.
 */
export class Params {
  readonly values: unknown[];
  constructor(values: readonly unknown[] = []) {
    this.values = [...values];
  }
  add = (value: unknown): string => {
    this.values.push(value);
    return `$${this.values.length}`;
  };
}

/**
 * SQL that keeps rows whose org path `column` lies at or below `path` (the path itself or a
 * descendant: `d01.s01` keeps `d01.s01.c02`, not `d01.s010`). A text_pattern_ops index on the
 * column serves it.
 */
export function withinPath(column: string, path: string, p: Params): string {
  const $path = p.add(path);
  return `(${column} = ${$path} OR starts_with(${column}, ${$path} || '.'))`;
}

/**
 * SQL that keeps rows whose org path `column` lies at or below one of `scopes` (each bound as its
 * own parameter, so the index serves each). No scopes keep no rows.
 */
export function withinScopes(column: string, scopes: readonly string[], p: Params): string {
  if (scopes.length === 0) return 'false';
  const parts = scopes.map((scope) => withinPath(column, scope, p));
  return parts.length === 1 ? parts[0] : `(${parts.join(' OR ')})`;
}

/** A LIKE pattern that finds `text` anywhere in a value, its own `%`, `_` and `\\` taken literally (trigram indexes serve it). */
export function likeContaining(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** SQL that keeps rows whose org path `column` lies at or below one of the paths in the text[] parameter `scopes` (`$1`): one statement text whatever the number of scopes, for prepared statements. */
export function withinAnyOf(column: string, scopes: string): string {
  return `EXISTS (SELECT 1 FROM unnest(${scopes}::text[]) s(p) WHERE ${column} = s.p OR starts_with(${column}, s.p || '.'))`;
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
export async function fastRead<R>(dataSource: DataSource, sql: string, params: readonly unknown[]): Promise<R[]> {
  const pool = (dataSource.driver as unknown as { master?: PgPool }).master;
  if (pool && typeof pool.query === 'function') return (await pool.query<R>(sql, [...params])).rows;
  return dataSource.query(sql, [...params]);
}

/** What `readPage` reads: `SELECT <columns> <from> ORDER BY <orderBy>`, one page of it. */
export interface PageRead {
  /** the column list, e.g. `t.*` or `p.id, p.name` */
  columns: string;
  /** everything after the column list up to ORDER BY: `FROM t x WHERE …` */
  from: string;
  orderBy: string;
  params: readonly unknown[];
  page: number;
  pageSize: number;
}

/**
 * One page of a query and the total it pages through, in one statement (a window count), read
 * straight on the pool: the one way every list pages. Only a page past the end costs a second
 * statement, for the total.
 */
export async function readPage<R>(dataSource: DataSource, q: PageRead): Promise<{ rows: R[]; total: number }> {
  const rows = await fastRead<R & { total_count: string }>(
    dataSource,
    `SELECT ${q.columns}, count(*) OVER () AS total_count ${q.from} ORDER BY ${q.orderBy} LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`,
    [...q.params],
  );
  if (rows.length > 0) {
    const total = Number(rows[0].total_count);
    for (const row of rows) delete (row as Partial<typeof row>).total_count;
    return { rows, total };
  }
  if (q.page === 1) return { rows: [], total: 0 };
  const [{ n }] = await fastRead<{ n: number }>(dataSource, `SELECT count(*)::int AS n ${q.from}`, [...q.params]);
  return { rows: [], total: n };
}
