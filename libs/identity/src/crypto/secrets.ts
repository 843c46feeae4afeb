import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** The keys identity seals its secrets with (TOTP secrets, generated signing keys). */
export interface SecretKeys {
  /** id of the key new values are sealed with */
  currentKeyId: string;
  /** every key that may still be needed to open a value, by id (includes the current one) */
  keys: ReadonlyMap<string, Buffer>;
}

/** Format tag of a sealed value; a stored value without it is a legacy plain value. */
export const SEALED_PREFIX = 'gz1:';

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

/**
 * A secret at rest: `gz1:<keyId>:<base64 iv>:<base64 tag>:<base64 ciphertext>`, AES-256-GCM with
 * a random 12-byte IV. The key id travels with the value so keys can rotate (new values use the
 * current key, older ones still open with theirs). `context` (e.g. `totp_secret:<user id>`) is
 * bound in as associated data, so a value copied onto another row does not open.
 */
export function sealSecret(plain: string, keys: SecretKeys, context: string): string {
  const key = keys.keys.get(keys.currentKeyId);
  if (!key) throw new Error(`Secret key ${keys.currentKeyId} is not among the configured keys`);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  const parts = [keys.currentKeyId, iv, cipher.getAuthTag(), body].map((p) =>
    typeof p === 'string' ? p : p.toString('base64'),
  );
  return SEALED_PREFIX + parts.join(':');
}

/** Whether a stored value is sealed (as opposed to a legacy plain value). */
export function isSealed(stored: string): boolean {
  return stored.startsWith(SEALED_PREFIX);
}

/** The key id a stored value is sealed under; undefined for a legacy plain value. */
export function sealedKeyId(stored: string): string | undefined {
  return isSealed(stored) ? stored.slice(SEALED_PREFIX.length).split(':', 1)[0] : undefined;
}

/**
 * The plain value of a stored secret. A value without the prefix was stored before sealing
 * existed and is returned as is. Throws (never echoing the value) when the key id is not
 * configured, or when the value was altered, sealed for another context or under another key.
 */
export function openSecret(stored: string, keys: SecretKeys, context: string): string {
  if (!isSealed(stored)) return stored;
  const parts = stored.slice(SEALED_PREFIX.length).split(':');
  if (parts.length !== 4 || !KEY_ID.test(parts[0])) throw new Error(`Sealed secret (${context}) is malformed`);
  const [keyId, iv, tag, body] = parts;
  const key = keys.keys.get(keyId);
  if (!key)
    throw new Error(
      `Sealed secret (${context}) uses key id ${keyId}, which is not configured (add it to IDENTITY_SECRETS_PREVIOUS_KEYS)`,
    );
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    // GCM's own message ("unable to authenticate data") does not say which value or key.
    throw new Error(`Sealed secret (${context}) does not open with key ${keyId}: altered, or sealed with another key`);
  }
}

/** Seals and opens identity's secrets with the configured key ring. */
export class SecretBox {
  constructor(readonly keys: SecretKeys) {
    if (!keys.keys.has(keys.currentKeyId)) throw new Error(`Secret key ${keys.currentKeyId} is not among the keys`);
    for (const [id, key] of keys.keys) if (key.length !== 32) throw new Error(`Secret key ${id} must be 32 bytes`);
  }

  seal(plain: string, context: string): string {
    return sealSecret(plain, this.keys, context);
  }

  open(stored: string, context: string): string {
    return openSecret(stored, this.keys, context);
  }

  /** Whether a stored value should be sealed again: plain, or under a key other than the current one. */
  stale(stored: string): boolean {
    return sealedKeyId(stored) !== this.keys.currentKeyId;
  }
}

/** Associated data of a user's TOTP secret. */
export const totpContext = (userId: string): string => `app_user.totp_secret:${userId}`;
/** Associated data of a generated signing key's private key. */
export const signingKeyContext = (kid: string): string => `signing_key.private_pkcs8:${kid}`;
