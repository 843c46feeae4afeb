import type { Actor } from '@gz/contracts';
import { DomainError } from '@gz/platform';
import {
  allWithin,
  checkClientAdministration,
  checkOrgAdministration,
  checkUserAdministration,
  maySeeUser,
} from './administration';

const district: Actor = { kind: 'user', id: 'da', roles: ['district_admin'], scopes: ['d01'] };
const street: Actor = { kind: 'user', id: 'sa', roles: ['street_admin'], scopes: ['d01.s01'] };
const grid: Actor = { kind: 'user', id: 'gw', roles: ['grid_worker'], scopes: ['d01.s01.c01.g01'] };

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    return (error as DomainError).body.code;
  }
}

describe('administration rule', () => {
  it('lets a district admin create any user, privileged roles included', () => {
    expect(
      codeOf(() =>
        checkUserAdministration(district, { after: { roles: ['street_admin'], scopes: ['d01.s02'] }, sensitive: true }),
      ),
    ).toBeUndefined();
    expect(
      codeOf(() =>
        checkUserAdministration(district, { after: { roles: ['auditor'], scopes: ['d01'] }, sensitive: true }),
      ),
    ).toBeUndefined();
  });

  it('lets a street admin create ordinary users inside the street only', () => {
    expect(
      codeOf(() =>
        checkUserAdministration(street, {
          after: { roles: ['grid_worker'], scopes: ['d01.s01.c01.g02'] },
          sensitive: true,
        }),
      ),
    ).toBeUndefined();
    expect(
      codeOf(() =>
        checkUserAdministration(street, {
          after: { roles: ['grid_worker'], scopes: ['d01.s02.c01.g01'] },
          sensitive: true,
        }),
      ),
    ).toBe('forbidden');
    // scoped in the street and elsewhere: not all scopes are the admin's
    expect(
      codeOf(() =>
        checkUserAdministration(street, {
          after: { roles: ['resident'], scopes: ['d01.s01.c01', 'd01.s02.c01'] },
          sensitive: true,
        }),
      ),
    ).toBe('forbidden');
    // a common prefix is not containment
    expect(
      codeOf(() =>
        checkUserAdministration(street, { after: { roles: ['resident'], scopes: ['d01.s010'] }, sensitive: true }),
      ),
    ).toBe('forbidden');
  });

  it('keeps privileged roles for district admins', () => {
    for (const role of ['district_admin', 'street_admin', 'auditor'] as const) {
      expect(
        codeOf(() =>
          checkUserAdministration(street, { after: { roles: [role], scopes: ['d01.s01'] }, sensitive: true }),
        ),
      ).toBe('forbidden');
    }
    // nor may a street admin change a fellow street admin (even only to remove the role)
    expect(
      codeOf(() =>
        checkUserAdministration(street, {
          targetId: 'other',
          before: { roles: ['street_admin'], scopes: ['d01.s01'] },
          after: { roles: ['grid_worker'], scopes: ['d01.s01'] },
          sensitive: true,
        }),
      ),
    ).toBe('forbidden');
  });

  it('refuses changes to users outside the scope, even moving them in', () => {
    expect(
      codeOf(() =>
        checkUserAdministration(street, {
          targetId: 'u2',
          before: { roles: ['grid_worker'], scopes: ['d01.s02.c01.g01'] },
          after: { roles: ['grid_worker'], scopes: ['d01.s01.c01.g01'] },
          sensitive: true,
        }),
      ),
    ).toBe('forbidden');
  });

  it('refuses the partner_client role for people', () => {
    expect(
      codeOf(() =>
        checkUserAdministration(district, { after: { roles: ['partner_client'], scopes: ['d01'] }, sensitive: true }),
      ),
    ).toBe('unprocessable');
  });

  it('refuses non-admins', () => {
    expect(
      codeOf(() =>
        checkUserAdministration(grid, { after: { roles: ['resident'], scopes: ['d01.s01.c01.g01'] }, sensitive: true }),
      ),
    ).toBe('forbidden');
    expect(
      codeOf(() =>
        checkUserAdministration(undefined, { after: { roles: ['resident'], scopes: ['d01'] }, sensitive: true }),
      ),
    ).toBe('unauthorized');
    const client: Actor = { kind: 'client', id: 'c', roles: ['district_admin'], scopes: ['d01'] };
    expect(
      codeOf(() =>
        checkUserAdministration(client, { after: { roles: ['resident'], scopes: ['d01'] }, sensitive: true }),
      ),
    ).toBe('forbidden');
  });

  it('refuses changing your own roles, scopes or status, but allows your display name', () => {
    const self = {
      targetId: 'da',
      before: { roles: ['district_admin' as const], scopes: ['d01'] },
      after: { roles: ['district_admin' as const], scopes: ['d01'] },
    };
    expect(codeOf(() => checkUserAdministration(district, { ...self, sensitive: true }))).toBe('forbidden');
    expect(codeOf(() => checkUserAdministration(district, { ...self, sensitive: false }))).toBeUndefined();
  });

  it('lets an admin see users all of whose scopes are within theirs', () => {
    expect(maySeeUser(street, { scopes: ['d01.s01.c01', 'd01.s01.c02.g01'] })).toBe(true);
    expect(maySeeUser(street, { scopes: ['d01.s01.c01', 'd01.s02'] })).toBe(false);
    expect(maySeeUser(district, { scopes: ['d01.s02'] })).toBe(true);
    expect(maySeeUser(grid, { scopes: ['d01.s01.c01.g01'] })).toBe(false);
    expect(allWithin([], ['d01'])).toBe(true);
  });

  it('applies the scope rule to clients and org units', () => {
    expect(codeOf(() => checkClientAdministration(street, { scopes: ['d01.dep-sanitation'] }))).toBe('forbidden');
    expect(codeOf(() => checkClientAdministration(district, { scopes: ['d01.dep-sanitation'] }))).toBeUndefined();
    expect(codeOf(() => checkOrgAdministration(street, 'd01.s01.c01'))).toBeUndefined();
    expect(codeOf(() => checkOrgAdministration(street, 'd01'))).toBe('forbidden');
    expect(codeOf(() => checkOrgAdministration(grid, 'd01.s01.c01.g01'))).toBe('forbidden');
  });
});
