import type { Actor, Role } from '@gz/contracts';
import { hasAnyRole } from './access';

/** Roles that change sensitive fields directly and decide the change requests of others. */
export const CHANGE_APPROVERS: readonly Role[] = ['community_secretary', 'street_admin', 'district_admin'];

/** A caller without an approver role (a grid worker) needs approval for sensitive fields. */
export function needsApproval(actor: Pick<Actor, 'roles'>): boolean {
  return !hasAnyRole(actor, CHANGE_APPROVERS);
}

/** The fields of a change that the district marks sensitive (those that make it a request). */
export function sensitiveHits(changed: readonly string[], sensitive: readonly string[]): string[] {
  return changed.filter((f) => sensitive.includes(f));
}

/** The associated data the requested values are sealed under (bound to the request row). */
export const CHANGE_REQUEST_FIELD = 'changeRequest';
