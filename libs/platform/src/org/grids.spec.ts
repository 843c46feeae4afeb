import { loadConfig } from '../config';
import { OrgTreeConfig } from './org-grids';
import type { OrgNode } from '@gz/contracts';
import { gridPathsOf, MISS_REFETCH_MS, mustRefetch } from './grids';

const node = (path: string, kind: OrgNode['kind'], children: OrgNode[] = []): OrgNode => ({
  id: path,
  code: path.split('.').pop() as string,
  name: path,
  kind,
  path,
  street: path.split('.')[1] ?? 'all',
  children,
});

describe('grids of the org tree', () => {
  it('lists the grids of a forest, at any depth, and nothing else', () => {
    const tree = [
      node('d01', 'district', [
        node('d01.s01', 'street', [
          node('d01.s01.c01', 'community', [node('d01.s01.c01.g01', 'grid'), node('d01.s01.c01.g02', 'grid')]),
        ]),
        node('d01.s02', 'street', [node('d01.s02.c01', 'community')]),
      ]),
    ];
    expect(gridPathsOf(tree)).toEqual(['d01.s01.c01.g01', 'd01.s01.c01.g02']);
    expect(gridPathsOf([])).toEqual([]);
  });

  it('fetches again when never fetched or expired, and on a miss at most once per MISS_REFETCH_MS', () => {
    const ttl = 30_000;
    expect(mustRefetch(undefined, 0, ttl, false)).toBe(true);
    expect(mustRefetch(1000, 1000 + ttl - 1, ttl, false)).toBe(false);
    expect(mustRefetch(1000, 1000 + ttl, ttl, false)).toBe(true);
    // a miss right after a fetch does not fetch again; a miss later does
    expect(mustRefetch(1000, 1000 + MISS_REFETCH_MS - 1, ttl, true)).toBe(false);
    expect(mustRefetch(1000, 1000 + MISS_REFETCH_MS, ttl, true)).toBe(true);
  });
});

describe('ORG_TREE_CACHE_S', () => {
  it('defaults to 30 s and refuses what is not 1 to 3600 seconds, naming the variable', () => {
    expect(loadConfig(OrgTreeConfig, {}).ORG_TREE_CACHE_S).toBe(30);
    expect(loadConfig(OrgTreeConfig, { ORG_TREE_CACHE_S: '120' }).ORG_TREE_CACHE_S).toBe(120);
    expect(() => loadConfig(OrgTreeConfig, { ORG_TREE_CACHE_S: '0' })).toThrow('ORG_TREE_CACHE_S is set to "0"');
  });
});
