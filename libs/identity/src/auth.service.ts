import { Injectable } from '@nestjs/common';
import {
  type Actor,
  type ChangePasswordCommand,
  type ClientContext,
  type LoginCommand,
  type LogoutCommand,
  type OkResponse,
  type RefreshCommand,
  type TokenPair,
  type TotpActivateRequest,
  type TotpEnrollment,
} from '@gz/contracts';
import {
  conflict,
  DomainError,
  forbidden,
  newId,
  notFound,
  Outbox,
  requireActor,
  unauthorized,
  unprocessable,
} from '@gz/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditTrail } from './audit';
import { execute } from './sql';
import { afterFailure, cleared, isLocked } from './domain/lockout';
import { secondFactorStep, sessionFactors } from './domain/mfa';
import { streetOfScopes } from './domain/org-tree';
import { requireStrongPassword } from './domain/password-policy';
import { decideRefresh } from './domain/refresh';
import { AppUser, RefreshToken } from './entities/entities';
import { IdentityConfig } from './identity.config';
import { hashPassword, verifyNothing, verifyPassword } from './passwords';
import { SecretBox, totpContext } from './secrets';
import { hashRefreshToken, newRefreshToken, TokenIssuer } from './tokens';
import { newTotpSecret, totpUri, totpValid } from './totp';

const WRONG_CREDENTIALS = 'Wrong username or password';
export const TOTP_ISSUER = 'Gongzhi';

export function lockedError(lockedUntil: Date): DomainError {
  return new DomainError(
    'locked',
    'This account is locked after repeated failed sign-ins; try again later or ask an admin',
    {
      lockedUntil: lockedUntil.toISOString(),
    },
  );
}

function mfaRequired(message = 'This account needs a 6-digit code from its authenticator app (otp)'): DomainError {
  return new DomainError('mfa_required', message, { field: 'otp' });
}

interface TokenRow {
  id: string;
  family_id: string;
  user_id: string;
  created_at: Date;
  expires_at: Date;
  used_at: Date | null;
  revoked_at: Date | null;
}

