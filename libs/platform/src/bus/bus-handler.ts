import { applyDecorators, UseFilters, UsePipes } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import type { AnyRoute, RequestOf, ResponseOf } from '@gz/contracts';
import { busValidationPipe, BusExceptionFilter } from '../errors';

export function routePattern(route: AnyRoute): string {
  return `${route.service}.${route.action}`;
}

/**
 * A bus handler for route `R`: it takes the route's request (then anything Nest injects, such as
 * the caller) and answers the route's response. A method that takes or returns another type does
 * not compile.
 */
export type HandlerOf<R extends AnyRoute> = (
  request: RequestOf<R>,
  // Nest's own parameters (the caller, the message context) follow the request.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  ...injected: any[]
) => ResponseOf<R> | Promise<ResponseOf<R>>;

/**
 * Marks a controller method as the handler of a bus request. The payload is validated with the
 * same rules as the gateway and every error leaves as a typed `{ code, message, details }`.
 */
export function BusHandler<R extends AnyRoute>(route: R) {
  const decorate = applyDecorators(MessagePattern(routePattern(route)), UsePipes(busValidationPipe), UseFilters(new BusExceptionFilter()));
  return <H extends HandlerOf<R>>(target: object, key: string | symbol, descriptor: TypedPropertyDescriptor<H>): void => {
    decorate(target, key, descriptor);
  };
}
