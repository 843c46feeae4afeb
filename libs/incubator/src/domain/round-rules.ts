import {
  FULL_SHARE_BP,
  type OrgLegalStatus,
  type RoundStatus,
  type RoundTrack,
  type ServiceField,
} from '@gz/contracts';

/**
 * What "lighter" means on the small-grants track (社区微公益创投), against standard rounds:
 * - one to three criteria (standard: three to ten);
 * - one score sheet is enough to award an application (standard: at least two, three unless the round says otherwise);
 * - a per-award cap is required, at most the service's SMALL_GRANT_CAP_MAX_FEN;
 * - only filed (备案) and informal resident groups may apply.
 */
export const TRACK_RULES: Record<
  RoundTrack,
  {
    criteria: { min: number; max: number };
    sheets: { min: number; max: number; default: number };
    statuses: readonly OrgLegalStatus[];
  }
> = {
  standard: {
    criteria: { min: 3, max: 10 },
    sheets: { min: 2, max: 15, default: 3 },
    statuses: ['registered', 'filed', 'informal'],
  },
  small_grants: {
    criteria: { min: 1, max: 3 },
    sheets: { min: 1, max: 1, default: 1 },
    statuses: ['filed', 'informal'],
  },
};

/** The criteria's weights add up to this. */
export const WEIGHT_TOTAL = 100;

const fenText = (fen: number) => `${fen.toLocaleString('en-US')} fen`;

/** Why the criteria cannot be a round's (count for the track, unique keys, weights adding up to 100), or null. */
export function criteriaProblem(
  track: RoundTrack,
  criteria: ReadonlyArray<{ key: string; weight: number }>,
): string | null {
  const { min, max } = TRACK_RULES[track].criteria;
  if (criteria.length < min || criteria.length > max)
    return `a ${track} round has ${min} to ${max} criteria, not ${criteria.length}`;
  const keys = new Set(criteria.map((c) => c.key));
  if (keys.size !== criteria.length) return 'each criterion needs its own key';
  const total = criteria.reduce((t, c) => t + c.weight, 0);
  if (total !== WEIGHT_TOTAL) return `the weights add up to ${total}, not ${WEIGHT_TOTAL}`;
  return null;
}

export interface RoundDraft {
  track: RoundTrack;
  budgetFen: number;
  awardCapFen?: number;
  minScoreSheets?: number;
  legalStatuses: readonly OrgLegalStatus[];
  opensAt: Date;
  closesAt: Date;
  reviewBy: Date;
  criteria: ReadonlyArray<{ key: string; weight: number }>;
}

/** The problems of a new round, field by field (empty when none). */
export function roundProblems(r: RoundDraft, now: Date, smallGrantCapMaxFen: number): Record<string, string> {
  const problems: Record<string, string> = {};
  const rules = TRACK_RULES[r.track];
  if (r.closesAt.getTime() <= r.opensAt.getTime()) problems.closesAt = 'the call closes after it opens';
  else if (r.closesAt.getTime() <= now.getTime()) problems.closesAt = 'the call closes in the future';
  if (r.reviewBy.getTime() <= r.closesAt.getTime()) problems.reviewBy = 'the review is due after the call closes';
  if (r.awardCapFen !== undefined && r.awardCapFen > r.budgetFen)
    problems.awardCapFen = `the award cap (${fenText(r.awardCapFen)}) is above the budget (${fenText(r.budgetFen)})`;
  if (r.track === 'small_grants') {
    if (r.awardCapFen === undefined) problems.awardCapFen = 'a small-grants round has a per-award cap';
    else if (r.awardCapFen > smallGrantCapMaxFen)
      problems.awardCapFen = `a small grant is at most ${fenText(smallGrantCapMaxFen)}`;
  }
  const sheets = r.minScoreSheets ?? rules.sheets.default;
  if (sheets < rules.sheets.min || sheets > rules.sheets.max)
    problems.minScoreSheets =
      rules.sheets.min === rules.sheets.max
        ? `a ${r.track} round needs ${rules.sheets.min} score sheet per application`
        : `a ${r.track} round needs ${rules.sheets.min} to ${rules.sheets.max} score sheets per application`;
  const outside = r.legalStatuses.filter((s) => !rules.statuses.includes(s));
  if (outside.length > 0)
    problems['eligibility.legalStatuses'] = `a ${r.track} round is not open to ${outside.join(', ')} organisations`;
  const criteria = criteriaProblem(r.track, r.criteria);
  if (criteria) problems.criteria = criteria;
  return problems;
}

/** The score sheets an application of the round needs before an award. */
export const minSheetsOf = (track: RoundTrack, requested?: number): number =>
  requested ?? TRACK_RULES[track].sheets.default;

