import { Injectable } from '@nestjs/common';
import { AuditActions, type LogoutCommand, type OkResponse, type RefreshCommand, type TokenPair } from '@gz/contracts';
import { newId, unauthorized } from '@gz/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { hashRefreshToken, newRefreshToken } from '../crypto/refresh-tokens';
import { sessionFactors } from '../domain/mfa';
import { decideRefresh } from '../domain/refresh';
import { IdentityConfig } from '../identity.config';
import { AuditStore } from '../persistence/audit.store';
import type { AppUser } from '../persistence/entities';
import { RefreshTokenStore } from '../persistence/refresh-token.store';
import { UserStore } from '../persistence/user.store';
import { TokenIssuer } from './token-issuer.service';

/** Sessions: rotating refresh-token families, their refresh and their end. */
@Injectable()
export class SessionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: IdentityConfig,
    private readonly tokens: TokenIssuer,
    private readonly refreshTokens: RefreshTokenStore,
    private readonly users: UserStore,
    private readonly audit: AuditStore,
  ) {}

  /** Starts a session of the user in the caller's transaction: its id and first refresh token. */
  async start(m: EntityManager, userId: string, now: Date): Promise<{ familyId: string; refreshToken: string }> {
    const refresh = newRefreshToken();
    const familyId = newId();
    await this.refreshTokens.insert(m, {
      familyId,
      userId,
      hash: refresh.hash,
      parentId: null,
      now,
      expiresAt: new Date(now.getTime() + this.config.REFRESH_TOKEN_TTL_S * 1000),
    });
    return { familyId, refreshToken: refresh.token };
  }

  /** The tokens a session answers with: a new access token and the refresh token. */
  async pair(user: AppUser, familyId: string, refreshToken: string): Promise<TokenPair> {
    const factors = sessionFactors(user, this.config.MFA_REQUIRED_ROLES);
    const accessToken = await this.tokens.userAccess({
      id: user.id,
      username: user.username,
      roles: user.roles,
      scopes: user.scopes,
      sid: familyId,
      amr: factors.amr,
      enrollOnly: factors.enrollOnly,
    });
    return {
      accessToken,
      refreshToken,
      expiresIn: this.tokens.accessTtlS,
      tokenType: 'Bearer',
      ...(factors.enrollOnly ? { mfaEnrollmentRequired: true } : {}),
    };
  }

  async refresh(cmd: RefreshCommand): Promise<TokenPair> {
    const hash = hashRefreshToken(cmd.refreshToken);
    const now = new Date();
    const outcome = await this.dataSource.transaction(async (m) => {
      const row = await this.refreshTokens.lockByHash(m, hash);
      if (!row) return { kind: 'unknown' as const };
      const decision = decideRefresh(
        { createdAt: row.created_at, expiresAt: row.expires_at, usedAt: row.used_at, revokedAt: row.revoked_at },
        now,
        this.config.SESSION_IDLE_TIMEOUT_S,
      );
      if (decision.action !== 'rotate') {
        const revoked = await this.refreshTokens.revokeFamily(m, row.family_id, now);
        if (decision.action === 'reuse') {
          await this.audit.write(m, {
            action: AuditActions.refreshReuse,
            outcome: 'failure',
            actor: { id: row.user_id },
            target: row.user_id,
            details: { sessionId: row.family_id, revokedTokens: revoked },
            client: cmd.client,
          });
        }
        return { kind: decision.action };
      }
      const user = await this.users.find(row.user_id, m);
      if (!user || user.status !== 'active') {
        await this.refreshTokens.revokeFamily(m, row.family_id, now);
        return { kind: 'disabled' as const };
      }
      await this.refreshTokens.markUsed(m, row.id, now);
      const next = newRefreshToken();
      await this.refreshTokens.insert(m, {
        familyId: row.family_id,
        userId: row.user_id,
        hash: next.hash,
        parentId: row.id,
        now,
        expiresAt: row.expires_at,
      });
      return { kind: 'rotated' as const, user, familyId: row.family_id, token: next.token };
    });
    switch (outcome.kind) {
      case 'rotated':
        return this.pair(outcome.user, outcome.familyId, outcome.token);
      case 'reuse':
        throw unauthorized('This refresh token was already used; the session has been ended for safety, sign in again');
      case 'expired':
        throw unauthorized('Session expired, sign in again');
      case 'disabled':
        throw unauthorized('This account can no longer sign in');
      default:
        throw unauthorized('The session has ended, sign in again');
    }
  }

  async logout(cmd: LogoutCommand): Promise<OkResponse> {
    const now = new Date();
    await this.dataSource.transaction(async (m) => {
      const row = await this.refreshTokens.sessionOf(m, hashRefreshToken(cmd.refreshToken));
      if (!row) return;
      const revoked = await this.refreshTokens.revokeFamily(m, row.family_id, now);
      if (revoked > 0) {
        await this.audit.write(m, {
          action: AuditActions.logout,
          outcome: 'success',
          actor: { id: row.user_id },
          target: row.user_id,
          details: { sessionId: row.family_id },
          client: cmd.client,
        });
      }
    });
    return { ok: true };
  }
}
