/**
 * A volunteer's basic data (实名登记: name, phone, resident identity number) as stored and shown:
 * normal forms for the blind index, masked forms for everyone who has not asked to see more.
 */

/** The identity number as stored and indexed: a trailing x upper-cased. */
export const normaliseIdNumber = (id: string): string => id.trim().toUpperCase();

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/**
 * What is wrong with an 18-character resident identity number (GB 11643: ISO 7064 MOD 11-2 check
 * character, a birth date that exists and is not in the future), or null when nothing is.
 */
export function idNumberProblem(id: string, today: string): string | null {
  const n = normaliseIdNumber(id);
  if (!/^\d{17}[\dX]$/.test(n)) return 'an identity number is 17 digits and a digit or X';
  const birth = `${n.slice(6, 10)}-${n.slice(10, 12)}-${n.slice(12, 14)}`;
  const date = new Date(`${birth}T00:00:00Z`);
  if (
    Number.isNaN(date.getTime()) ||
    date.toISOString().slice(0, 10) !== birth ||
    birth < '1900-01-01' ||
    birth > today
  )
    return 'characters 7 to 14 are not a plausible birth date';
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(n[i]) * WEIGHTS[i];
  if (CHECK[sum % 11] !== n[17]) return 'the check character (GB 11643) does not match';
  return null;
}
