import { ADMIN_ROLES, pathWithin, type Actor, type Role } from '@gz/contracts';
import { forbidden, hasRole, requireActor, unprocessable } from '@gz/platform';

/** Roles only a district admin may grant, change or take away. */
export const PRIVILEGED_ROLES: readonly Role[] = ['district_admin', 'street_admin', 'auditor'];

/** Roles a person can hold (`partner_client` belongs to OAuth clients only). */
export function isUserRole(role: Role): boolean {
  return role !== 'partner_client';
}

/** True when every path lies at or below one of the scopes. */
export function allWithin(paths: readonly string[], scopes: readonly string[]): boolean {
  return paths.every((p) => scopes.some((s) => pathWithin(p, s)));
}

/** The caller, when it holds an admin role (district or street admin); forbidden otherwise. */
export function requireAdmin(actor: Actor | undefined): Actor {
  const a = requireActor(actor);
  if (a.kind !== 'user' || !hasRole(a, ...ADMIN_ROLES)) {
    throw forbidden(`This needs one of the roles: ${ADMIN_ROLES.join(', ')}`, { roles: ADMIN_ROLES });
  }
  return a;
}

/** Rule 1: an admin sees (reads) a user only when all of that user's scopes lie within the admin's scopes. */
export function maySeeUser(actor: Actor, user: { scopes: readonly string[] }): boolean {
  return hasRole(actor, ...ADMIN_ROLES) && allWithin(user.scopes, actor.scopes);
}

function requireWithin(actor: Actor, scopes: readonly string[]): void {
  const outside = scopes.find((p) => !actor.scopes.some((s) => pathWithin(p, s)));
  if (outside !== undefined) throw forbidden(`Outside your scope: ${outside}`, { path: outside });
}

function requireMayGrant(actor: Actor, roles: readonly Role[]): void {
  const notUser = roles.find((r) => !isUserRole(r));
  if (notUser)
    throw unprocessable(`The role ${notUser} belongs to partner systems, not to people`, {
      field: 'roles',
      role: notUser,
    });
  if (hasRole(actor, 'district_admin')) return;
  const privileged = roles.find((r) => PRIVILEGED_ROLES.includes(r));
  if (privileged)
    throw forbidden(`Only a district admin may grant or change the role ${privileged}`, { role: privileged });
}

/**
 * The administration rule, for creating a user (`before` undefined) or changing one.
 *
 * 1. The caller must be a district admin or a street admin.
 * 2. Every scope of the user, before and after the change, must lie within the caller's scopes
 *    (a street admin of `d01.s01` cannot touch a user of `d01.s02`, nor one that is also scoped
 *    elsewhere).
 * 3. Only a district admin may grant, hold-over or take away the privileged roles
 *    (district_admin, street_admin, auditor): a street admin can neither create nor change such a
 *    user (not even a fellow street admin of the same street).
 * 4. `partner_client` is not a role for people.
 * 5. Nobody changes their own roles, scopes or status, or resets their own password here (they
 *    use the password change, which asks for the current password).
 */
export function checkUserAdministration(
  actor: Actor | undefined,
  change: {
    targetId?: string;
    before?: { roles: readonly Role[]; scopes: readonly string[] };
    after: { roles: readonly Role[]; scopes: readonly string[] };
    /** true when roles, scopes, status or the password change (not just the display name) */
    sensitive: boolean;
  },
): Actor {
  const a = requireAdmin(actor);
  if (change.targetId !== undefined && change.targetId === a.id && change.sensitive) {
    throw forbidden('You cannot change your own roles, scopes, status or reset your own password');
  }
  if (change.before) {
    requireWithin(a, change.before.scopes);
    requireMayGrant(a, change.before.roles.filter(isUserRole));
  }
  requireWithin(a, change.after.scopes);
  requireMayGrant(a, change.after.roles);
  return a;
}

/** Clients (partner systems): an admin may create, see and revoke those whose scopes lie within theirs. */
export function checkClientAdministration(actor: Actor | undefined, client: { scopes: readonly string[] }): Actor {
  const a = requireAdmin(actor);
  requireWithin(a, client.scopes);
  return a;
}

/** Org units: an admin creates units only below a parent within their scopes. */
export function checkOrgAdministration(actor: Actor | undefined, parentPath: string): Actor {
  const a = requireAdmin(actor);
  requireWithin(a, [parentPath]);
  return a;
}
