import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/** A value as stored: `<key id>:<base64 of iv ‖ GCM tag ‖ ciphertext>`. */
export type SealedValue = string;

/** One key of a sealer: its id (stored with each value) and 32 bytes. */
export interface SealingKey {
  id: string;
  key: Buffer;
}

/** Where a service's sealing keys come from: its settings' names and the development fallback. */
export interface SealingSettings {
  /** the setting that holds the current key (base64 of 32 bytes), e.g. `INCUBATOR_PII_KEY` */
  name: string;
  /** its value, if set */
  key?: string;
  /** id stored with values sealed under it (default `k1`) */
  keyId?: string;
  /** earlier keys that still open values, as `id=base64,id=base64` (key rotation) */
  previous?: string;
  /** a service's own development key, used when `key` is unset outside production */
  developmentKey: string;
  /** what the blind index is derived for (a fixed label per service and field) */
  indexLabel: string;
  nodeEnv?: string;
}

/**
 * Personal data at rest: AES-256-GCM with a random IV per value and the record's id (or any
 * context) bound in as associated data, so a value copied to another record does not open. The
 * key id is stored with each value; values sealed under an earlier key still open while that key
 * is listed, and `needsResealing` tells which to seal again under the current one. Lookups by
 * value go through a blind index (HMAC-SHA-256 under a key derived from the current key), so the
 * database never holds a plain hash of a phone or an ID number.
 */
export class FieldSealer {
  private readonly current: SealingKey;
  private readonly keys = new Map<string, Buffer>();
  private readonly indexKey: Buffer;

  constructor(keys: SealingKey[], indexLabel: string) {
    if (keys.length === 0) throw new Error('FieldSealer: at least one key');
    for (const k of keys) {
      if (k.key.length !== 32) throw new Error(`sealing key ${k.id} must be base64 of 32 bytes`);
      if (!/^[A-Za-z0-9_-]{1,16}$/.test(k.id)) throw new Error(`sealing key id ${k.id}: letters, digits, _ or -`);
      this.keys.set(k.id, k.key);
    }
    this.current = keys[0];
    this.indexKey = createHmac('sha256', this.current.key).update(indexLabel).digest();
  }

  /** From a service's settings: the configured keys, or its development key outside production. */
  static fromSettings(s: SealingSettings): FieldSealer {
    const production = s.nodeEnv === 'production';
    if (!s.key) {
      if (production) throw new Error(`${s.name}: required in production (openssl rand -base64 32)`);
      return new FieldSealer([{ id: 'dev', key: Buffer.from(s.developmentKey, 'base64') }], s.indexLabel);
    }
    if (production && s.key === s.developmentKey)
      throw new Error(`${s.name}: the development key cannot be used in production`);
    const previous = (s.previous ?? '')
      .split(',')
      .filter(Boolean)
      .map((pair): SealingKey => {
        const at = pair.indexOf('=');
        if (at < 1) throw new Error(`${s.name}_PREVIOUS: expected id=base64 pairs`);
        return { id: pair.slice(0, at), key: Buffer.from(pair.slice(at + 1), 'base64') };
      });
    return new FieldSealer([{ id: s.keyId ?? 'k1', key: Buffer.from(s.key, 'base64') }, ...previous], s.indexLabel);
  }

  seal(value: string, context: string): SealedValue {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.current.key, iv);
    c.setAAD(Buffer.from(context));
    const body = Buffer.concat([c.update(value, 'utf8'), c.final()]);
    return `${this.current.id}:${Buffer.concat([iv, c.getAuthTag(), body]).toString('base64')}`;
  }

  open(sealed: SealedValue, context: string): string {
    const at = sealed.indexOf(':');
    const keyId = sealed.slice(0, at);
    const key = this.keys.get(keyId);
    if (!key) throw new Error(`value sealed under key ${keyId}, which is not configured`);
    const raw = Buffer.from(sealed.slice(at + 1), 'base64');
    const d = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
    d.setAAD(Buffer.from(context));
    d.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([d.update(raw.subarray(28)), d.final()]).toString('utf8');
  }

  /** Whether a stored value was sealed under an earlier key (to seal again under the current one). */
  needsResealing(sealed: SealedValue): boolean {
    return !sealed.startsWith(`${this.current.id}:`);
  }

  /** The blind index of a normalised value. */
  index(normalised: string): string {
    return createHmac('sha256', this.indexKey).update(normalised).digest('hex');
  }
}
