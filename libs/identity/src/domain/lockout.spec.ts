import { afterFailure, cleared, isLocked, type LockState } from './lockout';

const policy = { maxFailures: 5, lockoutS: 900 };
const t0 = new Date('2026-01-01T08:00:00Z');
const at = (s: number) => new Date(t0.getTime() + s * 1000);

describe('lockout', () => {
  it('locks at the fifth failure in a row, for the lockout period', () => {
    let state: LockState = cleared();
    for (let i = 1; i <= 4; i++) {
      const next = afterFailure(state, at(i), policy);
      expect(next).toMatchObject({ failedLogins: i, lockedUntil: null, lockedNow: false });
      state = next;
    }
    const fifth = afterFailure(state, at(5), policy);
    expect(fifth.lockedNow).toBe(true);
    expect(fifth.lockedUntil).toEqual(at(905));
    expect(isLocked(fifth, at(904))).toBe(true);
    expect(isLocked(fifth, at(905))).toBe(false);
  });

  it('does not extend a running lockout', () => {
    const locked = { failedLogins: 5, lockedUntil: at(900) };
    expect(afterFailure(locked, at(10), policy)).toEqual({ ...locked, lockedNow: false });
  });

  it('counts again from one after a lockout ran out', () => {
    const expired = { failedLogins: 5, lockedUntil: at(900) };
    expect(afterFailure(expired, at(1000), policy)).toEqual({ failedLogins: 1, lockedUntil: null, lockedNow: false });
  });

  it('is not locked without a lockout time', () => {
    expect(isLocked({ failedLogins: 3, lockedUntil: null }, t0)).toBe(false);
  });
});
