import { communityOfPath, type Actor } from '@gz/contracts';
import { checkClaim, checkLedgerRead } from './ledger-access';

const user = (roles: Actor['roles'], scopes: string[]): Actor => ({ kind: 'user', id: 'u', roles, scopes });

describe('ledger access', () => {
  it('finds the community of a path', () => {
    expect(communityOfPath('d01.s01.c01.g01')).toBe('d01.s01.c01');
    expect(communityOfPath('d01.s01.c01')).toBe('d01.s01.c01');
    expect(communityOfPath('d01.s01')).toBeUndefined();
  });

  it('lets staff read within their scope, and residents and grid workers their community', () => {
    expect(() => checkLedgerRead(user(['street_admin'], ['d01.s01']), 'd01.s01')).not.toThrow();
    expect(() => checkLedgerRead(user(['street_admin'], ['d01.s01']), 'd01.s02.c01')).toThrow();
    expect(() => checkLedgerRead(user(['resident'], ['d01.s01.c01.g01']), 'd01.s01.c01')).not.toThrow();
    expect(() => checkLedgerRead(user(['grid_worker'], ['d01.s01.c01.g01']), 'd01.s01.c01')).not.toThrow();
    expect(() => checkLedgerRead(user(['resident'], ['d01.s01.c01.g01']), 'd01.s01')).toThrow();
    expect(() => checkLedgerRead(user(['department_officer'], ['d01.dep-sanitation']), 'd01.s01.c01')).toThrow();
  });

  it('lets secretaries, grid workers and residents of the community follow a request', () => {
    expect(() => checkClaim(user(['community_secretary'], ['d01.s01.c01']), 'd01.s01.c01.g02')).not.toThrow();
    expect(() => checkClaim(user(['grid_worker'], ['d01.s01.c01.g01']), 'd01.s01.c01.g02')).not.toThrow();
    expect(() => checkClaim(user(['resident'], ['d01.s01.c01.g01']), 'd01.s01.c01.g03')).not.toThrow();
    expect(() => checkClaim(user(['resident'], ['d01.s01.c02.g01']), 'd01.s01.c01.g01')).toThrow();
    expect(() => checkClaim(user(['command_operator'], ['d01.s01']), 'd01.s01.c01.g01')).toThrow();
    expect(() => checkClaim({ ...user(['resident'], ['d01.s01.c01']), kind: 'client' }, 'd01.s01.c01.g01')).toThrow();
  });
});
