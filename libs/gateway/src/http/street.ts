import { ALL_STREETS, streetOfPath, type Actor, type AnyRoute, type RequestOf, type ResponseOf } from '@gz/contracts';
import type { BusClient } from '@gz/platform';

/**
 * The street token a request goes to: the street of `path` when the request names a place;
 * otherwise the caller's street when all their scopes lie in one street (a grid worker, a
 * street's command centre), so that street-bound instances serve it; `all` otherwise (district
 * staff, departments), served by the all-streets instances.
 */
export function streetOf(actor: Actor, path?: string): string {
  if (path) return streetOfPath(path);
  const streets = new Set(actor.scopes.map(streetOfPath));
  return streets.size === 1 ? [...streets][0] : ALL_STREETS;
}

/** Sends a request to the street it belongs to (see `streetOf`), as the caller. */
export function toStreet<R extends AnyRoute>(
  bus: BusClient,
  route: R,
  actor: Actor,
  payload: RequestOf<R>,
  path?: string,
  timeoutMs?: number,
): Promise<ResponseOf<R>> {
  return bus.request(route, streetOf(actor, path), payload, { actor, ...(timeoutMs ? { timeoutMs } : {}) });
}
