import { applyDecorators, UseFilters, UsePipes } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import type { Route } from '@gz/contracts';
import { busValidationPipe, BusExceptionFilter } from '../errors';

export function routePattern(route: Route): string {
  return `${route.service}.${route.action}`;
}

/**
 * Marks a controller method as the handler of a bus request. The payload is validated with the
 * same rules as the gateway and every error leaves as a typed `{ code, message, details }`.
 */
export function BusHandler(route: Route): MethodDecorator {
  return applyDecorators(MessagePattern(routePattern(route)), UsePipes(busValidationPipe), UseFilters(new BusExceptionFilter()));
}
