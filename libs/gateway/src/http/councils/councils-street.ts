import { ALL_STREETS, streetOfPath, type Actor, type AnyRoute, type RequestOf, type ResponseOf } from '@gz/contracts';
import type { BusClient } from '@gz/platform';

/**
 * The street token a councils request goes to: the street of `path` when the request names a
 * place; otherwise the caller's street when all its scopes lie in one street (a street-only
 * instance can serve it), else `all` (district-wide instances).
 */
export function councilsStreet(actor: Actor, path?: string): string {
  if (path) return streetOfPath(path);
  const streets = new Set(actor.scopes.map(streetOfPath));
  return streets.size === 1 ? [...streets][0] : ALL_STREETS;
}

/** Sends a councils request to the street it belongs to, as the caller. */
export function toCouncils<R extends AnyRoute>(
  bus: BusClient,
  route: R,
  actor: Actor,
  payload: RequestOf<R>,
  path?: string,
  timeoutMs?: number,
): Promise<ResponseOf<R>> {
  return bus.request(route, councilsStreet(actor, path), payload, { actor, ...(timeoutMs ? { timeoutMs } : {}) });
}
