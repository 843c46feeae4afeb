/**
 * Resident identity numbers (居民身份证号码, GB 11643-1999): 6 digits of region, 8 of birth date
 * (YYYYMMDD), 3 of sequence (odd for men, even for women) and a check character computed with
 * ISO 7064 MOD 11-2 over the first 17.
 */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/** Province-level codes (first two digits) in use. */
const PROVINCES = new Set([
  '11',
  '12',
  '13',
  '14',
  '15',
  '21',
  '22',
  '23',
  '31',
  '32',
  '33',
  '34',
  '35',
  '36',
  '37',
  '41',
  '42',
  '43',
  '44',
  '45',
  '46',
  '50',
  '51',
  '52',
  '53',
  '54',
  '61',
  '62',
  '63',
  '64',
  '65',
  '71',
  '81',
  '82',
  '83',
]);

/** The check character of the first 17 digits. */
export function idCheckCharacter(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new Error('need 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK[sum % 11];
}

/** Upper-cases a trailing x and drops surrounding spaces. */
export function normalizeIdNumber(value: string): string {
  return value.trim().toUpperCase();
}

export type IdNumberProblem = 'length' | 'format' | 'region' | 'birth_date' | 'check_digit';

export interface IdNumberInfo {
  normalized: string;
  /** YYYY-MM-DD */
  birthDate: string;
  gender: 'male' | 'female';
}

const MESSAGES: Record<IdNumberProblem, string> = {
  length: 'an identity number has 18 characters',
  format: 'an identity number is 17 digits and a digit or X',
  region: 'the first two digits are not a province code',
  birth_date: 'characters 7 to 14 are not a plausible birth date',
  check_digit: 'the check character (GB 11643) does not match',
};

export function idNumberProblemMessage(problem: IdNumberProblem): string {
  return MESSAGES[problem];
}

/**
 * Checks an identity number; answers what it says (birth date, gender) or what is wrong with it.
 * `today` bounds the birth date (no one is born in the future, nor before 1900).
 */
export function checkIdNumber(
  value: string,
  today: Date = new Date(),
): { ok: true; info: IdNumberInfo } | { ok: false; problem: IdNumberProblem } {
  const id = normalizeIdNumber(value);
  if (id.length !== 18) return { ok: false, problem: 'length' };
  if (!/^\d{17}[\dX]$/.test(id)) return { ok: false, problem: 'format' };
  if (!PROVINCES.has(id.slice(0, 2))) return { ok: false, problem: 'region' };
  const birthDate = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  if (!plausibleBirthDate(birthDate, today)) return { ok: false, problem: 'birth_date' };
  if (idCheckCharacter(id.slice(0, 17)) !== id[17]) return { ok: false, problem: 'check_digit' };
  return { ok: true, info: { normalized: id, birthDate, gender: Number(id[16]) % 2 === 1 ? 'male' : 'female' } };
}

/** A real calendar date, not before 1900-01-01 and not after today (UTC). */
export function plausibleBirthDate(date: string, today: Date = new Date()): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== mo - 1 || t.getUTCDate() !== d) return false;
  if (y < 1900) return false;
  return date <= today.toISOString().slice(0, 10);
}

/** Builds a valid number from a region, a birth date and a sequence (for seeds, tests and the bench). */
export function makeIdNumber(region: string, birthDate: string, sequence: number): string {
  const first17 = `${region}${birthDate.replace(/-/g, '')}${String(sequence % 1000).padStart(3, '0')}`;
  return first17 + idCheckCharacter(first17);
}
