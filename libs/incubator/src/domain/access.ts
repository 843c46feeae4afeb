import { pathWithin, type Actor, type Role } from '@gz/contracts';

/**
 * Who keeps the incubator's records of a place: the community's secretary, the street's admins
 * (the street runs its incubation park and its venture-philanthropy rounds) and the district's
 * admins, within their scopes.
 */
export const KEEPER_ROLES: readonly Role[] = ['community_secretary', 'street_admin', 'district_admin'];

/** Who may read the incubator's records within their scopes without keeping them. */
export const READER_ROLES: readonly Role[] = [...KEEPER_ROLES, 'auditor'];

export const holds = (a: Actor, roles: readonly Role[]): boolean => a.roles.some((r) => roles.includes(r));
export const reaches = (a: Actor, path: string): boolean => a.scopes.some((s) => pathWithin(path, s));

/** May keep records of this place (register organisations, decide on them). */
export function keeps(a: Actor, path: string): boolean {
  return a.kind === 'user' && holds(a, KEEPER_ROLES) && reaches(a, path);
}

/** May read records of this place. */
export function reads(a: Actor, path: string): boolean {
  return (holds(a, READER_ROLES) && reaches(a, path)) || (a.kind === 'system' && reaches(a, path));
}

/** Acts for the organisation: its own staff (social_org_staff scoped at its unit of the org tree). */
export function actsFor(a: Actor, orgPath: string | null): boolean {
  return orgPath !== null && a.kind === 'user' && holds(a, ['social_org_staff']) && reaches(a, orgPath);
}

/** The scopes within which the caller lists by place (keepers and readers). */
export function listingScopes(a: Actor): string[] {
  return holds(a, READER_ROLES) ? a.scopes : [];
}