/** Sign-in, sessions (rotating refresh-token families), password change and the second factor. */
@Injectable()
export class AuthService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: IdentityConfig,
    private readonly tokens: TokenIssuer,
    private readonly audit: AuditTrail,
    private readonly outbox: Outbox,
    private readonly secrets: SecretBox,
  ) {}

  async login(cmd: LoginCommand): Promise<TokenPair> {
    const username = cmd.username.trim().toLowerCase();
    const now = new Date();
    const user = await this.dataSource.getRepository(AppUser).findOne({ where: { username } });
    if (!user) {
      await verifyNothing(cmd.password);
      await this.dataSource.transaction((m) =>
        this.audit.write(m, {
          action: 'auth.login.failed',
          outcome: 'failure',
          target: username,
          details: { username, reason: 'unknown_user' },
          client: cmd.client,
        }),
      );
      throw unauthorized(WRONG_CREDENTIALS);
    }
    if (isLocked(user, now)) {
      await this.dataSource.transaction((m) =>
        this.audit.write(m, {
          action: 'auth.login.failed',
          outcome: 'failure',
          target: username,
          details: { username, reason: 'locked' },
          client: cmd.client,
        }),
      );
      throw lockedError(user.lockedUntil as Date);
    }
    if (!(await verifyPassword(user.passwordHash, cmd.password))) return this.failed(user, 'password', cmd.client);
    if (user.status !== 'active') {
      await this.dataSource.transaction((m) =>
        this.audit.write(m, {
          action: 'auth.login.failed',
          outcome: 'failure',
          target: username,
          details: { username, reason: 'disabled' },
          client: cmd.client,
        }),
      );
      throw forbidden('This account is disabled');
    }
    const step = secondFactorStep(user.totpEnabled, cmd.otp);
    if (step === 'ask') throw mfaRequired();
    if (step === 'check' && !(await totpValid(this.totpSecretOf(user), cmd.otp as string)))
      return this.failed(user, 'otp', cmd.client);

    const refresh = newRefreshToken();
    const familyId = newId();
    const factors = sessionFactors(user, this.config.MFA_REQUIRED_ROLES);
    await this.dataSource.transaction(async (m) => {
      await m.update(AppUser, { id: user.id }, { ...cleared(), lastLoginAt: now });
      if (step === 'check' && user.totpSecret && this.secrets.stale(user.totpSecret)) {
        // Seal a secret stored in plain (before sealing existed) or under a rotated-out key with
        // the current key; the condition leaves a secret changed meanwhile alone.
        await m.update(
          AppUser,
          { id: user.id, totpSecret: user.totpSecret },
          { totpSecret: this.secrets.seal(this.totpSecretOf(user), totpContext(user.id)) },
        );
      }
      await this.insertToken(m, {
        familyId,
        userId: user.id,
        hash: refresh.hash,
        parentId: null,
        now,
        expiresAt: new Date(now.getTime() + this.config.REFRESH_TOKEN_TTL_S * 1000),
      });
      await this.audit.write(m, {
        action: 'auth.login.succeeded',
        outcome: 'success',
        actor: { id: user.id, username: user.username },
        target: username,
        details: { sessionId: familyId, amr: factors.amr },
        client: cmd.client,
      });
    });
    return this.pair(user, familyId, refresh.token);
  }

  /** Counts a failed sign-in (wrong password or code); the one that reaches the limit locks the account. */
  private async failed(
    user: AppUser,
    reason: 'password' | 'otp',
    client: ClientContext | undefined,
    action = 'auth.login.failed',
  ): Promise<never> {
    const now = new Date();
    const state = await this.dataSource.transaction(async (m) => {
      const row = await m.findOne(AppUser, { where: { id: user.id }, lock: { mode: 'pessimistic_write' } });
      if (!row) throw unauthorized(WRONG_CREDENTIALS);
      const next = afterFailure(row, now, {
        maxFailures: this.config.LOGIN_MAX_FAILURES,
        lockoutS: this.config.LOGIN_LOCKOUT_S,
      });
      await m.update(AppUser, { id: row.id }, { failedLogins: next.failedLogins, lockedUntil: next.lockedUntil });
      await this.audit.write(m, {
        action,
        outcome: 'failure',
        target: row.username,
        details: { username: row.username, reason, failures: next.failedLogins },
        client,
      });
      if (next.lockedNow) {
        const lockedUntil = (next.lockedUntil as Date).toISOString();
        await this.audit.write(m, {
          action: 'auth.lockout',
          outcome: 'success',
          target: row.username,
          details: { username: row.username, userId: row.id, failures: next.failedLogins, lockedUntil },
          client,
        });
        await this.outbox.add(m, {
          type: 'user.locked',
          street: streetOfScopes(row.scopes),
          actor: { kind: 'system', id: 'identity' },
          data: { id: row.id, username: row.username, lockedUntil, failures: next.failedLogins },
        });
      }
      return next;
    });
    if (isLocked(state, now)) throw lockedError(state.lockedUntil as Date);
    if (reason === 'otp')
      throw mfaRequired('The 6-digit code is not valid; use the current code of your authenticator app');
    throw unauthorized(WRONG_CREDENTIALS);
  }

  async refresh(cmd: RefreshCommand): Promise<TokenPair> {
    const hash = hashRefreshToken(cmd.refreshToken);
    const now = new Date();
    const outcome = await this.dataSource.transaction(async (m) => {
      const [row]: TokenRow[] = await m.query(
        `SELECT id, family_id, user_id, created_at, expires_at, used_at, revoked_at
           FROM "identity".refresh_token WHERE token_hash = $1 FOR UPDATE`,
        [hash],
      );
      if (!row) return { kind: 'unknown' as const };
      const decision = decideRefresh(
        { createdAt: row.created_at, expiresAt: row.expires_at, usedAt: row.used_at, revokedAt: row.revoked_at },
        now,
        this.config.SESSION_IDLE_TIMEOUT_S,
      );
      if (decision.action !== 'rotate') {
        const revoked = await this.revokeFamily(m, row.family_id, now);
        if (decision.action === 'reuse') {
          await this.audit.write(m, {
            action: 'auth.refresh.reuse',
            outcome: 'failure',
            actor: { id: row.user_id },
            target: row.user_id,
            details: { sessionId: row.family_id, revokedTokens: revoked },
            client: cmd.client,
          });
        }
        return { kind: decision.action };
      }
      const user = await m.findOne(AppUser, { where: { id: row.user_id } });
      if (!user || user.status !== 'active') {
        await this.revokeFamily(m, row.family_id, now);
        return { kind: 'disabled' as const };
      }
      await m.update(RefreshToken, { id: row.id }, { usedAt: now, lastUsedAt: now });
      const next = newRefreshToken();
      await this.insertToken(m, {
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
      const [row]: Array<Pick<TokenRow, 'family_id' | 'user_id'>> = await m.query(
        `SELECT family_id, user_id FROM "identity".refresh_token WHERE token_hash = $1`,
        [hashRefreshToken(cmd.refreshToken)],
      );
      if (!row) return;
      const revoked = await this.revokeFamily(m, row.family_id, now);
      if (revoked > 0) {
        await this.audit.write(m, {
          action: 'auth.logout',
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

  async changePassword(cmd: ChangePasswordCommand, actor: Actor | undefined): Promise<OkResponse> {
    const user = await this.selfUser(actor);
    const now = new Date();
    if (isLocked(user, now)) throw lockedError(user.lockedUntil as Date);
    if (!(await verifyPassword(user.passwordHash, cmd.currentPassword))) {
      // A stolen access token must not allow unlimited guessing: count it like a failed sign-in.
      await this.failed(user, 'password', cmd.client, 'auth.password.failed').catch((error: unknown) => {
        if (error instanceof DomainError && error.code === 'locked') throw error;
      });
      throw forbidden('The current password is wrong', { field: 'currentPassword' });
    }
    requireStrongPassword(cmd.newPassword, user.username, 'newPassword');
    if (cmd.newPassword === cmd.currentPassword) {
      throw unprocessable('The new password must differ from the current one', { field: 'newPassword' });
    }
    const hash = await hashPassword(cmd.newPassword);
    await this.dataSource.transaction(async (m) => {
      await m.update(
        AppUser,
        { id: user.id },
        { passwordHash: hash, passwordChangedAt: now, updatedAt: now, ...cleared() },
      );
      const revoked = await execute(
        m,
        `UPDATE "identity".refresh_token SET revoked_at = $2
          WHERE user_id = $1 AND revoked_at IS NULL AND ($3::uuid IS NULL OR family_id <> $3::uuid)`,
        [user.id, now, cmd.sessionId ?? null],
      );
      await this.audit.write(m, {
        action: 'auth.password.changed',
        outcome: 'success',
        actor: { id: user.id, username: user.username },
        target: user.username,
        details: { keptSession: cmd.sessionId ?? null, revokedTokens: revoked },
        client: cmd.client,
      });
    });
    return { ok: true };
  }

  async totpEnroll(actor: Actor | undefined): Promise<TotpEnrollment> {
    const user = await this.selfUser(actor);
    if (user.totpEnabled) throw conflict('A second factor is already active on this account');
    const secret = newTotpSecret();
    await this.dataSource.transaction(async (m) => {
      await m.update(
        AppUser,
        { id: user.id },
        { totpSecret: this.secrets.seal(secret, totpContext(user.id)), updatedAt: new Date() },
      );
      await this.audit.write(m, {
        action: 'auth.totp.enrolled',
        outcome: 'success',
        actor: { id: user.id, username: user.username },
        target: user.username,
      });
    });
    return { secret, otpauthUrl: totpUri(TOTP_ISSUER, user.username, secret) };
  }

  /**
   * Turns the pending secret on after checking a code from it. Every session of the user ends:
   * the next sign-in asks for the code, and its tokens carry amr pwd+otp.
   */
  async totpActivate(req: TotpActivateRequest, actor: Actor | undefined): Promise<OkResponse> {
    const user = await this.selfUser(actor);
    if (user.totpEnabled) throw conflict('A second factor is already active on this account');
    if (!user.totpSecret) throw conflict('Start the enrolment first (auth.totp.enroll)');
    if (!(await totpValid(this.totpSecretOf(user), req.code))) {
      throw unprocessable('The code is not valid; enter the current 6-digit code of your authenticator app', {
        field: 'code',
      });
    }
    const now = new Date();
    await this.dataSource.transaction(async (m) => {
      // Compares the stored (sealed) value as read above: a new enrolment meanwhile changes it.
      const result = await m
        .createQueryBuilder()
        .update(AppUser)
        .set({ totpEnabled: true, version: () => 'version + 1', updatedAt: now })
        .where('id = :id AND totp_enabled = false AND totp_secret = :secret', { id: user.id, secret: user.totpSecret })
        .execute();
      if (!result.affected) throw conflict('The enrolment changed meanwhile; start again');
      await execute(
        m,
        `UPDATE "identity".refresh_token SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL`,
        [user.id, now],
      );
      await this.audit.write(m, {
        action: 'auth.totp.activated',
        outcome: 'success',
        actor: { id: user.id, username: user.username },
        target: user.username,
      });
    });
    return { ok: true };
  }

  /** The plain TOTP secret of a user who has one (stored sealed; plain in rows from before sealing). */
  private totpSecretOf(user: AppUser): string {
    return this.secrets.open(user.totpSecret as string, totpContext(user.id));
  }

  private async selfUser(actor: Actor | undefined): Promise<AppUser> {
    const a = requireActor(actor);
    if (a.kind !== 'user') throw forbidden('Only people have passwords and second factors');
    const user = await this.dataSource.getRepository(AppUser).findOne({ where: { id: a.id } });
    if (!user) throw notFound('User');
    return user;
  }

  private async pair(user: AppUser, familyId: string, refreshToken: string): Promise<TokenPair> {
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

  private async insertToken(
    m: EntityManager,
    t: { familyId: string; userId: string; hash: string; parentId: string | null; now: Date; expiresAt: Date },
  ): Promise<void> {
    await m.insert(RefreshToken, {
      id: newId(),
      familyId: t.familyId,
      userId: t.userId,
      tokenHash: t.hash,
      parentId: t.parentId,
      createdAt: t.now,
      lastUsedAt: null,
      expiresAt: t.expiresAt,
      usedAt: null,
      revokedAt: null,
    });
  }

  /** Revokes every token of a session (the whole family, all descendants); answers how many. */
  private async revokeFamily(m: EntityManager, familyId: string, now: Date): Promise<number> {
    return execute(
      m,
      `UPDATE "identity".refresh_token SET revoked_at = $2 WHERE family_id = $1 AND revoked_at IS NULL`,
      [familyId, now],
    );
  }
}
