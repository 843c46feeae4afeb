import { createParamDecorator, Injectable, SetMetadata, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Actor } from '@gz/contracts';
import { DomainError, PUBLIC_ROUTE, unauthorized } from '@gz/platform';
import type { FastifyRequest } from 'fastify';
import { TokenVerifier } from './token-verifier';

const DURING_MFA_ENROLLMENT = 'gz:mfa-enrollment';
const TOKEN_IN_QUERY = 'gz:token-in-query';

export { Public } from '@gz/platform';

/** The route stays open to a user who must still set up a second factor. */
export const AllowDuringMfaEnrollment = () => SetMetadata(DURING_MFA_ENROLLMENT, true);

/**
 * The route also takes the token as `?access_token=` (server-sent events: a browser's
 * EventSource cannot send headers). Access logs never record query strings.
 */
export const TokenInQuery = () => SetMetadata(TOKEN_IN_QUERY, true);

export type AuthedRequest = FastifyRequest & { actor?: Actor };

/** Requires a valid bearer token on every route not marked `@Public()`. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly verifier: TokenVerifier,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthedRequest>();
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    const inQuery = (request.query as Record<string, unknown> | undefined)?.access_token;
    const token =
      match?.[1] ??
      (typeof inQuery === 'string' && this.reflector.getAllAndOverride<boolean>(TOKEN_IN_QUERY, targets)
        ? inQuery
        : undefined);
    if (!token) throw unauthorized('Send an access token: Authorization: Bearer <token>');
    const verified = await this.verifier.verify(token);
    if (verified.mfaEnrollmentRequired && !this.reflector.getAllAndOverride<boolean>(DURING_MFA_ENROLLMENT, targets)) {
      throw new DomainError('forbidden', 'Set up a second factor first (POST /api/v1/auth/totp/enroll)', {
        mfaEnrollmentRequired: true,
      });
    }
    request.actor = verified.actor;
    return true;
  }
}

/** The verified caller of an authenticated route. */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const actor = ctx.switchToHttp().getRequest<AuthedRequest>().actor;
  if (!actor) throw unauthorized('Sign in first');
  return actor;
});

/** Where a request came from, for the audit trail. */
export const ClientInfo = createParamDecorator((_: unknown, ctx: ExecutionContext) => {
  const request = ctx.switchToHttp().getRequest<FastifyRequest>();
  const agent = request.headers['user-agent'];
  return { ip: request.ip, ...(typeof agent === 'string' ? { userAgent: agent.slice(0, 300) } : {}) };
});
