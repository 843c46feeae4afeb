import { Injectable } from '@nestjs/common';
import { AuditActions, type ClientContext, type LoginCommand, type TokenPair } from '@gz/contracts';
import { forbidden, unauthorized } from '@gz/platform';
import { DataSource } from 'typeorm';
import { verifyNothing, verifyPassword } from '../crypto/passwords';
import { totpValid } from '../crypto/totp';
import { isLocked } from '../domain/lockout';
import { secondFactorStep, sessionFactors } from '../domain/mfa';
import { IdentityConfig } from '../identity.config';
import { AuditStore } from '../persistence/audit.store';
import { UserStore } from '../persistence/user.store';
import { LoginFailures } from './login-failures.service';
import { SecondFactorService } from './second-factor.service';
import { SessionsService } from './sessions.service';
import { lockedError, mfaRequired, WRONG_CREDENTIALS } from './sign-in-errors';

/** Sign-in with a password (and the second factor when the account has one): a new session. */
@Injectable()
export class SignInService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: IdentityConfig,
    private readonly users: UserStore,
    private readonly audit: AuditStore,
    private readonly failures: LoginFailures,
    private readonly secondFactor: SecondFactorService,
    private readonly sessions: SessionsService,
  ) {}

  async login(cmd: LoginCommand): Promise<TokenPair> {
    const username = cmd.username.trim().toLowerCase();
    const now = new Date();
    const user = await this.users.findByUsername(username);
    if (!user) {
      await verifyNothing(cmd.password);
      await this.refused(username, 'unknown_user', cmd.client);
      throw unauthorized(WRONG_CREDENTIALS);
    }
    if (isLocked(user, now)) {
      await this.refused(username, 'locked', cmd.client);
      throw lockedError(user.lockedUntil as Date);
    }
    if (!(await verifyPassword(user.passwordHash, cmd.password)))
      return this.failures.count(user, 'password', cmd.client);
    if (user.status !== 'active') {
      await this.refused(username, 'disabled', cmd.client);
      throw forbidden('This account is disabled');
    }
    const step = secondFactorStep(user.totpEnabled, cmd.otp);
    if (step === 'ask') throw mfaRequired();
    if (step === 'check' && !(await totpValid(this.secondFactor.secretOf(user), cmd.otp as string)))
      return this.failures.count(user, 'otp', cmd.client);

    const factors = sessionFactors(user, this.config.MFA_REQUIRED_ROLES);
    const session = await this.dataSource.transaction(async (m) => {
      await this.users.signedIn(m, user.id, now);
      if (step === 'check') await this.secondFactor.resealIfStale(m, user);
      const started = await this.sessions.start(m, user.id, now);
      await this.audit.write(m, {
        action: AuditActions.loginSucceeded,
        outcome: 'success',
        actor: { id: user.id, username: user.username },
        target: username,
        details: { sessionId: started.familyId, amr: factors.amr },
        client: cmd.client,
      });
      return started;
    });
    return this.sessions.pair(user, session.familyId, session.refreshToken);
  }

  /** Records a sign-in refused before any password was counted. */
  private async refused(
    username: string,
    reason: 'unknown_user' | 'locked' | 'disabled',
    client: ClientContext | undefined,
  ): Promise<void> {
    await this.audit.write(this.dataSource, {
      action: AuditActions.loginFailed,
      outcome: 'failure',
      target: username,
      details: { username, reason },
      client,
    });
  }
}
