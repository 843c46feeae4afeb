import { Injectable } from '@nestjs/common';
import {
  AuditActions,
  type Actor,
  type OkResponse,
  type TotpActivateRequest,
  type TotpEnrollment,
} from '@gz/contracts';
import { conflict, unprocessable } from '@gz/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { SecretBox, totpContext } from '../crypto/secrets';
import { newTotpSecret, totpUri, totpValid } from '../crypto/totp';
import { AuditStore } from '../persistence/audit.store';
import type { AppUser } from '../persistence/entities';
import { RefreshTokenStore } from '../persistence/refresh-token.store';
import { UserStore } from '../persistence/user.store';
import { ownAccount } from './own-account';

export const TOTP_ISSUER = 'Gongzhi';

/** The second factor: a TOTP secret enrolled, then activated with a code from it. */
@Injectable()
export class SecondFactorService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UserStore,
    private readonly refreshTokens: RefreshTokenStore,
    private readonly audit: AuditStore,
    private readonly secrets: SecretBox,
  ) {}

  async enroll(actor: Actor | undefined): Promise<TotpEnrollment> {
    const user = await ownAccount(this.users, actor);
    if (user.totpEnabled) throw conflict('A second factor is already active on this account');
    const secret = newTotpSecret();
    await this.dataSource.transaction(async (m) => {
      await this.users.setTotpSecret(m, user.id, this.secrets.seal(secret, totpContext(user.id)), new Date());
      await this.audit.write(m, {
        action: AuditActions.totpEnrolled,
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
  async activate(req: TotpActivateRequest, actor: Actor | undefined): Promise<OkResponse> {
    const user = await ownAccount(this.users, actor);
    if (user.totpEnabled) throw conflict('A second factor is already active on this account');
    if (!user.totpSecret) throw conflict('Start the enrolment first (auth.totp.enroll)');
    const stored = user.totpSecret;
    if (!(await totpValid(this.secretOf(user), req.code))) {
      throw unprocessable('The code is not valid; enter the current 6-digit code of your authenticator app', {
        field: 'code',
      });
    }
    const now = new Date();
    await this.dataSource.transaction(async (m) => {
      if (!(await this.users.activateTotp(m, user.id, stored, now)))
        throw conflict('The enrolment changed meanwhile; start again');
      await this.refreshTokens.revokeUser(m, user.id, now);
      await this.audit.write(m, {
        action: AuditActions.totpActivated,
        outcome: 'success',
        actor: { id: user.id, username: user.username },
        target: user.username,
      });
    });
    return { ok: true };
  }

  /** The plain TOTP secret of a user who has one (stored sealed; plain in rows from before sealing). */
  secretOf(user: AppUser): string {
    return this.secrets.open(user.totpSecret as string, totpContext(user.id));
  }

  /**
   * After a sign-in checked the code: a secret stored in plain (before sealing existed) or under
   * a rotated-out key is sealed with the current key, in the sign-in's transaction.
   */
  async resealIfStale(m: EntityManager, user: AppUser): Promise<void> {
    if (!user.totpSecret || !this.secrets.stale(user.totpSecret)) return;
    await this.users.resealTotpSecret(
      m,
      user.id,
      user.totpSecret,
      this.secrets.seal(this.secretOf(user), totpContext(user.id)),
    );
  }
}
