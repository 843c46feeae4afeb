import { loadConfig } from '../config';
import { BusError } from '../bus/bus-client';
import { OrgGrids, OrgTreeConfig, STALE_RETRY_MS } from './org-grids';
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

describe('OrgGrids', () => {
  const tree = (...grids: string[]): OrgNode[] => [
    node(
      'd01',
      'district',
      grids.map((g) => node(g, 'grid')),
    ),
  ];
  let now = 1_000_000;
  beforeEach(() => jest.spyOn(Date, 'now').mockImplementation(() => now));
  afterEach(() => jest.restoreAllMocks());

  function identity(answers: Array<OrgNode[] | 'down'>) {
    const calls: string[] = [];
    const fetch = async (district: string) => {
      calls.push(district);
      const answer = answers.shift();
      if (answer === 'down' || answer === undefined)
        throw new BusError({ code: 'unavailable', message: 'No service answers gz.identity.all.orgs.tree' });
      return answer;
    };
    return { calls, fetch };
  }

  it('asks once while the grids are fresh, and again for a path it does not know', async () => {
    const id = identity([tree('d01.s01.c01.g01'), tree('d01.s01.c01.g01', 'd01.s01.c01.g02')]);
    const grids = new OrgGrids(id.fetch, 30_000);
    expect(await grids.unknown(['d01.s01.c01.g01'])).toEqual([]);
    expect(await grids.unknown(['d01.s01.c01.g01'])).toEqual([]);
    expect(id.calls).toHaveLength(1);
    now += MISS_REFETCH_MS;
    expect(await grids.unknown(['d01.s01.c01.g02', 'd01.s01.c01.g09'])).toEqual(['d01.s01.c01.g09']);
    expect(id.calls).toHaveLength(2);
  });

  it('keeps using the grids it read when identity stops answering, and asks again a little later', async () => {
    const id = identity([tree('d01.s01.c01.g01'), 'down', tree('d01.s01.c01.g01')]);
    const grids = new OrgGrids(id.fetch, 30_000);
    await grids.require('d01.s01.c01.g01');
    now += 30_000; // expired, and identity is down: the grids read before still answer
    await grids.require('d01.s01.c01.g01');
    expect(id.calls).toHaveLength(2);
    now += STALE_RETRY_MS - 1;
    await grids.require('d01.s01.c01.g01');
    expect(id.calls).toHaveLength(2);
    now += 1;
    await grids.require('d01.s01.c01.g01');
    expect(id.calls).toHaveLength(3);
  });

  it('answers unavailable, not "no such grid", when it cannot ask and does not know', async () => {
    const never = new OrgGrids(identity(['down']).fetch, 30_000);
    await expect(never.require('d01.s01.c01.g01')).rejects.toMatchObject({ code: 'unavailable' });
    // a path missing from what it read, while identity is down: it cannot tell, so unavailable too
    const id = identity([tree('d01.s01.c01.g01'), 'down']);
    const grids = new OrgGrids(id.fetch, 30_000);
    await grids.require('d01.s01.c01.g01');
    now += MISS_REFETCH_MS;
    await expect(grids.require('d01.s01.c01.g02')).rejects.toMatchObject({ code: 'unavailable' });
  });
});
