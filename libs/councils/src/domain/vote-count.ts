/**
 * Owners' votes under Civil Code art. 278: who counts as one owner, participation and approval.
 * Pure and exact: areas are integer hundredths of a square metre and every threshold is an
 * integer comparison (`3·a ≥ 2·total`), never a division.
 */
import type { BallotChoice, VoteMatter } from '@gz/contracts';

/** Matters that need 3/4 of the participating area and owners (art. 278 ¶2, items 6–8). */
export const THREE_QUARTER_MATTERS: readonly VoteMatter[] = [
  'raise_maintenance_funds',
  'rebuild_or_alter',
  'change_common_use_or_business',
];

export type ApprovalRule = 'three_quarters' | 'more_than_half';

export function approvalRuleOf(matter: VoteMatter): ApprovalRule {
  return THREE_QUARTER_MATTERS.includes(matter) ? 'three_quarters' : 'more_than_half';
}

/** The elector key of the developer's unsold units, which together count one person. */
export const DEVELOPER_KEY = 'developer';

/** One unit of the roll as counted: its area, its owners (ids), or the developer's while unsold. */
export interface RollUnit {
  unitId: string;
  areaHundredths: number;
  ownerIds: readonly string[];
  developerUnsold: boolean;
}

/** One person as counted: an owner (or joint owners, or the developer) with the units' areas added. */
export interface Elector {
  key: string;
  ownerIds: string[];
  unitIds: string[];
  areaHundredths: number;
}

function checkArea(a: number, what: string): void {
  if (!Number.isSafeInteger(a) || a < 0)
    throw new RangeError(`${what} must be a non-negative integer (hundredths of m²)`);
}

/**
 * The electorate of a roll. One unit counts one owner; an owner holding several units counts once
 * with the areas added; joint owners of a unit count one (the key is the set of its owners, so the
 * same joint owners of two units are still one); every unsold unit of the developer together is one
 * person (the developer's owner record, when the roll has one, casts its ballot). A unit with no
 * owner and not the developer's is not counted.
 */
export function electorateOf(units: readonly RollUnit[]): Elector[] {
  const byKey = new Map<string, Elector>();
  for (const u of units) {
    checkArea(u.areaHundredths, `area of unit ${u.unitId}`);
    let key: string;
    let owners: string[];
    if (u.developerUnsold) {
      key = DEVELOPER_KEY;
      owners = [...new Set(u.ownerIds)].sort();
    } else {
      owners = [...new Set(u.ownerIds)].sort();
      if (owners.length === 0) continue;
      key = owners.join('+');
    }
    const e = byKey.get(key);
    if (e) {
      e.unitIds.push(u.unitId);
      e.areaHundredths += u.areaHundredths;
      for (const o of owners) if (!e.ownerIds.includes(o)) e.ownerIds.push(o);
    } else byKey.set(key, { key, ownerIds: owners, unitIds: [u.unitId], areaHundredths: u.areaHundredths });
  }
  return [...byKey.values()];
}

/** Area and headcount, always together. */
export interface Figures {
  areaHundredths: number;
  headcount: number;
}

export interface VoteCount {
  rule: ApprovalRule;
  total: Figures;
  participating: Figures & { areaMet: boolean; headcountMet: boolean; met: boolean };
  approving: Figures & { areaMet: boolean; headcountMet: boolean; met: boolean };
  against: Figures;
  abstaining: Figures;
  passed: boolean;
}

/** At least 2/3 (boundary included). */
export const atLeastTwoThirds = (part: number, whole: number): boolean => whole > 0 && 3 * part >= 2 * whole;
/** At least 3/4 (boundary included). */
export const atLeastThreeQuarters = (part: number, whole: number): boolean => whole > 0 && 4 * part >= 3 * whole;
/** More than half (boundary excluded). */
export const moreThanHalf = (part: number, whole: number): boolean => whole > 0 && 2 * part > whole;

/** A cast ballot as counted: its elector's area and the choice. */
export interface CountedBallot {
  areaHundredths: number;
  choice: BallotChoice;
}

/**
 * Counts a vote. Everyone who cast a ballot (for, against or abstain) takes part; participation
 * needs 2/3 of the total area and of all owners; approval is measured against the participating
 * area and owners: 3/4 of both for the 3/4 matters, more than half of both otherwise. A vote
 * passes only when participation and approval are both met.
 */
export function countVote(matter: VoteMatter, total: Figures, ballots: readonly CountedBallot[]): VoteCount {
  const sums: ChoiceTally = {
    for: { areaHundredths: 0, headcount: 0 },
    against: { areaHundredths: 0, headcount: 0 },
    abstain: { areaHundredths: 0, headcount: 0 },
  };
  for (const b of ballots) {
    checkArea(b.areaHundredths, 'ballot area');
    sums[b.choice].areaHundredths += b.areaHundredths;
    sums[b.choice].headcount += 1;
  }
  return countTally(matter, total, sums);
}

/** The ballots of a vote added up by choice (area and heads). */
export type ChoiceTally = Record<BallotChoice, Figures>;

/** Counts a vote from its ballots already added up by choice (what the database sums). */
export function countTally(matter: VoteMatter, total: Figures, sums: ChoiceTally): VoteCount {
  checkArea(total.areaHundredths, 'total area');
  for (const c of Object.values(sums)) checkArea(c.areaHundredths, 'ballot area');
  const pa = sums.for.areaHundredths + sums.against.areaHundredths + sums.abstain.areaHundredths;
  const pn = sums.for.headcount + sums.against.headcount + sums.abstain.headcount;
  const rule = approvalRuleOf(matter);
  const areaMet = atLeastTwoThirds(pa, total.areaHundredths);
  const headcountMet = atLeastTwoThirds(pn, total.headcount);
  const participating = { areaHundredths: pa, headcount: pn, areaMet, headcountMet, met: areaMet && headcountMet };
  const approve = rule === 'three_quarters' ? atLeastThreeQuarters : moreThanHalf;
  const forArea = approve(sums.for.areaHundredths, pa);
  const forHeads = approve(sums.for.headcount, pn);
  const approving = { ...sums.for, areaMet: forArea, headcountMet: forHeads, met: forArea && forHeads };
  return {
    rule,
    total: { areaHundredths: total.areaHundredths, headcount: total.headcount },
    participating,
    approving,
    against: { ...sums.against },
    abstaining: { ...sums.abstain },
    passed: participating.met && approving.met,
  };
}

/** An empty tally (no ballot yet). */
export function emptyTally(): ChoiceTally {
  return {
    for: { areaHundredths: 0, headcount: 0 },
    against: { areaHundredths: 0, headcount: 0 },
    abstain: { areaHundredths: 0, headcount: 0 },
  };
}

/** The totals of an electorate. */
export function totalsOf(electors: readonly Pick<Elector, 'areaHundredths'>[]): Figures {
  return { areaHundredths: electors.reduce((s, e) => s + e.areaHundredths, 0), headcount: electors.length };
}
