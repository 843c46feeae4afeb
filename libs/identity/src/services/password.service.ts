import { Injectable } from '@nestjs/common';
import { AuditActions, type Actor, type ChangePasswordCommand, type OkResponse } from '@gz/contracts';
import { DomainError, forbidden, unprocessable } from '@gz/platform';
import { DataSource } from 'typeorm';
import { hashPassword, verifyPassword } from '../crypto/passwords';
import { isLocked } from '../domain/lockout';
import { requireStrongPassword } from '../domain/password-policy';
import { AuditStore } from '../persistence/audit.store';
import { RefreshTokenStore } from '../persistence/refresh-token.store';
import { UserStore } from '../persistence/user.store';
import { LoginFailures } from './login-failures.service';
import { ownAccount } from './own-account';
import { lockedError } from './sign-in-errors';

/** A person changes their own password; their other sessions end. */
@Injectable()
export class PasswordService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UserStore,
    private readonly refreshTokens: RefreshTokenStore,
    private readonly audit: AuditStore,
    private readonly failures: LoginFailures,
  ) {}

  async change(cmd: ChangePasswordCommand, actor: Actor | undefined): Promise<OkResponse> {
    const user = await ownAccount(this.users, actor);
    const now = new Date();
    if (isLocked(user, now)) throw lockedError(user.lockedUntil as Date);
    if (!(await verifyPassword(user.passwordHash, cmd.currentPassword))) {
      // A stolen access token must not allow unlimited guessing: count it like a failed sign-in.
      await this.failures.count(user, 'password', cmd.client, AuditActions.passwordFailed).catch((error: unknown) => {
        if (error instanceof DomainError && error.code === 'locked') throw error;
      });
      throw forbidden('The current password is wrong', { field: 'currentPassword' });
    }
    requireStrongPassword(cmd.newPassword, user.username, 'newPassword');
    if (cmd.newPassword === cmd.currentPassword) {
      throw unprocessable('The new password must differ from the current one', { field: 'newPassword' });
    }
    const passwordHash = await hashPassword(cmd.newPassword);
    await this.dataSource.transaction(async (m) => {
      await this.users.setPassword(m, user.id, { passwordHash, at: now });
      const revoked = await this.refreshTokens.revokeUser(m, user.id, now, cmd.sessionId ?? null);
      await this.audit.write(m, {
        action: AuditActions.passwordChanged,
        outcome: 'success',
        actor: { id: user.id, username: user.username },
        target: user.username,
        details: { keptSession: cmd.sessionId ?? null, revokedTokens: revoked },
        client: cmd.client,
      });
    });
    return { ok: true };
  }
}
