import { Injectable } from '@nestjs/common';
import { AuditActions, IdentityEvents, type AuditAction, type ClientContext } from '@gz/contracts';
import { Outbox, unauthorized } from '@gz/platform';
import { DataSource } from 'typeorm';
import { afterFailure, isLocked } from '../domain/lockout';
import { streetOfScopes } from '../domain/org-tree';
import { IdentityConfig } from '../identity.config';
import { AuditStore } from '../persistence/audit.store';
import type { AppUser } from '../persistence/entities';
import { UserStore } from '../persistence/user.store';
import { lockedError, mfaRequired, WRONG_CREDENTIALS } from './sign-in-errors';

/** The lockout: failed sign-ins (and wrong current passwords) counted, the account locked at the limit. */
@Injectable()
export class LoginFailures {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: IdentityConfig,
    private readonly users: UserStore,
    private readonly audit: AuditStore,
    private readonly outbox: Outbox,
  ) {}

  /**
   * Counts a failed sign-in (wrong password or code), then throws what the caller is told: the
   * failure that reaches the limit locks the account.
   */
  async count(
    user: AppUser,
    reason: 'password' | 'otp',
    client: ClientContext | undefined,
    action: AuditAction = AuditActions.loginFailed,
  ): Promise<never> {
    const now = new Date();
    const state = await this.dataSource.transaction(async (m) => {
      const row = await this.users.lock(m, user.id);
      if (!row) throw unauthorized(WRONG_CREDENTIALS);
      const next = afterFailure(row, now, {
        maxFailures: this.config.LOGIN_MAX_FAILURES,
        lockoutS: this.config.LOGIN_LOCKOUT_S,
      });
      await this.users.setLockState(m, row.id, next);
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
          action: AuditActions.lockout,
          outcome: 'success',
          target: row.username,
          details: { username: row.username, userId: row.id, failures: next.failedLogins, lockedUntil },
          client,
        });
        await this.outbox.add(m, {
          type: IdentityEvents.userLocked,
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
}
