import { ROLES } from '@gz/contracts';
import { splitList } from '@gz/platform';
import { Expose, Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength } from 'class-validator';

/** Configuration of the identity service (environment variables; README.md lists them). */
export class IdentityConfig {
  /** access token lifetime */
  @Expose()
  @Type(() => Number)
  @IsInt()
  @Min(5)
  @Max(86400)
  ACCESS_TOKEN_TTL_S = 900;

  /** absolute lifetime of a session (refresh-token family), whatever its activity */
  @Expose()
  @Type(() => Number)
  @IsInt()
  @Min(60)
  @Max(90 * 86400)
  REFRESH_TOKEN_TTL_S = 7 * 86400;

  /** a session whose refresh token is unused this long has expired */
  @Expose()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(30 * 86400)
  SESSION_IDLE_TIMEOUT_S = 1800;

  /** failed sign-ins in a row that lock an account */
  @Expose()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  LOGIN_MAX_FAILURES = 5;

  /** how long a lockout lasts */
  @Expose()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(86400)
  LOGIN_LOCKOUT_S = 900;

  /** roles that must sign in with a second factor (TOTP), e.g. `district_admin,street_admin` */
  @Expose()
  @Transform(({ value }) => splitList(value))
  @IsIn(ROLES, {
    each: true,
    message: `MFA_REQUIRED_ROLES must be a comma-separated list of roles (${ROLES.join(', ')})`,
  })
  MFA_REQUIRED_ROLES: string[] = [];

  /** PKCS#8 PEM of the ES256 signing key; when unset one is generated once and kept in the database */
  @Expose()
  @IsOptional()
  @IsString()
  @Transform(({ value }) => (typeof value === 'string' ? value.replace(/\\n/g, '\n') : value))
  @Matches(/-----BEGIN PRIVATE KEY-----[\s\S]+-----END PRIVATE KEY-----/, {
    message: 'IDENTITY_SIGNING_KEY must be a PKCS#8 PEM (-----BEGIN PRIVATE KEY-----) of a P-256 key',
  })
  IDENTITY_SIGNING_KEY?: string;

  @Expose()
  @IsString()
  @MinLength(1)
  JWT_ISSUER = 'gongzhi-identity';

  @Expose()
  @IsString()
  @MinLength(1)
  JWT_AUDIENCE = 'gongzhi';
}
