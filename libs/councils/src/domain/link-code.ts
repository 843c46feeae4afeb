import { createHash, randomInt } from 'node:crypto';

/** Letters and digits that are not confused when read aloud or copied (no 0/O, 1/I/L). */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** A new one-time code, `XXXX-XXXX` (8 characters of 31: about 40 bits). */
export function newLinkCode(): string {
  let s = '';
  for (let i = 0; i < 8; i++) s += ALPHABET[randomInt(ALPHABET.length)];
  return `${s.slice(0, 4)}-${s.slice(4)}`;
}

/** The code as typed by a resident (case, spaces and dashes ignored), or null when it cannot be one. */
export function normaliseLinkCode(typed: string): string | null {
  const s = typed.toUpperCase().replace(/[\s-]/g, '');
  if (s.length !== 8 || [...s].some((c) => !ALPHABET.includes(c))) return null;
  return s;
}

/** What is stored of a code: its SHA-256 (a code is random, so no key is needed). */
export const linkCodeHash = (normalised: string): string => createHash('sha256').update(normalised).digest('hex');
