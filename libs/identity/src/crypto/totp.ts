/**
 * TOTP (RFC 6238) with otplib v13's engine (`@otplib/totp`, `@otplib/uri`, `@otplib/core`).
 *
 * Why not `import … from 'otplib'`: its default plugins load `@scure/base` and `@noble/hashes`,
 * which ship as ES modules only. Node ≥ 20.19 can `require` them, but jest cannot, so any test
 * that loads this library would fail at import. Here otplib gets Node's own crypto (HMAC, random
 * bytes) and a small RFC 4648 base32 codec instead; the TOTP logic (counter, truncation, time
 * window, constant-time comparison) stays otplib's.
 */
import { createBase32Plugin, createCryptoPlugin, generateSecret } from '@otplib/core';
import { generate, verify } from '@otplib/totp';
import { generateTOTP } from '@otplib/uri';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32, upper case, without padding (what authenticator apps expect). */
export function base32Encode(data: Uint8Array): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of data) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

/** Decodes base32, ignoring case, spaces and padding; throws on any other character. */
export function base32Decode(text: string): Uint8Array {
  const clean = text.replace(/[\s=]/g, '').toUpperCase();
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const ch of clean) {
    const index = ALPHABET.indexOf(ch);
    if (index < 0) throw new Error('Invalid base32 character');
    value = ((value << 5) | index) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Uint8Array.from(out);
}

const crypto = createCryptoPlugin({
  name: 'node',
  hmac: (algorithm, key, data) => new Uint8Array(createHmac(algorithm, key).update(data).digest()),
  randomBytes: (length) => new Uint8Array(randomBytes(length)),
  constantTimeEqual: (a, b) => {
    const x = Buffer.from(a);
    const y = Buffer.from(b);
    return x.length === y.length && timingSafeEqual(x, y);
  },
});

const base32 = createBase32Plugin({ name: 'rfc4648', encode: base32Encode, decode: base32Decode });

/** a code is accepted one 30-second step either side of now (the phone's clock drifts) */
const TOLERANCE_S = 30;

/** A new 160-bit secret, base32. */
export function newTotpSecret(): string {
  return generateSecret({ crypto, base32 });
}

/** The otpauth:// URI an authenticator app scans. */
export function totpUri(issuer: string, label: string, secret: string): string {
  return generateTOTP({ issuer, label, secret });
}

/** The current code (for tests and tools). */
export function totpCode(secret: string, at: Date = new Date()): Promise<string> {
  return generate({ secret, crypto, base32, epoch: Math.floor(at.getTime() / 1000) });
}

/** True when `code` is the secret's code now, or one step before or after. */
export async function totpValid(secret: string, code: string): Promise<boolean> {
  try {
    const result = await verify({ secret, token: code, crypto, base32, epochTolerance: TOLERANCE_S });
    return result.valid;
  } catch {
    return false;
  }
}
