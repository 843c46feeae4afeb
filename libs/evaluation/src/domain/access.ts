import { districtOfPath, pathWithin, type Actor, type UnitKind } from '@gz/contracts';

const STAFF_DENIED = ['resident', 'partner_client'];

/** Staff of the platform (everyone but residents and partner systems). */
export function isStaff(a: Actor): boolean {
  return a.kind === 'user' && a.roles.some((r) => !STAFF_DENIED.includes(r));
}

const reaches = (a: Actor, path: string) => a.scopes.some((s) => pathWithin(path, s));
const holds = (a: Actor, ...roles: string[]) => a.roles.some((r) => roles.includes(r));

/** District staff: a scope over the whole district (district admins, auditors, district-level staff). */
export function isDistrictStaff(a: Actor, district: string): boolean {
  return isStaff(a) && a.scopes.includes(district);
}

/** The district the caller works in (their first scope's). */
export function districtOf(a: Actor): string {
  return districtOfPath(a.scopes[0] ?? '');
}

/**
 * Who reads a unit's figures: district staff any unit of the district; others a place or an
 * organisation within their scope; a street's staff the departments as their street evaluates
 * them; a grid worker their own card, and the staff above them theirs.
 */
export function mayRead(a: Actor, district: string, kind: UnitKind, unit: string, street?: string): boolean {
  if (!isStaff(a)) return false;
  if (isDistrictStaff(a, district)) return true;
  if (kind === 'grid_worker') return a.id === unit || holds(a, 'street_admin', 'community_secretary', 'district_admin');
  if (kind === 'department') return reaches(a, unit) || (street !== undefined && reaches(a, `${district}.${street}`));
  return pathWithin(unit, district) && reaches(a, unit);
}

/** Who reads a ranking: district staff; a street's staff the units of their street (departments as their street evaluates them). */
export function mayRank(a: Actor, district: string, street?: string): boolean {
  if (!isStaff(a)) return false;
  if (isDistrictStaff(a, district)) return true;
  return street !== undefined && holds(a, 'street_admin', 'command_operator') && reaches(a, `${district}.${street}`);
}

export function isDistrictAdmin(a: Actor, district: string): boolean {
  return a.kind === 'user' && holds(a, 'district_admin') && a.scopes.includes(district);
}

export function isStreetAdmin(a: Actor, streetPath: string): boolean {
  return (
    a.kind === 'user' &&
    ((holds(a, 'street_admin') && reaches(a, streetPath)) || isDistrictAdmin(a, districtOfPath(streetPath)))
  );
}
