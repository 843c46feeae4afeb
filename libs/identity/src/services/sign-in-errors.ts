import { DomainError } from '@gz/platform';

export const WRONG_CREDENTIALS = 'Wrong username or password';

export function lockedError(lockedUntil: Date): DomainError {
  return new DomainError(
    'locked',
    'This account is locked after repeated failed sign-ins; try again later or ask an admin',
    {
      lockedUntil: lockedUntil.toISOString(),
    },
  );
}

export function mfaRequired(
  message = 'This account needs a 6-digit code from its authenticator app (otp)',
): DomainError {
  return new DomainError('mfa_required', message, { field: 'otp' });
}
