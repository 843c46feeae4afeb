import { Injectable } from '@nestjs/common';
import type { AccessTokenClaims, Role } from '@gz/contracts';
import { newId } from '@gz/platform';
import { SignJWT } from 'jose';
import { IdentityConfig } from '../identity.config';
import { SIGNING_ALG, SigningKeys } from './signing-keys.service';

type Claims = Omit<AccessTokenClaims, 'iss' | 'aud' | 'sub' | 'jti' | 'iat' | 'exp'>;

/** Signs ES256 access tokens (header `kid`) for users and partner clients. */
@Injectable()
export class TokenIssuer {
  constructor(
    private readonly keys: SigningKeys,
    private readonly config: IdentityConfig,
  ) {}

  get accessTtlS(): number {
    return this.config.ACCESS_TOKEN_TTL_S;
  }

  userAccess(user: {
    id: string;
    username: string;
    roles: Role[];
    scopes: string[];
    sid: string;
    amr: string[];
    enrollOnly: boolean;
  }): Promise<string> {
    return this.sign(user.id, {
      kind: 'user',
      username: user.username,
      roles: user.roles,
      scopes: user.scopes,
      sid: user.sid,
      amr: user.amr,
      ...(user.enrollOnly ? { mfa_enroll: true as const } : {}),
    });
  }

  clientAccess(client: { clientId: string; scopes: string[]; grants: string[] }): Promise<string> {
    return this.sign(`client:${client.clientId}`, {
      kind: 'client',
      client_id: client.clientId,
      roles: ['partner_client'],
      scopes: client.scopes,
      grants: client.grants,
    });
  }

  private async sign(subject: string, claims: Claims): Promise<string> {
    const { kid, key } = this.keys.current();
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ ...claims })
      .setProtectedHeader({ alg: SIGNING_ALG, kid, typ: 'JWT' })
      .setSubject(subject)
      .setIssuer(this.config.JWT_ISSUER)
      .setAudience(this.config.JWT_AUDIENCE)
      .setIssuedAt(now)
      .setExpirationTime(now + this.config.ACCESS_TOKEN_TTL_S)
      .setJti(newId())
      .sign(key);
  }
}
