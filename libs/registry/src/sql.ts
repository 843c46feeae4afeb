import type { EntityManager } from 'typeorm';

/** Parameters of one raw query: `p.add(value)` answers its placeholder (`$3`). */
export class Params {
  readonly values: unknown[] = [];
  add = (value: unknown): string => {
    this.values.push(value);
    return `$${this.values.length}`;
  };
}

/**
 * Runs an UPDATE or DELETE and answers the number of rows it changed. (TypeORM's `query` answers
 * `[rows, rowCount]` for those commands on PostgreSQL.)
 */
export async function execute(m: Pick<EntityManager, 'query'>, sql: string, params: unknown[]): Promise<number> {
  const result: unknown = await m.query(sql, params);
  if (Array.isArray(result) && result.length === 2 && typeof result[1] === 'number') return result[1];
  return Array.isArray(result) ? result.length : 0;
}

/** True for a PostgreSQL unique violation (a lost race on a unique index). */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = error as { driverError?: { code?: string; constraint?: string }; code?: string; constraint?: string };
  const d = e?.driverError ?? e;
  return d?.code === '23505' && (!constraint || d.constraint === constraint);
}
