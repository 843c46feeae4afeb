import { pathAtDepth, pathWithin, type Actor } from '@gz/contracts';
import { actsFor, keeps, reads } from './access';

/** What decides who runs a volunteer team. */
export interface TeamFacts {
  communityPath: string;
  organiserIds: readonly string[];
  /** the org-tree unit of the team's organisation, whose staff act for it (null: none, or no organisation) */
  orgPath: string | null;
}

/** One of the team's organisers (users named on the team). */
export const organises = (a: Actor, t: TeamFacts): boolean => a.kind === 'user' && t.organiserIds.includes(a.id);

/**
 * Runs the team (its activities, sign-ups, hours, corrections): its organisers, its organisation's
 * staff, and the keepers of its community (a residents' committee guides the groups recording in it).
 */
export function managesTeam(a: Actor, t: TeamFacts): boolean {
  return organises(a, t) || actsFor(a, t.orgPath) || keeps(a, t.communityPath);
}

/** Reads the team's records: those who run it, and the readers of its community. */
export function readsTeam(a: Actor, t: TeamFacts): boolean {
  return managesTeam(a, t) || reads(a, t.communityPath);
}

/**
 * The streets the caller lives or works in (each scope cut to its street): activities there are
 * open to them, to read and sign up for.
 */
export function neighbourhoods(a: Actor): string[] {
  return [...new Set(a.scopes.map((s) => pathAtDepth(s, 2) ?? s))];
}

/** Sees the activity: anyone of its street, its team's managers, the readers of its community. */
export function seesActivity(a: Actor, communityPath: string, team: TeamFacts): boolean {
  return (
    (a.kind === 'user' && neighbourhoods(a).some((s) => pathWithin(communityPath, s))) ||
    reads(a, communityPath) ||
    managesTeam(a, team)
  );
}

/** The volunteer themself: their record is linked to the caller's account. */
export const isSelf = (a: Actor, userId: string | null): boolean =>
  a.kind === 'user' && userId !== null && userId === a.id;
