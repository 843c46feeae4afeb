import { codeOfPath } from '@gz/contracts';
import { DomainError } from '@gz/platform';
import {
  buildOrgForest,
  checkPlacement,
  childPath,
  minimalScopes,
  streetCodeOf,
  streetOfScopes,
  type OrgRow,
} from './org-tree';

const row = (path: string, kind: OrgRow['kind']): OrgRow => ({
  id: path,
  code: codeOfPath(path),
  name: path,
  kind,
  path,
  street_code: streetCodeOf(path),
});

const rows: OrgRow[] = [
  row('d01', 'district'),
  row('d01.s02', 'street'),
  row('d01.s01', 'street'),
  row('d01.s01.c01', 'community'),
  row('d01.s01.c01.g02', 'grid'),
  row('d01.s01.c01.g01', 'grid'),
  row('d01.s01.c02', 'community'),
  row('d01.s02.c01', 'community'),
  row('d01.dep-sanitation', 'department'),
];

describe('org paths', () => {
  it('builds a child path and knows its street', () => {
    expect(childPath('d01.s01', 'c03')).toBe('d01.s01.c03');
    expect(streetCodeOf('d01.s01.c03')).toBe('s01');
    expect(streetCodeOf('d01.dep-sanitation')).toBe('all');
    expect(streetCodeOf('d01')).toBe('all');
  });

  it('places units only under the right kind of parent', () => {
    expect(() => checkPlacement('street', 'community')).not.toThrow();
    expect(() => checkPlacement('community', 'owners_committee')).not.toThrow();
    expect(() => checkPlacement('district', 'grid')).toThrow(DomainError);
    expect(() => checkPlacement('street', 'district')).toThrow('cannot be created under another unit');
  });

  it('drops scopes covered by another scope', () => {
    expect(minimalScopes(['d01.s01.c01', 'd01.s01', 'd01.s02.c01', 'd01.s01'])).toEqual(['d01.s01', 'd01.s02.c01']);
    expect(minimalScopes(['d01.s01', 'd01.s010'])).toEqual(['d01.s01', 'd01.s010']);
  });

  it('finds the common street of several scopes', () => {
    expect(streetOfScopes(['d01.s01.c01', 'd01.s01.c02.g01'])).toBe('s01');
    expect(streetOfScopes(['d01.s01.c01', 'd01.s02'])).toBe('all');
    expect(streetOfScopes(['d01'])).toBe('all');
  });
});

describe('org forest', () => {
  it('gives a district scope the whole tree, ordered by code', () => {
    const [root, ...rest] = buildOrgForest(rows, ['d01']);
    expect(rest).toEqual([]);
    expect(root.path).toBe('d01');
    expect(root.children.map((c) => c.code)).toEqual(['dep-sanitation', 's01', 's02']);
    const s01 = root.children[1];
    expect(s01.street).toBe('s01');
    expect(s01.children.map((c) => c.code)).toEqual(['c01', 'c02']);
    expect(s01.children[0].children.map((c) => c.path)).toEqual(['d01.s01.c01.g01', 'd01.s01.c01.g02']);
  });

  it('gives a street scope only its own subtree', () => {
    const forest = buildOrgForest(rows, ['d01.s01']);
    expect(forest.map((n) => n.path)).toEqual(['d01.s01']);
    const all = JSON.stringify(forest);
    expect(all).not.toContain('d01.s02');
    expect(all).not.toContain('dep-sanitation');
  });

  it('gives several scopes several roots, without repeating covered ones', () => {
    const forest = buildOrgForest(rows, ['d01.s01.c01.g01', 'd01.s02.c01', 'd01.s01.c01']);
    expect(forest.map((n) => n.path)).toEqual(['d01.s01.c01', 'd01.s02.c01']);
    expect(forest[0].children.map((n) => n.code)).toEqual(['g01', 'g02']);
  });

  it('gives a scope that names no unit nothing', () => {
    expect(buildOrgForest(rows, ['d01.s09'])).toEqual([]);
  });
});
