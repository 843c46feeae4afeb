import { streetOfPath, type Actor } from '@gz/contracts';

/**
 * The street token of a ticket request: the caller's street when all their scopes lie in one
 * street (a grid worker, a street's command centre), so that street-bound instances serve it;
 * `all` otherwise (district staff, departments), served by the all-streets instances.
 */
export function streetOf(actor: Actor): string {
  const streets = new Set(actor.scopes.map(streetOfPath));
  return streets.size === 1 ? [...streets][0] : 'all';
}
