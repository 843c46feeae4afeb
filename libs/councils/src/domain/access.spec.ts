import type { Actor, Role } from '@gz/contracts';
import { keepsRoll, listingScopes, readsRoll, seesCompound, type CompoundPlace } from './access';

const user = (role: Role, scope: string): Actor => ({ kind: 'user', id: role, roles: [role], scopes: [scope] });
const compound: CompoundPlace = {
  communityPath: 'd01.s01.c01',
  propertyCompanyPath: 'd01.s01.pm01',
  ownersCommitteePath: 'd01.s01.c01.oc01',
};

describe("who keeps and reads a compound's roll", () => {
  it("lets the community's secretary and the street's and district's admins keep it", () => {
    expect(keepsRoll(user('community_secretary', 'd01.s01.c01'), 'd01.s01.c01')).toBe(true);
    expect(keepsRoll(user('street_admin', 'd01.s01'), 'd01.s01.c01')).toBe(true);
    expect(keepsRoll(user('district_admin', 'd01'), 'd01.s01.c01')).toBe(true);
  });

  it('refuses another community, another street, and other roles', () => {
    expect(keepsRoll(user('community_secretary', 'd01.s01.c02'), 'd01.s01.c01')).toBe(false);
    expect(keepsRoll(user('street_admin', 'd01.s02'), 'd01.s01.c01')).toBe(false);
    expect(keepsRoll(user('grid_worker', 'd01.s01.c01.g01'), 'd01.s01.c01')).toBe(false);
    expect(keepsRoll(user('resident', 'd01.s01.c01.g01'), 'd01.s01.c01')).toBe(false);
    expect(keepsRoll({ kind: 'client', id: 'p', roles: ['district_admin'], scopes: ['d01'] }, 'd01.s01.c01')).toBe(
      false,
    );
  });

  it("lets the compound's owners' committee read the roll, not another's", () => {
    expect(readsRoll(user('owners_committee_member', 'd01.s01.c01.oc01'), compound)).toBe(true);
    expect(readsRoll(user('owners_committee_member', 'd01.s01.c01.oc02'), compound)).toBe(false);
    expect(
      readsRoll(user('owners_committee_member', 'd01.s01.c01.oc01'), { ...compound, ownersCommitteePath: null }),
    ).toBe(false);
  });

  it("lets the property company's staff see the compound but not read the roll", () => {
    const pm = user('property_manager', 'd01.s01.pm01');
    expect(seesCompound(pm, compound)).toBe(true);
    expect(readsRoll(pm, compound)).toBe(false);
    expect(seesCompound(user('property_manager', 'd01.s01.pm02'), compound)).toBe(false);
  });

  it('lists by place only for the roll keepers', () => {
    expect(listingScopes(user('street_admin', 'd01.s01'))).toEqual(['d01.s01']);
    expect(listingScopes(user('resident', 'd01.s01.c01.g01'))).toEqual([]);
  });
});
