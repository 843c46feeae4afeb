import type { Actor, Role } from '@gz/contracts';
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
