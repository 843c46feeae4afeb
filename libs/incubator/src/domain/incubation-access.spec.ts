import type { Actor, Role } from '@gz/contracts';
import { parkScopes, seesPark } from './incubation-access';

const user = (role: Role, ...scopes: string[]): Actor => ({ kind: 'user', id: 'u', roles: [role], scopes });

describe('who sees incubation parks', () => {
  it("shows a street's parks to its staff, its communities' secretaries and its organisations' staff", () => {
    expect(seesPark(user('street_admin', 'd01.s01'), 'd01.s01')).toBe(true);
    expect(seesPark(user('community_secretary', 'd01.s01.c01'), 'd01.s01')).toBe(true);
    expect(seesPark(user('social_org_staff', 'd01.s01.so01'), 'd01.s01')).toBe(true);
    expect(seesPark(user('district_admin', 'd01'), 'd01.s02.c01')).toBe(true);
  });

  it('hides them from other streets and from residents', () => {
    expect(seesPark(user('street_admin', 'd01.s02'), 'd01.s01')).toBe(false);
    expect(seesPark(user('social_org_staff', 'd01.s02.so01'), 'd01.s01')).toBe(false);
    expect(seesPark(user('resident', 'd01.s01.c01.g01'), 'd01.s01')).toBe(false);
    expect(parkScopes(user('grid_worker', 'd01.s01.c01.g01'))).toEqual([]);
    expect(parkScopes(user('auditor', 'd01'))).toEqual(['d01']);
  });
});
