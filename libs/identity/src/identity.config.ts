import { ROLES } from '@gz/contracts';
import { ConfigError, splitList } from '@gz/platform';
import { Expose, Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength } from 'class-validator';
import type { SecretKeys } from './crypto/secrets';

/**
 * Development-only key for TOTP secrets and generated signing keys, used when
 * IDENTITY_SECRETS_KEY is unset and NODE_ENV is not `production` (standalone `npm start`, tests).
 * It is public (it is in this file), so values sealed with it are not protected; production
 * refuses to start without a real key.
 */
export const DEV_IDENTITY_SECRETS_KEY = 'SSonmPuBIkkzXWVLhL0MJ+v6bXctMH4abJyW8IXVtGA=';
/** key id stored with values sealed under the development key */
export const DEV_IDENTITY_SECRETS_KEY_ID = 'dev';

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

/** Configuration of the identity service (environment variables; README.md lists them). */
export class IdentityConfig {
  @Expose()
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

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

  // The key fields are checked by secretKeysOf, whose messages never repeat the value (a
  // failed @Matches would print it).
  /** base64 of 32 random bytes: the AES-256-GCM key TOTP secrets and generated signing keys are sealed with */
  @Expose()
  @IsOptional()
  @IsString()
  IDENTITY_SECRETS_KEY?: string;

  /** id of IDENTITY_SECRETS_KEY, stored with every value it seals (default k1) */
  @Expose()
  @IsOptional()
  @Matches(KEY_ID, { message: 'IDENTITY_SECRETS_KEY_ID must be 1-32 letters, digits, - or _' })
  IDENTITY_SECRETS_KEY_ID?: string;

  /** older keys still needed to open values: `k0:<base64>,k1:<base64>` */
  @Expose()
  @IsOptional()
  @IsString()
  IDENTITY_SECRETS_PREVIOUS_KEYS?: string;

  @Expose()
  @IsString()
  @MinLength(1)
  JWT_ISSUER = 'gongzhi-identity';

  @Expose()
  @IsString()
  @MinLength(1)
  JWT_AUDIENCE = 'gongzhi';
}

/** The key ring identity seals its secrets with; throws a ConfigError naming the variable (never the key). */
export function secretKeysOf(config: IdentityConfig): SecretKeys {
  const problems: string[] = [];
  const production = config.NODE_ENV === 'production';
  const decode = (name: string, value: string): Buffer => {
    // a trailing newline is common when a secret comes from a file (kubectl --from-file)
    const text = value.trim();
    const buf = Buffer.from(text, 'base64');
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text) || buf.length !== 32)
      problems.push(`${name}: must be base64 of 32 bytes (openssl rand -base64 32)`);
    return buf;
  };
  if (production && !config.IDENTITY_SECRETS_KEY)
    problems.push('IDENTITY_SECRETS_KEY: required when NODE_ENV=production');
  if (production && config.IDENTITY_SECRETS_KEY?.trim() === DEV_IDENTITY_SECRETS_KEY)
    problems.push('IDENTITY_SECRETS_KEY: the development key cannot be used in production');
  if (!config.IDENTITY_SECRETS_KEY && config.IDENTITY_SECRETS_KEY_ID)
    problems.push('IDENTITY_SECRETS_KEY_ID: set it together with IDENTITY_SECRETS_KEY');

  const currentKeyId = config.IDENTITY_SECRETS_KEY
    ? (config.IDENTITY_SECRETS_KEY_ID ?? 'k1')
    : DEV_IDENTITY_SECRETS_KEY_ID;
  const keys = new Map<string, Buffer>();
  keys.set(currentKeyId, decode('IDENTITY_SECRETS_KEY', config.IDENTITY_SECRETS_KEY ?? DEV_IDENTITY_SECRETS_KEY));
  for (const entry of (config.IDENTITY_SECRETS_PREVIOUS_KEYS ?? '').split(',').filter(Boolean)) {
    const at = entry.indexOf(':');
    const id = at < 0 ? '' : entry.slice(0, at).trim();
    if (!KEY_ID.test(id)) {
      problems.push('IDENTITY_SECRETS_PREVIOUS_KEYS: must be a comma-separated list of <keyId>:<base64 of 32 bytes>');
      continue;
    }
    if (keys.has(id)) problems.push(`IDENTITY_SECRETS_PREVIOUS_KEYS: key id ${id} given twice`);
    else keys.set(id, decode(`IDENTITY_SECRETS_PREVIOUS_KEYS (${id})`, entry.slice(at + 1).trim()));
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return { currentKeyId, keys };
}
