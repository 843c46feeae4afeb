import { districtOfPath, type Actor, type Role } from '@gz/contracts';
import { forbidden, notFound, requireActor } from '@gz/platform';
import { hasAnyRole, mayRead, mayWrite, REGISTRY_READERS, REGISTRY_WRITERS } from './access';

/** The caller, who must hold one of `roles`. */
export function requireRoles(actor: Actor | undefined, roles: readonly Role[]): Actor {
  const a = requireActor(actor);
  if (!hasAnyRole(a, roles)) throw forbidden(`This needs one of the roles: ${roles.join(', ')}`, { roles });
  return a;
}

export const requireReader = (actor: Actor | undefined) => requireRoles(actor, REGISTRY_READERS);
export const requireWriter = (actor: Actor | undefined) => requireRoles(actor, REGISTRY_WRITERS);

/** 404 when the row is missing, 403 when it lies outside what the caller may read. */
export function checkRead<T extends { path: string }>(actor: Actor, row: T | undefined, what: string, id: string): T {
  if (!row) throw notFound(what, { id });
  if (!mayRead(actor, row.path)) throw forbidden(`Outside your scope: ${row.path}`, { path: row.path });
  return row;
}

export function checkWrite<T extends { path: string }>(actor: Actor, row: T | undefined, what: string, id: string): T {
  if (!row) throw notFound(what, { id });
  if (!mayWrite(actor, row.path)) throw forbidden(`Outside your scope: ${row.path}`, { path: row.path });
  return row;
}

export function checkWritePath(actor: Actor, path: string): void {
  if (!mayWrite(actor, path)) throw forbidden(`Outside your scope: ${path}`, { path });
}

/** What the trails store about the caller. */
export function who(actor: Actor): { id: string; name: string | null; roles: string[] } {
  return { id: actor.id, name: actor.username ?? null, roles: actor.roles };
}

/** The district asked for (default the caller's first scope's), which one of the caller's scopes must lie in. */
export function requireDistrict(actor: Actor, asked?: string): string {
  const district = asked ?? districtOfPath(actor.scopes[0] ?? '');
  if (!actor.scopes.some((s) => districtOfPath(s) === district))
    throw forbidden(`Outside your scope: ${district}`, { path: district });
  return district;
}
