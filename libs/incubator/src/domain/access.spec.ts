import type { Actor, Role } from '@gz/contracts';
import { actsFor, keeps, listingScopes, reads } from './access';

const user = (role: Role, ...scopes: string[]): Actor => ({ kind: 'user', id: 'u', roles: [role], scopes });

describe('incubator access', () => {
  it('lets keepers keep only within their scope', () => {
    expect(keeps(user('street_admin', 'd01.s01'), 'd01.s01.c01')).toBe(true);
    expect(keeps(user('street_admin', 'd01.s01'), 'd01.s02.c01')).toBe(false);
    expect(keeps(user('community_secretary', 'd01.s01.c01'), 'd01.s01.c02')).toBe(false);
    expect(keeps(user('auditor', 'd01'), 'd01.s01.c01')).toBe(false);
    expect(keeps(user('resident', 'd01.s01.c01.g01'), 'd01.s01.c01.g01')).toBe(false);
  });

  it('lets auditors read, not keep', () => {
    expect(reads(user('auditor', 'd01'), 'd01.s02.c01')).toBe(true);
    expect(reads(user('grid_worker', 'd01.s01.c01.g01'), 'd01.s01.c01')).toBe(false);
    expect(listingScopes(user('resident', 'd01.s01.c01.g01'))).toEqual([]);
    expect(listingScopes(user('auditor', 'd01'))).toEqual(['d01']);
  });

  it("lets an organisation's staff act for it alone", () => {
    expect(actsFor(user('social_org_staff', 'd01.s01.so01'), 'd01.s01.so01')).toBe(true);
    expect(actsFor(user('social_org_staff', 'd01.s01.so01'), 'd01.s01.so02')).toBe(false);
    expect(actsFor(user('social_org_staff', 'd01.s01.so01'), null)).toBe(false);
    expect(actsFor(user('street_admin', 'd01.s01'), 'd01.s01.so01')).toBe(false);
  });
});
