import { communityOfPath, pathWithin, type Actor, type Role } from '@gz/contracts';
import { canReach, forbidden, hasRole } from '@gz/platform';
import { STAFF_ROLES } from './access';

/**
 * Who reads the public-opinion ledger (民情账本) and who may follow (认领) a request. Pure.
 *
 * Party members are not a role of the platform, so following is open to the people who do it in
 * practice: community secretaries, grid workers and residents of the request's community; the
 * claim records who, and the ledger shows it.
 */
export const CLAIM_ROLES: readonly Role[] = ['community_secretary', 'grid_worker', 'resident'];

/** The caller belongs to the community (or manages a place that contains it). */
function ofCommunity(actor: Actor, community: string, roles: readonly Role[]): boolean {
  if (!hasRole(actor, ...roles)) return false;
  return actor.scopes.some((s) => pathWithin(community, s) || communityOfPath(s) === community);
}

/** The ledger of a place: its staff (and auditors) within their scope; residents and grid workers for their community. */
export function checkLedgerRead(actor: Actor, path: string): void {
  if (hasRole(actor, ...STAFF_ROLES, 'auditor') && canReach(actor, path)) return;
  const community = communityOfPath(path);
  if (community && ofCommunity(actor, community, ['grid_worker', 'resident'])) return;
  throw forbidden(`The ledger of ${path} is not yours to read`, { path });
}

export function checkClaim(actor: Actor, gridPath: string): void {
  if (actor.kind !== 'user' || !hasRole(actor, ...CLAIM_ROLES))
    throw forbidden(`Following a request needs one of the roles: ${CLAIM_ROLES.join(', ')}`, { roles: CLAIM_ROLES });
  const community = communityOfPath(gridPath);
  if (!community || !ofCommunity(actor, community, CLAIM_ROLES))
    throw forbidden(`Outside your community: ${gridPath}`, { path: gridPath });
}
