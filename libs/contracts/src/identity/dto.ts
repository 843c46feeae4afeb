import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsInstant, ORG_CODE, ORG_PATH, PageQuery } from '../common';
import { ROLES, type Role } from '../roles';

export const ORG_KINDS = [
  'district',
  'street',
  'community',
  'grid',
  'department',
  'social_org',
  'property_company',
  'owners_committee',
] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

export const USER_STATUSES = ['active', 'disabled'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

/** Passwords: 10 to 128 characters (MLPS level 3 asks for complexity; see the identity domain rules). */
const PASSWORD_MIN = 10;
const PASSWORD_MAX = 128;

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
  @IsString()
  @Length(PASSWORD_MIN, PASSWORD_MAX)
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

export class ClientTokenRequest {
  @ApiProperty({ enum: ['client_credentials'] })
  @IsIn(['client_credentials'])
  grant_type!: 'client_credentials';

  @ApiProperty()
  @IsString()
  @Length(1, 64)
  client_id!: string;

  @ApiProperty()
  @IsString()
  @Length(1, 200)
  client_secret!: string;

  @ApiPropertyOptional({ description: 'space-separated subset of the client grants' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  scope?: string;
}

export class ClientTokenResponse {
  @ApiProperty() access_token!: string;
  @ApiProperty({ example: 'Bearer' }) token_type!: 'Bearer';
  @ApiProperty() expires_in!: number;
  @ApiProperty() scope!: string;
}

export class OrgNode {
  @ApiProperty() id!: string;
  @ApiProperty({ example: 's01' }) code!: string;
  @ApiProperty({ example: '锦华街道' }) name!: string;
  @ApiProperty({ enum: ORG_KINDS }) kind!: OrgKind;
  @ApiProperty({ example: 'd01.s01' }) path!: string;
  @ApiProperty({ example: 's01' }) street!: string;
  @ApiProperty({ type: () => [OrgNode] }) children!: OrgNode[];
}

export class CreateOrgRequest {
  @ApiProperty({ example: 'd01.s01', description: 'path of the parent unit' })
  @Matches(ORG_PATH, { message: 'parentPath must be an org path such as d01.s01' })
  parentPath!: string;

  @ApiProperty({ example: 'c03' })
  @Matches(ORG_CODE, { message: 'code must be lower-case letters, digits, - or _ and start with a letter' })
  code!: string;

  @ApiProperty({ example: '东湖社区' })
  @IsString()
  @Length(1, 100)
  name!: string;

  @ApiProperty({ enum: ORG_KINDS })
  @IsIn(ORG_KINDS)
  kind!: OrgKind;
}

export class UserView {
  @ApiProperty() id!: string;
  @ApiProperty() username!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: ROLES, isArray: true }) roles!: Role[];
  @ApiProperty({ type: [String], example: ['d01.s01'] }) scopes!: string[];
  @ApiProperty({ enum: USER_STATUSES }) status!: UserStatus;
  @ApiProperty() mfaEnabled!: boolean;
  @ApiPropertyOptional({ nullable: true }) lockedUntil!: string | null;
  @ApiPropertyOptional({ nullable: true }) lastLoginAt!: string | null;
  @ApiProperty() version!: number;
  @ApiProperty() createdAt!: string;
}

export class CreateUserRequest {
  @ApiProperty({ example: 'grid-worker-s01-g01' })
  @Matches(/^[a-z0-9][a-z0-9._-]{2,63}$/, { message: 'username must be 3-64 lower-case letters, digits, . _ or -' })
  username!: string;

  @ApiProperty({ example: '张网格' })
  @IsString()
  @Length(1, 64)
  displayName!: string;

  @ApiProperty({ minLength: PASSWORD_MIN })
  @IsString()
  @Length(PASSWORD_MIN, PASSWORD_MAX)
  password!: string;

  @ApiProperty({ enum: ROLES, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(12)
  @ArrayUnique()
  @IsIn(ROLES, { each: true })
  roles!: Role[];

  @ApiProperty({ type: [String], example: ['d01.s01.c01.g01'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ArrayUnique()
  @Matches(ORG_PATH, { each: true, message: 'each scope must be an org path such as d01.s01' })
  scopes!: string[];
}

export class UpdateUserRequest {
  @ApiProperty({ description: 'the version you read; a stale one is 409' })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  version!: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 64)
  displayName?: string;

  @ApiPropertyOptional({ enum: ROLES, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(12)
  @ArrayUnique()
  @IsIn(ROLES, { each: true })
  roles?: Role[];

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ArrayUnique()
  @Matches(ORG_PATH, { each: true, message: 'each scope must be an org path such as d01.s01' })
  scopes?: string[];

  @ApiPropertyOptional({ enum: USER_STATUSES, description: 'setting active also clears a lockout' })
  @IsOptional()
  @IsIn(USER_STATUSES)
  status?: UserStatus;
}

/** The bus form of an update: the id travels in the body. */
export class UpdateUserCommand extends UpdateUserRequest {
  @IsUUID()
  id!: string;
}

export class ResetPasswordRequest {
  @ApiProperty({ minLength: PASSWORD_MIN })
  @IsString()
  @Length(PASSWORD_MIN, PASSWORD_MAX)
  newPassword!: string;
}

export class ResetPasswordCommand extends ResetPasswordRequest {
  @IsUUID()
  id!: string;
}

export class IdRequest {
  @IsUUID()
  id!: string;
}

export class UserListQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'part of the username or display name' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  q?: string;

  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({ description: 'only users whose scope lies within this org path' })
  @IsOptional()
  @Matches(ORG_PATH)
  within?: string;
}

export class CreateClientRequest {
  @ApiProperty({ example: '环卫局工单系统' })
  @IsString()
  @Length(1, 100)
  name!: string;

  @ApiProperty({ type: [String], example: ['d01.dep-sanitation'], description: 'org paths the client acts for' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ArrayUnique()
  @Matches(ORG_PATH, { each: true })
  scopes!: string[];

  @ApiProperty({
    type: [String],
    example: ['tickets:read', 'tickets:feedback'],
    description: 'OAuth scopes it may ask for',
  })
  @IsArray()
  @ArrayMaxSize(30)
  @ArrayUnique()
  @Matches(/^[a-z][a-z0-9_.:-]{1,63}$/, { each: true })
  grants!: string[];
}

export class ClientView {
  @ApiProperty() clientId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: [String] }) scopes!: string[];
  @ApiProperty({ type: [String] }) grants!: string[];
  @ApiProperty() status!: 'active' | 'revoked';
  @ApiProperty() createdAt!: string;
}

export class CreatedClient extends ClientView {
  @ApiProperty({ description: 'shown once; store it in the partner system' })
  clientSecret!: string;
}

export class ClientIdRequest {
  @IsString()
  @Length(1, 64)
  clientId!: string;
}

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
  @ApiProperty() outcome!: 'success' | 'failure';
  @ApiPropertyOptional({ nullable: true }) actorId!: string | null;
  @ApiPropertyOptional({ nullable: true }) actorName!: string | null;
  @ApiPropertyOptional({ nullable: true }) target!: string | null;
  @ApiProperty({ type: Object }) details!: Record<string, unknown>;
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

// ---------------------------------------------------------------------------------------------
// Bus forms of the identity requests (added by the identity service). The gateway sends these:
// the HTTP body plus what only the gateway knows (where the request came from, the session id
// of the verified token).
// ---------------------------------------------------------------------------------------------

/** `auth.login` over the bus: the sign-in plus where it came from, for the audit trail. */
export class LoginCommand extends LoginRequest {
  @IsOptional()
  @ValidateNested()
  @Type(() => ClientContext)
  client?: ClientContext;
}

/** `auth.refresh` over the bus. */
export class RefreshCommand extends RefreshRequest {
  @IsOptional()
  @ValidateNested()
  @Type(() => ClientContext)
  client?: ClientContext;
}

/** `auth.logout` over the bus: ends the session (refresh family) the refresh token belongs to. */
export class LogoutCommand extends RefreshRequest {
  @IsOptional()
  @ValidateNested()
  @Type(() => ClientContext)
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

  @IsOptional()
  @ValidateNested()
  @Type(() => ClientContext)
  client?: ClientContext;
}

/** `oauth.token` over the bus. */
export class ClientTokenCommand extends ClientTokenRequest {
  @IsOptional()
  @ValidateNested()
  @Type(() => ClientContext)
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
