// The audit trail of sign-ins, failures and admin changes.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { IsInstant, PageQuery } from '../common';

/**
 * The actions the audit trail records. A query's `action` matches an action and the ones below
 * it (`auth.login` → `auth.login.failed`).
 */
export const AuditActions = {
  loginFailed: 'auth.login.failed',
  loginSucceeded: 'auth.login.succeeded',
  lockout: 'auth.lockout',
  refreshReuse: 'auth.refresh.reuse',
  logout: 'auth.logout',
  passwordFailed: 'auth.password.failed',
  passwordChanged: 'auth.password.changed',
  totpEnrolled: 'auth.totp.enrolled',
  totpActivated: 'auth.totp.activated',
  clientTokenFailed: 'oauth.token.failed',
  clientTokenIssued: 'oauth.token.issued',
  orgCreated: 'org.created',
  userCreated: 'user.created',
  userUpdated: 'user.updated',
  userPasswordReset: 'user.password.reset',
  clientCreated: 'client.created',
  clientRevoked: 'client.revoked',
  districtBootstrapped: 'district.bootstrapped',
  demoSeeded: 'demo.seeded',
} as const;
export type AuditAction = (typeof AuditActions)[keyof typeof AuditActions];

export class AuditQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'auth.login.failed' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  action?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(64)
  actorId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInstant()
  from?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInstant()
  to?: string;
}

export class AuditEntry {
  @ApiProperty() id!: string;
  @ApiProperty() at!: string;
  @ApiProperty() action!: string;
  @ApiProperty({ enum: ['success', 'failure'] }) outcome!: 'success' | 'failure';
  @ApiPropertyOptional({ nullable: true }) actorId!: string | null;
  @ApiPropertyOptional({ nullable: true }) actorName!: string | null;
  @ApiPropertyOptional({ nullable: true }) target!: string | null;
  @ApiProperty({ type: Object }) details!: Record<string, unknown>;
}
