// Sign-in, sessions, the password and the second factor; the keys and claims of access tokens.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsOptional, IsString, IsUUID, Length, Matches, MaxLength, ValidateNested } from 'class-validator';
import type { Role } from '../roles';
import { IsNewPassword, PASSWORD_MAX, PASSWORD_MIN, stacked } from './fields';

export class LoginRequest {
  @ApiProperty({ example: 'district-admin' })
  @IsString()
  @Length(1, 64)
  username!: string;

  @ApiProperty({ example: 'Gongzhi@2026' })
  @IsString()
  @Length(1, PASSWORD_MAX)
  password!: string;

  @ApiPropertyOptional({ description: 'TOTP code, required when the account has a second factor', example: '123456' })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'otp must be a 6-digit code' })
  otp?: string;
}

export class TokenPair {
  @ApiProperty({ description: 'ES256 JWT, verified by the gateway with the JWKS' })
  accessToken!: string;
  @ApiProperty({ description: 'opaque, single use: each refresh returns a new one' })
  refreshToken!: string;
  @ApiProperty({ description: 'access token lifetime in seconds', example: 900 })
  expiresIn!: number;
  @ApiProperty({ example: 'Bearer' })
  tokenType!: 'Bearer';
  @ApiPropertyOptional({ description: 'true when the role requires a second factor that is not yet set up' })
  mfaEnrollmentRequired?: boolean;
}

export class RefreshRequest {
  @ApiProperty()
  @IsString()
  @Length(20, 200)
  refreshToken!: string;
}

export class ChangePasswordRequest {
  @ApiProperty()
  @IsString()
  @Length(1, PASSWORD_MAX)
  currentPassword!: string;

  @ApiProperty({ minLength: PASSWORD_MIN })
  @IsNewPassword()
  newPassword!: string;
}

export class TotpEnrollment {
  @ApiProperty({ description: 'base32 secret' })
  secret!: string;
  @ApiProperty({ description: 'otpauth:// URI for an authenticator app' })
  otpauthUrl!: string;
}

export class TotpActivateRequest {
  @ApiProperty({ example: '123456' })
  @Matches(/^\d{6}$/, { message: 'code must be a 6-digit code' })
  code!: string;
}

/** The context the gateway adds to a sign-in so that the audit trail says where it came from. */
export class ClientContext {
  @IsOptional()
  @IsString()
  @MaxLength(64)
  ip?: string;

  @IsOptional()
  @IsString()
  @MaxLength(300)
  userAgent?: string;
}

/** The optional `client` field of a bus form (see ClientContext). */
export const IsClientContext = (): PropertyDecorator =>
  stacked(
    IsOptional(),
    ValidateNested(),
    Type(() => ClientContext),
  );

// Bus forms of the requests: the HTTP body plus what only the gateway knows (where the request
// came from, the session id of the verified token).

/** `auth.login` over the bus: the sign-in plus where it came from, for the audit trail. */
export class LoginCommand extends LoginRequest {
  @IsClientContext()
  client?: ClientContext;
}

/** `auth.refresh` over the bus. */
export class RefreshCommand extends RefreshRequest {
  @IsClientContext()
  client?: ClientContext;
}

/** `auth.logout` over the bus: ends the session (refresh family) the refresh token belongs to. */
export class LogoutCommand extends RefreshRequest {
  @IsClientContext()
  client?: ClientContext;
}

/**
 * `auth.password` over the bus. `sessionId` is the `sid` claim of the caller's access token: that
 * session stays signed in, every other session of the user is ended.
 */
export class ChangePasswordCommand extends ChangePasswordRequest {
  @IsOptional()
  @IsUUID()
  sessionId?: string;

  @IsClientContext()
  client?: ClientContext;
}

/** A public signing key as published in the JWKS (RFC 7517). */
export class PublicJwk {
  @ApiProperty({ example: 'EC' }) kty!: string;
  @ApiProperty({ example: 'P-256' }) crv!: string;
  @ApiProperty() x!: string;
  @ApiProperty() y!: string;
  @ApiProperty() kid!: string;
  @ApiProperty({ example: 'ES256' }) alg!: string;
  @ApiProperty({ example: 'sig' }) use!: string;
}

/** `keys.jwks`: every active public key the gateway may verify access tokens with. */
export class JwksView {
  @ApiProperty({ type: [PublicJwk] }) keys!: PublicJwk[];
}

/**
 * The claims of an access token issued by the identity service (ES256, header `kid`). The gateway
 * turns them into an `Actor`: `kind`, `id` = `sub` for users and `client_id` for clients,
 * `username`, `roles`, `scopes`, `grants`.
 */
export interface AccessTokenClaims {
  iss: string;
  aud: string | string[];
  sub: string;
  jti: string;
  iat: number;
  exp: number;
  kind: 'user' | 'client';
  roles: Role[];
  scopes: string[];
  username?: string;
  /** partner clients only: the client id (also `sub` = `client:<client_id>`) */
  client_id?: string;
  /** partner clients only: the granted OAuth scopes */
  grants?: string[];
  /** users only: the session (refresh-token family) id */
  sid?: string;
  /** users only: how the user signed in, `['pwd']` or `['pwd','otp']` */
  amr?: string[];
  /** users only: the role requires a second factor that is not set up yet */
  mfa_enroll?: true;
}
