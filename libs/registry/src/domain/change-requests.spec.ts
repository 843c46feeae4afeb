import type { Actor } from '@gz/contracts';
import { needsApproval, sensitiveHits } from './change-requests';

const actor = (role: Actor['roles'][number]): Pick<Actor, 'roles'> => ({ roles: [role] });

describe('change requests', () => {
  it('needs approval for grid workers only', () => {
    expect(needsApproval(actor('grid_worker'))).toBe(true);
    expect(needsApproval(actor('community_secretary'))).toBe(false);
    expect(needsApproval(actor('street_admin'))).toBe(false);
    expect(needsApproval(actor('district_admin'))).toBe(false);
  });

  it('names the changed fields the district marks sensitive', () => {
    expect(sensitiveHits(['name', 'phone', 'employer'], ['idNumber', 'name', 'phone'])).toEqual(['name', 'phone']);
    expect(sensitiveHits(['employer'], ['name'])).toEqual([]);
  });
});
