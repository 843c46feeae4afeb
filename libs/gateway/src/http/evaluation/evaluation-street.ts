import { ALL_STREETS, districtOfPath, type Actor, type AnyRoute, type RequestOf, type ResponseOf } from '@gz/contracts';
import type { BusClient } from '@gz/platform';

/** The caller's district (evaluation's figures and definitions are per district). */
export function districtOf(actor: Actor): string {
  return districtOfPath(actor.scopes[0] ?? 'd');
}

/** Sends an evaluation request as the caller. Evaluation's projection is district-wide, so its requests go to the `all` instances. */
export function toEvaluation<R extends AnyRoute>(
  bus: BusClient,
  route: R,
  actor: Actor,
  payload: RequestOf<R>,
  timeoutMs?: number,
): Promise<ResponseOf<R>> {
  return bus.request(route, ALL_STREETS, payload, { actor, ...(timeoutMs ? { timeoutMs } : {}) });
}
