/** Masked forms of personal data, as shown to anyone who has not asked (and been allowed) to see more. */

/** `11010519491231002X` → `110***********002X`: the first 3 and the last 4 characters stay. */
export function maskIdNumber(value: string): string {
  if (value.length <= 7) return '*'.repeat(value.length);
  return value.slice(0, 3) + '*'.repeat(value.length - 7) + value.slice(-4);
}

/** `13812345678` → `138****5678`; landlines keep the area code and the last 2 digits. */
export function maskPhone(value: string): string {
  if (/^1\d{10}$/.test(value)) return `${value.slice(0, 3)}****${value.slice(-4)}`;
  const m = /^(0\d{2,3})(-?)(\d+)$/.exec(value);
  if (m) return `${m[1]}${m[2]}${'*'.repeat(m[3].length - 2)}${m[3].slice(-2)}`;
  return value.length <= 4 ? '*'.repeat(value.length) : '*'.repeat(value.length - 4) + value.slice(-4);
}

/** `李明` → `李*`, `欧阳娜娜` → `欧***`: the first character stays. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return '*';
  return chars[0] + '*'.repeat(chars.length - 1);
}

/** Normal form of a phone number for the blind index: digits only (028-86661234 and 02886661234 are one number). */
export function normalisePhone(value: string): string {
  return value.replace(/\D/g, '');
}
