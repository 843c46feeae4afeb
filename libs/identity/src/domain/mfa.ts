import type { Role } from '@gz/contracts';

/** True when one of the roles must use a second factor (configuration MFA_REQUIRED_ROLES). */
export function roleRequiresMfa(roles: readonly Role[], requiredRoles: readonly string[]): boolean {
  return roles.some((r) => requiredRoles.includes(r));
}

/**
 * The second-factor state of a session: `amr` (how the user proved who they are) and whether
 * the token is only good for enrolling a second factor (role requires one, none is set up).
 */
export function sessionFactors(
  user: { roles: readonly Role[]; totpEnabled: boolean },
  requiredRoles: readonly string[],
): { amr: string[]; enrollOnly: boolean } {
  if (user.totpEnabled) return { amr: ['pwd', 'otp'], enrollOnly: false };
  return { amr: ['pwd'], enrollOnly: roleRequiresMfa(user.roles, requiredRoles) };
}

/** What sign-in must do about the second factor: nothing, ask for it, or check the given code. */
export function secondFactorStep(totpEnabled: boolean, otp: string | undefined): 'none' | 'ask' | 'check' {
  if (!totpEnabled) return 'none';
  return otp ? 'check' : 'ask';
}
