/** The sign-in failure counter of an account. */
export interface LockState {
  failedLogins: number;
  lockedUntil: Date | null;
}

export interface LockoutPolicy {
  /** failures in a row that lock the account */
  maxFailures: number;
  /** how long a lockout lasts, in seconds */
  lockoutS: number;
}

/** True while a lockout is running. */
export function isLocked(state: LockState, now: Date): boolean {
  return state.lockedUntil !== null && state.lockedUntil.getTime() > now.getTime();
}

/**
 * The state after one more failed sign-in. A lockout that has run out starts the count again;
 * the failure that reaches `maxFailures` locks the account until now + lockoutS.
 */
export function afterFailure(state: LockState, now: Date, policy: LockoutPolicy): LockState & { lockedNow: boolean } {
  if (isLocked(state, now)) return { ...state, lockedNow: false };
  const expired = state.lockedUntil !== null;
  const failedLogins = (expired ? 0 : state.failedLogins) + 1;
  if (failedLogins >= policy.maxFailures) {
    return { failedLogins, lockedUntil: new Date(now.getTime() + policy.lockoutS * 1000), lockedNow: true };
  }
  return { failedLogins, lockedUntil: null, lockedNow: false };
}

/** A successful sign-in (or an admin re-activating the account) clears the counter. */
export function cleared(): LockState {
  return { failedLogins: 0, lockedUntil: null };
}
