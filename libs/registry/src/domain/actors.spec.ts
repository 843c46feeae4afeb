import type { Actor } from '@gz/contracts';
import { DomainError } from '@gz/platform';
import {
  checkRead,
  checkWrite,
  checkWritePath,
  requireDistrict,
  requireReader,
  requireRoles,
  requireWriter,
  who,
} from './actors';

const actor = (role: Actor['roles'][number], scope: string, username?: string): Actor => ({
  kind: 'user',
  id: 'u1',
  ...(username ? { username } : {}),
  roles: [role],
  scopes: [scope],
});
const codeOf = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
  return undefined;
};

describe('registry callers', () => {
  const worker = actor('grid_worker', 'd01.s01.c01.g01', 'gw');
  const operator = actor('command_operator', 'd01');
  const row = { path: 'd01.s01.c01.g01' };

  it('lets readers read and writers write, within their scope', () => {
    expect(requireReader(operator)).toBe(operator);
    expect(codeOf(() => requireWriter(operator))).toBe('forbidden');
    expect(codeOf(() => requireRoles(worker, ['auditor']))).toBe('forbidden');
    expect(codeOf(() => requireReader(undefined))).toBe('unauthorized');
    expect(checkRead(worker, row, 'Person', 'p')).toBe(row);
    expect(checkWrite(worker, row, 'Person', 'p')).toBe(row);
    expect(codeOf(() => checkRead(worker, undefined, 'Person', 'p'))).toBe('not_found');
    expect(codeOf(() => checkWrite(worker, { path: 'd01.s01.c01.g02' }, 'Person', 'p'))).toBe('forbidden');
    expect(codeOf(() => checkWrite(operator, row, 'Person', 'p'))).toBe('forbidden');
    expect(codeOf(() => checkWritePath(worker, 'd01.s01.c01'))).toBe('forbidden');
  });

  it('names the caller in trails', () => {
    expect(who(worker)).toEqual({ id: 'u1', name: 'gw', roles: ['grid_worker'] });
    expect(who(operator).name).toBeNull();
  });
});

describe('the district of a request', () => {
  it('defaults to the caller’s and must be one of the caller’s', () => {
    const secretary = actor('community_secretary', 'd01.s01.c01');
    expect(requireDistrict(secretary)).toBe('d01');
    expect(requireDistrict(secretary, 'd01')).toBe('d01');
    expect(codeOf(() => requireDistrict(secretary, 'd02'))).toBe('forbidden');
  });
});
