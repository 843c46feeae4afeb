import { Injectable } from '@nestjs/common';
import { ALL_STREETS, IdentityRoutes, ROLES, type Actor, type Role } from '@gz/contracts';
import { BusClient, unauthorized } from '@gz/platform';
import { createLocalJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';
import { GatewayConfig } from '../gateway-config';

export interface VerifiedToken {
  actor: Actor;
  /** the user must set up a second factor before doing anything else */
  mfaEnrollmentRequired: boolean;
}

const REFETCH_AFTER_MS = 30_000;
const CACHE_MAX = 10_000;

/**
 * Verifies access tokens locally with the identity service's public keys, so a request costs no
 * extra hop. The key set is fetched over the bus once and again when a token names a key it
 * does not know (key rotation), at most every 30 s.
 */
@Injectable()
export class TokenVerifier {
  private keySet?: ReturnType<typeof createLocalJWKSet>;
  private fetchedAt = 0;
  private fetching?: Promise<void>;
  /**
   * Tokens already verified, until they expire. A token cannot change, and a signature check
   * (ES256) costs more than the rest of a typical request, so each token is checked once. Only
   * verified tokens enter; the oldest leave first when the cache is full.
   */
  private readonly verified = new Map<string, { result: VerifiedToken; expiresAt: number }>();

  constructor(
    private readonly bus: BusClient,
    private readonly config: GatewayConfig,
  ) {}

  private async refresh(): Promise<void> {
    this.fetching ??= this.bus
      .request(IdentityRoutes.jwks, ALL_STREETS, {})
      .then((jwks) => {
        this.keySet = createLocalJWKSet(jwks);
        this.fetchedAt = Date.now();
      })
      .finally(() => {
        this.fetching = undefined;
      });
    return this.fetching;
  }

  async verify(token: string): Promise<VerifiedToken> {
    const cached = this.verified.get(token);
    if (cached) {
      if (cached.expiresAt > Date.now()) return cached.result;
      this.verified.delete(token);
    }
    if (!this.keySet) await this.refresh();
    const payload = await this.check(token, true);
    const result = toVerified(payload);
    if (typeof payload.exp === 'number') {
      if (this.verified.size >= CACHE_MAX) this.verified.delete(this.verified.keys().next().value as string);
      this.verified.set(token, { result, expiresAt: payload.exp * 1000 });
    }
    return result;
  }

  /**
   * The token's claims once its signature, issuer, audience and expiry hold. A key the key set
   * lacks is fetched again (rotation) if `mayRefetch` and the last fetch is old enough; a key
   * still unknown is a 401 like any other token that does not verify.
   */
  private async check(token: string, mayRefetch: boolean): Promise<JWTPayload> {
    try {
      const { payload } = await jwtVerify(token, this.keySet!, {
        issuer: this.config.JWT_ISSUER,
        audience: this.config.JWT_AUDIENCE,
        algorithms: ['ES256'],
      });
      return payload;
    } catch (error) {
      if (error instanceof errors.JWKSNoMatchingKey) {
        if (!mayRefetch || Date.now() - this.fetchedAt <= REFETCH_AFTER_MS)
          throw unauthorized('The access token is not valid');
        await this.refresh();
        return this.check(token, false);
      }
      if (error instanceof errors.JWTExpired) throw unauthorized('The access token has expired; refresh it');
      throw unauthorized('The access token is not valid');
    }
  }
}

function toVerified(payload: JWTPayload): VerifiedToken {
  const kind = payload.kind === 'client' ? 'client' : 'user';
  const sub = String(payload.sub ?? '');
  const roles = (Array.isArray(payload.roles) ? payload.roles : []).filter((r): r is Role =>
    (ROLES as readonly string[]).includes(r),
  );
  const scopes = Array.isArray(payload.scopes) ? payload.scopes.map(String) : [];
  const actor: Actor = {
    kind,
    id: kind === 'client' ? sub.replace(/^client:/, '') : sub,
    ...(typeof payload.username === 'string' ? { username: payload.username } : {}),
    roles,
    scopes,
    ...(Array.isArray(payload.grants) ? { grants: payload.grants.map(String) } : {}),
  };
  return { actor, mfaEnrollmentRequired: payload.mfa_enroll === true };
}
