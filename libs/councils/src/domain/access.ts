import { pathWithin, type Actor, type Role } from '@gz/contracts';

/** Who keeps a compound's roll: the community's secretary, the street's and the district's admins, within their scopes. */
export const ROLL_KEEPER_ROLES: readonly Role[] = ['community_secretary', 'street_admin', 'district_admin'];

/** What access decisions need to know of a compound. */
export interface CompoundPlace {
  communityPath: string;
  propertyCompanyPath: string | null;
  ownersCommitteePath: string | null;
}

const holds = (a: Actor, roles: readonly Role[]) => a.roles.some((r) => roles.includes(r));
const reaches = (a: Actor, path: string) => a.scopes.some((s) => pathWithin(path, s));
/** The caller acts for exactly this org unit (or one above it): a property company's staff, an owners' committee's members. */
const actsFor = (a: Actor, path: string | null) => path !== null && reaches(a, path);

/** May keep the roll of compounds in this community (create compounds, units and owners, import, link, reveal). */
export function keepsRoll(a: Actor, communityPath: string): boolean {
  return a.kind === 'user' && holds(a, ROLL_KEEPER_ROLES) && reaches(a, communityPath);
}

/** May read the owners' roll (names, masked phones, units): its keepers and the compound's owners' committee. */
export function readsRoll(a: Actor, c: CompoundPlace): boolean {
  if (keepsRoll(a, c.communityPath)) return true;
  return holds(a, ['owners_committee_member']) && actsFor(a, c.ownersCommitteePath);
}

/**
 * May see the compound and its units: those who read the roll and its property company's staff.
 * A resident sees a compound only as one of its owners (decided with the roll, not here).
 */
export function seesCompound(a: Actor, c: CompoundPlace): boolean {
  if (readsRoll(a, c)) return true;
  return holds(a, ['property_manager']) && actsFor(a, c.propertyCompanyPath);
}

/** The scopes within which the caller lists compounds by place (staff; residents list through their ownership). */
export function listingScopes(a: Actor): string[] {
  return holds(a, ROLL_KEEPER_ROLES) ? a.scopes : [];
}
