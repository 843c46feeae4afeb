/** What the service knows about a presented refresh token. */
export interface RefreshTokenState {
  createdAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
  revokedAt: Date | null;
}

export type RefreshDecision =
  /** valid: mark it used and issue its child in the same family */
  | { action: 'rotate' }
  /** already used: someone replays an old token; revoke the whole family */
  | { action: 'reuse' }
  /** the session was ended (sign-out, password change, reuse elsewhere, …) */
  | { action: 'revoked' }
  /** the session ran out: `absolute` lifetime or `idle` (unused for too long) */
  | { action: 'expired'; reason: 'absolute' | 'idle' };

/**
 * The refresh-family decision. A token is single use: presenting it again means it was copied,
 * so the family is revoked. The newest token of a family is the one created at the family's last
 * use, so the family is idle when that token is older than the idle timeout.
 */
export function decideRefresh(token: RefreshTokenState, now: Date, idleTimeoutS: number): RefreshDecision {
  if (token.usedAt !== null) return { action: 'reuse' };
  if (token.revokedAt !== null) return { action: 'revoked' };
  if (token.expiresAt.getTime() <= now.getTime()) return { action: 'expired', reason: 'absolute' };
  if (now.getTime() - token.createdAt.getTime() > idleTimeoutS * 1000) return { action: 'expired', reason: 'idle' };
  return { action: 'rotate' };
}
