import { createHmac, timingSafeEqual } from 'node:crypto';

/** Bytes of the HMAC kept in a code: 80 bits, so a forged code verifies once in 2^80 tries. */
const MAC_BYTES = 10;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const mac = (key: Buffer, id: string, statement: string): Buffer =>
  createHmac('sha256', key)
    .update(`gongzhi volunteer certificate\n${id}\n${statement}`)
    .digest()
    .subarray(0, MAC_BYTES);

/**
 * A certificate's verification code: its id and an HMAC of its id and the exact text of what it
 * states, base64url (35 characters). Changing a character of the statement, the id or the code
 * makes it fail to verify.
 */
export function certificateCode(key: Buffer, id: string, statement: string): string {
  if (!UUID.test(id)) throw new Error(`certificate id must be a UUID: ${id}`);
  return Buffer.concat([Buffer.from(id.replace(/-/g, ''), 'hex'), mac(key, id, statement)]).toString('base64url');
}

/** The certificate id a code names, or null when it cannot be a code. */
export function certificateIdOf(code: string): string | null {
  const raw = Buffer.from(code, 'base64url');
  if (raw.length !== 16 + MAC_BYTES || raw.toString('base64url') !== code) return null;
  const hex = raw.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Whether the code was made for exactly this certificate and statement under `key` (constant time). */
export function codeVerifies(key: Buffer, code: string, id: string, statement: string): boolean {
  if (certificateIdOf(code) !== id) return false;
  const given = Buffer.from(code, 'base64url').subarray(16);
  return timingSafeEqual(given, mac(key, id, statement));
}
