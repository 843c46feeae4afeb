import { pathAtDepth, pathWithin, type Actor } from '@gz/contracts';
import { holds, READER_ROLES } from './access';

/**
 * The places within which the caller sees incubation parks: the street of each of their scopes,
 * so a community's secretary and an organisation's staff find their street's park (staff scopes
 * such as `d01.s01.so01` lie under the street), and district staff see every park.
 */
export function parkScopes(a: Actor): string[] {
  if (!holds(a, [...READER_ROLES, 'social_org_staff'])) return [];
  return [...new Set(a.scopes.map((s) => pathAtDepth(s, 2) ?? s))];
}

export const seesPark = (a: Actor, parkPath: string): boolean => parkScopes(a).some((s) => pathWithin(parkPath, s));
