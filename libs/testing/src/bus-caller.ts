import type { Actor, AnyRoute, ErrorBody, RequestOf, ResponseOf } from '@gz/contracts';
import { BusError, type BusClient } from '@gz/platform';

/**
 * A test's requests straight over the bus, as a service's callers make them: `call` answers the
 * route's response; `failure` sends any payload (a wrong one on purpose) and answers the typed
 * error, failing the test when the request succeeds.
 */
export function busCaller(bus: () => BusClient, street = 'all') {
  const call = <R extends AnyRoute>(route: R, data: RequestOf<R> = {} as RequestOf<R>, actor?: Actor): Promise<ResponseOf<R>> =>
    bus().request(route, street, data, { actor });
  const failure = async (route: AnyRoute, data: unknown = {}, actor?: Actor): Promise<ErrorBody> => {
    try {
      await bus().request(route, street, data as never, { actor });
    } catch (error) {
      if (error instanceof BusError) return error.body;
      throw error;
    }
    throw new Error(`${route.service} ${route.action} succeeded but should have failed`);
  };
  return { call, failure };
}
