import argon2 from 'argon2';

/** argon2id with the library's defaults (64 MiB, 3 passes): deliberately slow. */
export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id });
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | undefined;

/**
 * Spends the time of a real verification when there is no account (or client) to check, so
 * that the answer time does not tell whether a username exists.
 */
export async function verifyNothing(password: string): Promise<false> {
  dummy ??= hashPassword('not-a-password-of-anyone');
  await verifyPassword(await dummy, password);
  return false;
}
