import type { EntityManager } from 'typeorm';

/** Runs an UPDATE … RETURNING and answers the rows (TypeORM answers `[rows, count]` for UPDATE on PostgreSQL). */
export async function updateReturning<R>(
  m: Pick<EntityManager, 'query'>,
  sql: string,
  params: unknown[],
): Promise<R[]> {
  const result: unknown = await m.query(sql, params);
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number')
    return result[0] as R[];
  return result as R[];
}
