import { ALL_STREETS, streetOfPath, type Actor } from '@gz/contracts';

/**
 * The street token a registry request goes to. With a place in the request (a grid path), its
 * street; otherwise the caller's street when all its scopes lie in one street (a street-only
 * instance can serve it), else `all` (district-wide instances).
 */
export function registryStreet(actor: Actor, path?: string): string {
  if (path) return streetOfPath(path);
  const streets = new Set(actor.scopes.map(streetOfPath));
  return streets.size === 1 ? [...streets][0] : ALL_STREETS;
}
