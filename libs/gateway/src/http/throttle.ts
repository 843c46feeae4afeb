import { SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { ThrottlerModuleOptions } from '@nestjs/throttler';
import type { AuthedRequest } from '../auth/auth';
import type { GatewayConfig } from '../gateway-config';
import { FixedWindowThrottlerStorage } from './throttle-storage';

const AUTH_LIMITED = 'gz:auth-limited';

/** Sign-in and token endpoints: limited per address, much tighter than the API at large. */
export const AuthRateLimited = () => SetMetadata(AUTH_LIMITED, true);

/**
 * Two limits: every caller (the signed-in user or client, else the address) gets
 * RATE_LIMIT_PER_MINUTE; sign-in and token routes get RATE_LIMIT_AUTH_PER_MINUTE per address,
 * which slows password guessing before the account lockout even starts.
 */
export function throttlerOptions(config: GatewayConfig): ThrottlerModuleOptions {
  return {
    storage: new FixedWindowThrottlerStorage(),
    // One budget per caller across the whole API (the default keys per route, hashed per request).
    generateKey: (_context: ExecutionContext, tracker: string, name: string) => `${name}:${tracker}`,
    throttlers: [
      {
        name: 'default',
        ttl: 60_000,
        limit: config.RATE_LIMIT_PER_MINUTE,
        getTracker: (req: Record<string, unknown>) => {
          const actor = (req as unknown as AuthedRequest).actor;
          return actor ? `${actor.kind}:${actor.id}` : String(req.ip);
        },
      },
      {
        name: 'auth',
        ttl: 60_000,
        limit: config.RATE_LIMIT_AUTH_PER_MINUTE,
        getTracker: (req: Record<string, unknown>) => String(req.ip),
        skipIf: (context: ExecutionContext) => Reflect.getMetadata(AUTH_LIMITED, context.getHandler()) !== true,
      },
    ],
  };
}
