import { pathWithin, type Actor, type Role } from '@gz/contracts';
import { forbidden, unauthorized } from './errors';

/** The caller, or 401 when a handler that needs one got none. */
export function requireActor(actor: Actor | undefined): Actor {
  if (!actor) throw unauthorized('Sign in first');
  return actor;
}

export function hasRole(actor: Actor, ...roles: Role[]): boolean {
  return actor.roles.some((r) => roles.includes(r));
}

export function requireRole(actor: Actor | undefined, ...roles: Role[]): Actor {
  const a = requireActor(actor);
  if (!hasRole(a, ...roles)) throw forbidden(`This needs one of the roles: ${roles.join(', ')}`, { roles });
  return a;
}

/** True when the caller's scopes cover `path` (a scope covers itself and everything below it). */
export function canReach(actor: Actor, path: string): boolean {
  return actor.scopes.some((scope) => pathWithin(path, scope));
}

export function requireScope(actor: Actor | undefined, path: string): Actor {
  const a = requireActor(actor);
  if (!canReach(a, path)) throw forbidden(`Outside your scope: ${path}`, { path });
  return a;
}

/** True when the caller may act on the whole street (`s01`), i.e. a scope at or above it. */
export function canReachStreet(actor: Actor, street: string): boolean {
  return actor.scopes.some((scope) => {
    const tokens = scope.split('.');
    return tokens.length === 1 || (tokens.length >= 2 && tokens[1] === street && tokens.length === 2);
  });
}
