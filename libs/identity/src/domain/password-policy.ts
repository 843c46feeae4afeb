import { unprocessable } from '@gz/platform';

export const PASSWORD_MIN_LENGTH = 10;

const CLASSES: Array<[name: string, test: RegExp]> = [
  ['lower-case letters', /\p{Ll}/u],
  ['upper-case letters', /\p{Lu}/u],
  ['digits', /\p{Nd}/u],
  ['symbols', /[^\p{Ll}\p{Lu}\p{Nd}]/u],
];

/**
 * The password rule (MLPS level 3 asks for complexity): at least 10 characters, at least three
 * of the four classes lower-case, upper-case, digits and symbols, and not containing the
 * username (case-insensitive). Answers what is wrong, or an empty list.
 */
export function passwordProblems(password: string, username: string): string[] {
  const problems: string[] = [];
  if ([...password].length < PASSWORD_MIN_LENGTH) problems.push(`at least ${PASSWORD_MIN_LENGTH} characters`);
  const present = CLASSES.filter(([, test]) => test.test(password)).length;
  if (present < 3) problems.push('at least three of: lower-case letters, upper-case letters, digits, symbols');
  const name = username.trim().toLowerCase();
  if (name.length > 0 && password.toLowerCase().includes(name)) problems.push('must not contain the username');
  return problems;
}

/** Throws `unprocessable` naming the field when the password breaks the rule. */
export function requireStrongPassword(password: string, username: string, field = 'password'): void {
  const problems = passwordProblems(password, username);
  if (problems.length > 0) {
    throw unprocessable(`The ${field} is too weak: ${problems.join('; ')}`, { field, problems });
  }
}
