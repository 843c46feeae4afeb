import type { OrgNode } from '@gz/contracts';

/** Paths of every grid in an org forest (identity's `orgs.tree` answer). */
export function gridPathsOf(nodes: readonly OrgNode[]): string[] {
  const out: string[] = [];
  const walk = (n: OrgNode) => {
    if (n.kind === 'grid') out.push(n.path);
    for (const c of n.children ?? []) walk(c);
  };
  nodes.forEach(walk);
  return out;
}

/** Shortest time between two fetches caused by a miss: a stream of bad paths must not become a stream of requests. */
export const MISS_REFETCH_MS = 1000;

/**
 * Whether a district's cached grids must be fetched again: never fetched, older than the TTL, or
 * a path was missing (perhaps a grid made since) and the last fetch is not within MISS_REFETCH_MS.
 */
export function mustRefetch(fetchedAt: number | undefined, now: number, ttlMs: number, missed: boolean): boolean {
  if (fetchedAt === undefined || now - fetchedAt >= ttlMs) return true;
  return missed && now - fetchedAt >= MISS_REFETCH_MS;
}
