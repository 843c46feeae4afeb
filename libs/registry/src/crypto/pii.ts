import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/** An encrypted value as stored: the key id goes in its own column, the rest in one text. */
export interface Sealed {
  keyId: string;
  /** base64 of iv (12 bytes) ‖ GCM tag (16 bytes) ‖ ciphertext */
  cipher: string;
}

export interface PiiKeys {
  /** id of the key new values are encrypted with */
  currentKeyId: string;
  /** every key that may still be needed to decrypt, by id (includes the current one) */
  keys: ReadonlyMap<string, Buffer>;
  /** HMAC key of the blind index */
  indexKey: Buffer;
}

/**
 * Personal data at rest: AES-256-GCM with a random IV per value and the field and row bound in as
 * associated data (a ciphertext copied to another row or field does not decrypt); the key id is
 * stored with each value, so keys can rotate (new values use the current key, old ones still
 * decrypt with theirs). Exact search goes through a blind index: HMAC-SHA-256 of the normalised
 * value under a separate key, so the database never holds a plain hash of an identity number.
 */
export class PiiCipher {
  constructor(private readonly k: PiiKeys) {
    if (!k.keys.has(k.currentKeyId)) throw new Error(`PII key ${k.currentKeyId} is not among the keys`);
    for (const [id, key] of k.keys) if (key.length !== 32) throw new Error(`PII key ${id} must be 32 bytes`);
  }

  get currentKeyId(): string {
    return this.k.currentKeyId;
  }

  /** Whether values sealed under `keyId` can be opened (the current or a previous key). */
  hasKey(keyId: string): boolean {
    return this.k.keys.has(keyId);
  }

  seal(value: string, field: string, rowId: string): Sealed {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.k.keys.get(this.k.currentKeyId) as Buffer, iv);
    cipher.setAAD(Buffer.from(`${field}:${rowId}`));
    const body = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
    return { keyId: this.k.currentKeyId, cipher: Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64') };
  }

  open(sealed: Sealed, field: string, rowId: string): string {
    const key = this.k.keys.get(sealed.keyId);
    if (!key) throw new Error(`PII key ${sealed.keyId} is not configured (set PII_PREVIOUS_KEYS)`);
    const raw = Buffer.from(sealed.cipher, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(`${field}:${rowId}`));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }

  /** Deterministic keyed index of a normalised value (hex HMAC-SHA-256), per field. */
  blindIndex(value: string, field: string): string {
    return createHmac('sha256', this.k.indexKey).update(`${field}\u0000${value}`).digest('hex');
  }
}