/** The round's transitions: the action, the status it leaves and the one it enters. */
export const ROUND_TRANSITIONS = {
  open: { from: 'draft', to: 'open' },
  closeCall: { from: 'open', to: 'reviewing' },
  closeReview: { from: 'reviewing', to: 'awarded' },
  close: { from: 'awarded', to: 'closed' },
} as const satisfies Record<string, { from: RoundStatus; to: RoundStatus }>;
export type RoundTransition = keyof typeof ROUND_TRANSITIONS;

/** The panel may change (reviewers named, conflicts declared, recusals asked and decided) until the review closes. */
export const panelOpen = (status: RoundStatus): boolean =>
  status === 'draft' || status === 'open' || status === 'reviewing';

export interface EligibleRound {
  track: RoundTrack;
  placePath: string;
  budgetFen: number;
  awardCapFen: number | null;
  eligibleStatuses: readonly OrgLegalStatus[];
  eligibleFields: readonly ServiceField[];
  eligibleCommunities: readonly string[];
}

export interface Applicant {
  legalStatus: OrgLegalStatus;
  fields: readonly ServiceField[];
  communitiesServed: readonly string[];
}

const within = (path: string, scope: string) => path === scope || path.startsWith(`${scope}.`);

/** Why the organisation may not apply to the round with this project, naming the field; null when eligible. */
export function eligibilityProblem(
  round: EligibleRound,
  org: Applicant,
  project: { communityPath: string; amountFen: number },
): { field: string; message: string } | null {
  if (!round.eligibleStatuses.includes(org.legalStatus))
    return {
      field: 'organisationId',
      message: `the round is open to ${round.eligibleStatuses.join(', ')} organisations; this one is ${org.legalStatus}`,
    };
  if (round.eligibleFields.length > 0 && !org.fields.some((f) => round.eligibleFields.includes(f)))
    return {
      field: 'organisationId',
      message: `the round funds the fields ${round.eligibleFields.join(', ')}; the organisation serves ${org.fields.join(', ')}`,
    };
  if (!org.communitiesServed.includes(project.communityPath))
    return { field: 'communityPath', message: `the organisation does not serve ${project.communityPath}` };
  if (round.eligibleCommunities.length > 0 && !round.eligibleCommunities.includes(project.communityPath))
    return {
      field: 'communityPath',
      message: `the round funds projects in ${round.eligibleCommunities.join(', ')} only`,
    };
  if (!within(project.communityPath, round.placePath))
    return { field: 'communityPath', message: `${project.communityPath} lies outside the round's ${round.placePath}` };
  if (round.awardCapFen !== null && project.amountFen > round.awardCapFen)
    return { field: 'amountFen', message: `one award is at most ${fenText(round.awardCapFen)}` };
  if (project.amountFen > round.budgetFen)
    return { field: 'amountFen', message: `the round's whole budget is ${fenText(round.budgetFen)}` };
  return null;
}

/** Why the budget lines do not add up to the amount asked (naming the difference), or null. */
export function budgetLinesProblem(lines: ReadonlyArray<{ amountFen: number }>, amountFen: number): string | null {
  const total = lines.reduce((t, l) => t + l.amountFen, 0);
  if (total === amountFen) return null;
  const difference = total - amountFen;
  return `the budget lines add up to ${fenText(total)}, ${fenText(Math.abs(difference))} ${
    difference > 0 ? 'more' : 'less'
  } than the ${fenText(amountFen)} asked`;
}

/** Why the milestone plan cannot be: shares adding up to 100% (10000 bp), due dates in order; or null. */
export function milestonePlanProblem(plan: ReadonlyArray<{ dueOn: string; shareBp: number }>): string | null {
  const total = plan.reduce((t, m) => t + m.shareBp, 0);
  if (total !== FULL_SHARE_BP)
    return `the milestones' shares add up to ${total} basis points, ${Math.abs(total - FULL_SHARE_BP)} ${
      total > FULL_SHARE_BP ? 'more' : 'less'
    } than ${FULL_SHARE_BP} (100%)`;
  for (let i = 1; i < plan.length; i++)
    if (plan[i].dueOn < plan[i - 1].dueOn) return `milestone ${i + 1} is due before milestone ${i}`;
  return null;
}

/**
 * Each milestone's payment: award × share, rounded down, the last one taking what rounding left
 * so that the payments add up to the award exactly (BigInt: award × 10000 may pass 2^53).
 */
export function milestoneAmounts(awardFen: number, sharesBp: readonly number[]): number[] {
  const award = BigInt(awardFen);
  const amounts = sharesBp.map((bp) => (award * BigInt(bp)) / BigInt(FULL_SHARE_BP));
  const others = amounts.slice(0, -1).reduce((t, a) => t + a, 0n);
  amounts[amounts.length - 1] = award - others;
  return amounts.map(Number);
}
