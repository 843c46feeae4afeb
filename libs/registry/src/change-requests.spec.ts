import type { Actor } from '@gz/contracts';
import { districtOf, needsApproval } from './change-requests';
import { rollUp } from './visits.service';

const actor = (role: Actor['roles'][number]): Pick<Actor, 'roles'> => ({ roles: [role] });

describe('change requests and coverage roll-up', () => {
  it('needs approval for grid workers only', () => {
    expect(needsApproval(actor('grid_worker'))).toBe(true);
    expect(needsApproval(actor('community_secretary'))).toBe(false);
    expect(needsApproval(actor('street_admin'))).toBe(false);
    expect(needsApproval(actor('district_admin'))).toBe(false);
    expect(districtOf('d01.s01.c01.g01')).toBe('d01');
  });

  it('adds grid coverage up to communities and streets', () => {
    const grids = [
      { path: 'd01.s01.c01.g01', mustVisit: 3, visited: 1, notVisited: 2, coverage: 0.3333 },
      { path: 'd01.s01.c01.g02', mustVisit: 1, visited: 1, notVisited: 0, coverage: 1 },
      { path: 'd01.s01.c02.g01', mustVisit: 2, visited: 0, notVisited: 2, coverage: 0 },
    ];
    expect(rollUp(grids, 3)).toEqual([
      { path: 'd01.s01.c01', mustVisit: 4, visited: 2, notVisited: 2, coverage: 0.5 },
      { path: 'd01.s01.c02', mustVisit: 2, visited: 0, notVisited: 2, coverage: 0 },
    ]);
    expect(rollUp(grids, 2)).toEqual([{ path: 'd01.s01', mustVisit: 6, visited: 2, notVisited: 4, coverage: 0.3333 }]);
  });
});
