import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import type { CouncilsConfig } from '../councils.config';
import { normalisePhone } from '../domain/phone';

/** The development key (32 bytes of base64), used when COUNCILS_PII_KEY is unset outside production. */
export const DEV_COUNCILS_PII_KEY = 'Z29uZ3poaS1jb3VuY2lscy1kZXZlbG9wbWVudC1rZXk=';
const DEV_KEY_ID = 'dev';

/** A phone as stored: `<key id>:<base64 of iv ‖ GCM tag ‖ ciphertext>`. */
export type SealedPhone = string;

/**
 * Owners' phones at rest: AES-256-GCM with a random IV per value and the owner's id bound in as
 * associated data (a value copied to another owner does not open); the key id is stored with
 * each value. Matching an owner by phone (the import) goes through a blind index, HMAC-SHA-256
 * under a key derived from the same key, so the database never holds a plain hash of a phone.
 */
export class PhoneCipher {
  private readonly indexKey: Buffer;

  constructor(
    private readonly keyId: string,
    private readonly key: Buffer,
  ) {
    if (key.length !== 32) throw new Error('COUNCILS_PII_KEY must be base64 of 32 bytes');
    this.indexKey = createHmac('sha256', key).update('gongzhi councils phone index').digest();
  }

  /** From the service's settings: the configured key, or the development key outside production. */
  static fromConfig(config: CouncilsConfig): PhoneCipher {
    if (!config.COUNCILS_PII_KEY) {
      if (config.NODE_ENV === 'production')
        throw new Error('COUNCILS_PII_KEY: required in production (openssl rand -base64 32)');
      return new PhoneCipher(DEV_KEY_ID, Buffer.from(DEV_COUNCILS_PII_KEY, 'base64'));
    }
    if (config.NODE_ENV === 'production' && config.COUNCILS_PII_KEY === DEV_COUNCILS_PII_KEY)
      throw new Error('COUNCILS_PII_KEY: the development key cannot be used in production');
    return new PhoneCipher(config.COUNCILS_PII_KEY_ID ?? 'k1', Buffer.from(config.COUNCILS_PII_KEY, 'base64'));
  }

  seal(phone: string, ownerId: string): SealedPhone {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.key, iv);
    c.setAAD(Buffer.from(`phone:${ownerId}`));
    const body = Buffer.concat([c.update(phone, 'utf8'), c.final()]);
    return `${this.keyId}:${Buffer.concat([iv, c.getAuthTag(), body]).toString('base64')}`;
  }

  open(sealed: SealedPhone, ownerId: string): string {
    const at = sealed.indexOf(':');
    const keyId = sealed.slice(0, at);
    if (keyId !== this.keyId) throw new Error(`Phone sealed under key ${keyId}, which is not configured`);
    const raw = Buffer.from(sealed.slice(at + 1), 'base64');
    const d = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
    d.setAAD(Buffer.from(`phone:${ownerId}`));
    d.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([d.update(raw.subarray(28)), d.final()]).toString('utf8');
  }

  /** The blind index of a phone (digits only). */
  index(phone: string): string {
    return createHmac('sha256', this.indexKey).update(normalisePhone(phone)).digest('hex');
  }
}
