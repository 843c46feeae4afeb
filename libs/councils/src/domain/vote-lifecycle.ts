import type { BallotChannel, Role, VoteStatus } from '@gz/contracts';

/** Longest a vote may stay open. */
export const MAX_VOTE_DAYS = 90;

/**
 * Whether a vote's times are acceptable: it closes after it opens, within MAX_VOTE_DAYS, and
 * does not close in the past. Answers the reason when not.
 */
export function voteTimesProblem(opensAt: Date, closesAt: Date, now: Date): string | null {
  if (Number.isNaN(opensAt.getTime()) || Number.isNaN(closesAt.getTime())) return 'opensAt and closesAt must be times';
  if (closesAt.getTime() <= opensAt.getTime()) return 'closesAt must be after opensAt';
  if (closesAt.getTime() <= now.getTime()) return 'closesAt must be in the future';
  if (closesAt.getTime() - opensAt.getTime() > MAX_VOTE_DAYS * 86_400_000)
    return `a vote stays open at most ${MAX_VOTE_DAYS} days`;
  return null;
}

/** Why a ballot cannot be taken now (null: it can). Only an open vote takes ballots. */
export function ballotRefusal(status: VoteStatus): string | null {
  if (status === 'scheduled') return 'the vote is not open yet';
  if (status === 'closed') return 'the vote is closed';
  return null;
}

/** Who enters a ballot through each channel. */
export function channelEnteredBy(channel: BallotChannel): 'owner' | 'convenor' | 'secretary' {
  return channel === 'online' ? 'owner' : channel === 'paper' ? 'convenor' : 'secretary';
}

/** Roles that create votes, enter meeting ballots and assign building convenors (within their scope). */
export const VOTE_ADMIN_ROLES: readonly Role[] = ['community_secretary', 'street_admin'];

export function isVoteAdmin(roles: readonly Role[]): boolean {
  return roles.some((r) => VOTE_ADMIN_ROLES.includes(r));
}
