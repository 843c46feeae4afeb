import type { Actor } from '@gz/contracts';
import { streetOf } from './street';

const actor = (...scopes: string[]): Actor => ({ kind: 'user', id: 'u', roles: ['grid_worker'], scopes });

describe('street token', () => {
  it('follows the place in the request, then the caller', () => {
    expect(streetOf(actor('d01'), 'd01.s02.c01.g01')).toBe('s02');
    expect(streetOf(actor('d01.s01.c01.g01'))).toBe('s01');
    expect(streetOf(actor('d01.s01.c01', 'd01.s01.c02'))).toBe('s01');
    expect(streetOf(actor('d01.s01', 'd01.s02'))).toBe('all');
    expect(streetOf(actor('d01'))).toBe('all');
  });
});
