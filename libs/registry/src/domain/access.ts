import { pathWithin, type Actor, type Role } from '@gz/contracts';

/**
 * Who may do what in the registry. Everything is also bounded by the caller's scopes: a grid
 * worker (scope `d01.s01.c01.g01`) reaches that grid only, a community secretary the community,
 * a street admin the street, a district admin the district.
 */
export const REGISTRY_READERS: readonly Role[] = [
  'district_admin',
  'street_admin',
  'command_operator',
  'community_secretary',
  'grid_worker',
];

/** Roles that keep the registry current. */
export const REGISTRY_WRITERS: readonly Role[] = [
  'district_admin',
  'street_admin',
  'community_secretary',
  'grid_worker',
];

/**
 * Roles that may see a full identity number or phone, one person at a time, with a reason that
 * goes into the access audit. Grid workers and the command centre see masked values only.
 */
export const PII_REVEALERS: readonly Role[] = ['district_admin', 'street_admin', 'community_secretary'];

/** Roles that read the access audit of personal data. */
export const PII_AUDITORS: readonly Role[] = ['auditor', 'district_admin'];

export function hasAnyRole(actor: Pick<Actor, 'roles'>, roles: readonly Role[]): boolean {
  return actor.roles.some((r) => roles.includes(r));
}

/** True when one of the caller's scopes covers the path. */
export function reaches(actor: Pick<Actor, 'scopes'>, path: string): boolean {
  return actor.scopes.some((s) => pathWithin(path, s));
}

export function mayRead(actor: Pick<Actor, 'roles' | 'scopes'>, path: string): boolean {
  return hasAnyRole(actor, REGISTRY_READERS) && reaches(actor, path);
}

export function mayWrite(actor: Pick<Actor, 'roles' | 'scopes'>, path: string): boolean {
  return hasAnyRole(actor, REGISTRY_WRITERS) && reaches(actor, path);
}

export function mayReveal(actor: Pick<Actor, 'roles' | 'scopes'>, path: string): boolean {
  return hasAnyRole(actor, PII_REVEALERS) && reaches(actor, path);
}

/**
 * The part of `within` the caller may see: `within` itself when a scope covers it, the caller's
 * scopes that lie below it otherwise (a street admin asking for the district gets the street),
 * nothing when they do not meet.
 */
export function effectiveScopes(scopes: readonly string[], within?: string): string[] {
  if (!within) return minimal(scopes);
  if (scopes.some((s) => pathWithin(within, s))) return [within];
  return minimal(scopes.filter((s) => pathWithin(s, within)));
}

function minimal(scopes: readonly string[]): string[] {
  return scopes
    .filter((s, i) => !scopes.some((o, j) => j !== i && o !== s && pathWithin(s, o)))
    .filter((s, i, all) => all.indexOf(s) === i);
}
