import { ConfigError } from '@gz/platform';
import { Expose } from 'class-transformer';
import { IsIn, IsOptional, Matches } from 'class-validator';
import type { PiiKeys } from './crypto/pii';

/**
 * Development-only keys, used when PII_ENCRYPTION_KEY / PII_INDEX_KEY are unset and NODE_ENV is
 * not `production` (standalone `npm start`, tests). They are public (they are in this file), so
 * data encrypted with them is not protected; production refuses to start without real keys.
 */
export const DEV_PII_ENCRYPTION_KEY = 'ZaJD6eM80b42FF+PRCLZPquDyIYlnbzSQhLZcttIkTA=';
export const DEV_PII_INDEX_KEY = '1fOC9r3GfWpOkNuywGqzlmW5GdhHjSPHtKaSYxQKz4o=';
/** key id stored with values encrypted under the development key */
export const DEV_PII_KEY_ID = 'dev';

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

/** Configuration of the registry service (environment variables; README.md lists them). */
export class RegistryConfig {
  @Expose()
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  /** base64 of 32 random bytes: the AES-256-GCM key new identity numbers and phones are encrypted with */
  @Expose()
  @IsOptional()
  @Matches(BASE64, { message: 'PII_ENCRYPTION_KEY must be base64 of 32 bytes (openssl rand -base64 32)' })
  PII_ENCRYPTION_KEY?: string;

  /** id of PII_ENCRYPTION_KEY, stored with every value it encrypts (default k1) */
  @Expose()
  @IsOptional()
  @Matches(KEY_ID, { message: 'PII_KEY_ID must be 1-32 letters, digits, - or _' })
  PII_KEY_ID?: string;

  /** older keys still needed to decrypt: `k0:<base64>,k1:<base64>` */
  @Expose()
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/]+={0,2}(,[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/]+={0,2})*$/, {
    message: 'PII_PREVIOUS_KEYS must be a comma-separated list of <keyId>:<base64 of 32 bytes>',
  })
  PII_PREVIOUS_KEYS?: string;

  /** base64 of at least 32 bytes: the HMAC key of the blind index (exact search); changing it needs a re-index */
  @Expose()
  @IsOptional()
  @Matches(BASE64, { message: 'PII_INDEX_KEY must be base64 of at least 32 bytes (openssl rand -base64 32)' })
  PII_INDEX_KEY?: string;
}

/** The keys the registry uses, from its configuration; throws a ConfigError naming the variable. */
export function piiKeysOf(config: RegistryConfig): PiiKeys {
  const problems: string[] = [];
  const production = config.NODE_ENV === 'production';
  const decode = (name: string, value: string, exact: boolean): Buffer => {
    const buf = Buffer.from(value, 'base64');
    if (exact ? buf.length !== 32 : buf.length < 32)
      problems.push(`${name}: must be base64 of ${exact ? '' : 'at least '}32 bytes (got ${buf.length})`);
    return buf;
  };
  if (production && !config.PII_ENCRYPTION_KEY) problems.push('PII_ENCRYPTION_KEY: required when NODE_ENV=production');
  if (production && !config.PII_INDEX_KEY) problems.push('PII_INDEX_KEY: required when NODE_ENV=production');
  if (production && config.PII_ENCRYPTION_KEY === DEV_PII_ENCRYPTION_KEY)
    problems.push('PII_ENCRYPTION_KEY: the development key cannot be used in production');
  if (production && config.PII_INDEX_KEY === DEV_PII_INDEX_KEY)
    problems.push('PII_INDEX_KEY: the development key cannot be used in production');
  if (!config.PII_ENCRYPTION_KEY && config.PII_KEY_ID)
    problems.push('PII_KEY_ID: set it together with PII_ENCRYPTION_KEY');

  const currentKeyId = config.PII_ENCRYPTION_KEY ? (config.PII_KEY_ID ?? 'k1') : DEV_PII_KEY_ID;
  const keys = new Map<string, Buffer>();
  keys.set(currentKeyId, decode('PII_ENCRYPTION_KEY', config.PII_ENCRYPTION_KEY ?? DEV_PII_ENCRYPTION_KEY, true));
  for (const entry of (config.PII_PREVIOUS_KEYS ?? '').split(',').filter(Boolean)) {
    const [id, value] = entry.split(':');
    if (keys.has(id)) problems.push(`PII_PREVIOUS_KEYS: key id ${id} given twice`);
    else keys.set(id, decode(`PII_PREVIOUS_KEYS (${id})`, value, true));
  }
  const indexKey = decode('PII_INDEX_KEY', config.PII_INDEX_KEY ?? DEV_PII_INDEX_KEY, false);
  if (problems.length > 0) throw new ConfigError(problems);
  return { currentKeyId, keys, indexKey };
}
