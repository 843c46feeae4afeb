import type { Actor } from '@gz/contracts';
import { Params, withinScopes } from '@gz/platform';
import { effectiveScopes, mayRead, mayReveal, mayWrite } from './access';

const actor = (role: Actor['roles'][number], scope: string): Actor => ({
  kind: 'user',
  id: 'u',
  roles: [role],
  scopes: [scope],
});

describe('registry access rules', () => {
  const gridWorker = actor('grid_worker', 'd01.s01.c01.g01');
  const secretary = actor('community_secretary', 'd01.s01.c01');
  const streetAdmin = actor('street_admin', 'd01.s01');
  const auditor = actor('auditor', 'd01');

  it('keeps a grid worker in the grid', () => {
    expect(mayRead(gridWorker, 'd01.s01.c01.g01')).toBe(true);
    expect(mayWrite(gridWorker, 'd01.s01.c01.g01')).toBe(true);
    expect(mayRead(gridWorker, 'd01.s01.c01.g02')).toBe(false);
    expect(mayRead(gridWorker, 'd01.s01.c01.g011')).toBe(false);
    expect(mayRead(gridWorker, 'd01.s01.c01')).toBe(false);
  });

  it('lets only secretaries and admins reveal personal data, within their scope', () => {
    expect(mayReveal(gridWorker, 'd01.s01.c01.g01')).toBe(false);
    expect(mayReveal(secretary, 'd01.s01.c01.g03')).toBe(true);
    expect(mayReveal(secretary, 'd01.s01.c02.g01')).toBe(false);
    expect(mayReveal(streetAdmin, 'd01.s01.c02.g01')).toBe(true);
    expect(mayReveal(streetAdmin, 'd01.s02.c01.g01')).toBe(false);
    expect(mayRead(auditor, 'd01.s01.c01.g01')).toBe(false);
  });

  it('narrows a list to what the caller may see', () => {
    expect(effectiveScopes(['d01.s01'])).toEqual(['d01.s01']);
    expect(effectiveScopes(['d01.s01'], 'd01.s01.c02')).toEqual(['d01.s01.c02']);
    expect(effectiveScopes(['d01.s01'], 'd01')).toEqual(['d01.s01']);
    expect(effectiveScopes(['d01.s01.c01.g01'], 'd01.s02')).toEqual([]);
    expect(effectiveScopes(['d01', 'd01.s01'])).toEqual(['d01']);
  });

  it('filters a list by the scopes it may see, wildcards taken literally', () => {
    const p = new Params();
    expect(withinScopes('p.path', effectiveScopes(['d01.s01', 'd01.s02.c_1']), p)).toBe(
      "((p.path = $1 OR starts_with(p.path, $1 || '.')) OR (p.path = $2 OR starts_with(p.path, $2 || '.')))",
    );
    expect(p.values).toEqual(['d01.s01', 'd01.s02.c_1']);
    expect(withinScopes('p.path', effectiveScopes(['d01.s01.c01.g01'], 'd01.s02'), p)).toBe('false');
  });
});
