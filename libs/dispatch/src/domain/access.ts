import { districtOfPath, type Actor, type Role } from '@gz/contracts';
import { canReach, forbidden, hasRole, requireActor } from '@gz/platform';

/** Who dispatches: the street command centre and the admins above it. */
export const COMMAND_ROLES: readonly Role[] = ['command_operator', 'street_admin', 'district_admin'];
/** Who sees dispatch work of a place (besides the departments themselves). */
export const PLACE_READ_ROLES: readonly Role[] = [...COMMAND_ROLES, 'grid_worker', 'community_secretary', 'auditor'];

export function checkCommand(actor: Actor | undefined, gridPath: string): Actor {
  const a = requireActor(actor);
  if (!hasRole(a, ...COMMAND_ROLES))
    throw forbidden(`This needs one of the roles: ${COMMAND_ROLES.join(', ')}`, { roles: COMMAND_ROLES });
  if (!canReach(a, gridPath)) throw forbidden(`Outside your scope: ${gridPath}`, { path: gridPath });
  return a;
}

/** A department officer, or the department's partner system with the grant, acting for the department. */
export function actsForDepartment(
  actor: Actor,
  departmentPath: string,
  grant: 'tickets:read' | 'tickets:feedback',
): boolean {
  if (!canReach(actor, departmentPath)) return false;
  if (actor.kind === 'client') return hasRole(actor, 'partner_client') && (actor.grants ?? []).includes(grant);
  return hasRole(actor, 'department_officer');
}

export function checkDepartment(actor: Actor | undefined, departmentPath: string): Actor {
  const a = requireActor(actor);
  if (!actsForDepartment(a, departmentPath, 'tickets:feedback'))
    throw forbidden(`Only ${departmentPath} acts on this assignment`, { department: departmentPath });
  return a;
}

export function canReadPlace(actor: Actor, gridPath: string): boolean {
  return hasRole(actor, ...PLACE_READ_ROLES) && canReach(actor, gridPath);
}

/**
 * Which assignments a caller's scopes reach in lists: those at its places (place staff), those of
 * its departments (a department officer, or its partner system with the read grant), or both.
 */
export function assignmentReach(actor: Actor): { places: boolean; departments: boolean } {
  return {
    places: hasRole(actor, ...PLACE_READ_ROLES),
    departments:
      actor.kind === 'client'
        ? hasRole(actor, 'partner_client') && (actor.grants ?? []).includes('tickets:read')
        : hasRole(actor, 'department_officer'),
  };
}

/**
 * The org path of a street in the districts of the caller's scopes: the one the caller reaches,
 * else the first (for the refusal to name). Undefined when the caller has no scope at all: the
 * district cannot be known, and none is assumed.
 */
export function streetPathFor(actor: Actor, street: string): { path: string; reachable: boolean } | undefined {
  const paths = [...new Set(actor.scopes.map(districtOfPath))].map((district) => `${district}.${street}`);
  if (paths.length === 0) return undefined;
  const reached = paths.find((path) => canReach(actor, path));
  return reached ? { path: reached, reachable: true } : { path: paths[0], reachable: false };
}
