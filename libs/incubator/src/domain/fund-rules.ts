import {
  communityOfPath,
  pathDepth,
  pathWithin,
  STATEMENT_MAX_DAYS,
  type Actor,
  type DonationChannel,
  type FundEntryKind,
  type FundStatementLine,
} from '@gz/contracts';
import { keeps, reads } from './access';

/** The org tree's kind of unit a fund's place is: a street (`d01.s01`) or a community (`d01.s01.c01`). */
export const fundPlaceKind = (placePath: string): 'street' | 'community' =>
  pathDepth(placePath) === 2 ? 'street' : 'community';

/** The fund's community, for a community-level fund. */
export const fundCommunity = (placePath: string): string | null =>
  pathDepth(placePath) >= 3 ? (communityOfPath(placePath) ?? null) : null;

export interface FundAccess {
  placePath: string;
  /** the managers' user ids */
  managers: readonly string[];
}

/** One of the fund's managers (by user id). */
export const managedBy = (a: Actor, f: FundAccess): boolean => a.kind === 'user' && f.managers.includes(a.id);

/** May record donations and request, approve and pay spending: its managers and the keepers of its place. */
export const managesFund = (a: Actor, f: FundAccess): boolean => managedBy(a, f) || keeps(a, f.placePath);

/** May read the whole ledger (donors' phones masked) and the spending requests. */
export const readsFund = (a: Actor, f: FundAccess): boolean => managedBy(a, f) || reads(a, f.placePath);

/**
 * May read the fund's public statement: staff who read the fund, and anyone signed in whose own
 * place lies within the fund's (the residents of its community or street, its grid workers).
 */
export const readsStatement = (a: Actor, f: FundAccess): boolean =>
  readsFund(a, f) || (a.kind === 'user' && a.scopes.some((s) => pathWithin(s, f.placePath)));

/**
 * Every path at or above the caller's scopes (`d01.s01.c01.g01` → `d01`, `d01.s01`, `d01.s01.c01`,
 * `d01.s01.c01.g01`): the places whose funds' statements they may read.
 */
export function placesAbove(scopes: readonly string[]): string[] {
  const out = new Set<string>();
  for (const s of scopes) {
    const tokens = s.split('.');
    for (let i = 1; i <= tokens.length; i++) out.add(tokens.slice(0, i).join('.'));
  }
  return [...out].sort();
}

/** What is wrong with a donation, field by field (empty when nothing is). */
export function donationProblems(
  d: { donorName?: string; anonymous?: boolean; receivedOn: string },
  today: string,
): Record<string, string> {
  const problems: Record<string, string> = {};
  if (d.anonymous && d.donorName)
    problems.donorName = 'an anonymous donation is published without a name: leave it out';
  if (!d.anonymous && !d.donorName?.trim())
    problems.donorName = "give the donor's name, or mark the donation anonymous";
  if (d.receivedOn > today) problems.receivedOn = `must not be in the future (today is ${today})`;
  return problems;
}

/** Days from `from` to `to`, both counted (calendar days, by their dates alone). */
export const daysCovered = (from: string, to: string): number =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;

/** What is wrong with a statement's period (empty when nothing is). */
export function periodProblems(from: string, to: string): Record<string, string> {
  if (to < from) return { to: `the period ends before it starts (${from})` };
  if (daysCovered(from, to) > STATEMENT_MAX_DAYS)
    return { to: `a statement covers at most ${STATEMENT_MAX_DAYS} days` };
  return {};
}

/** A ledger entry as the statement reads it. */
export interface LedgerEntry {
  seq: number;
  day: string;
  kind: FundEntryKind;
  deltaFen: number;
  donorName: string | null;
  anonymous: boolean;
  channel: DonationChannel | null;
  purpose: string | null;
  payee: string | null;
  reversesSeq: number | null;
  reason: string | null;
}

export interface StatementFigures {
  lines: FundStatementLine[];
  donationsFen: number;
  spendingFen: number;
  correctionsFen: number;
  closingBalanceFen: number;
}

/**
 * The statement of a period from its opening balance and the period's entries in ledger order:
 * each line with the balance after it, the totals by kind, and the closing balance (opening +
 * donations − spending + corrections). Donors' phones never reach it; an anonymous donor is 匿名.
 */
export function statementOf(openingBalanceFen: number, entries: readonly LedgerEntry[]): StatementFigures {
  let balance = openingBalanceFen;
  let donationsFen = 0;
  let spendingFen = 0;
  let correctionsFen = 0;
  const lines = entries.map((e): FundStatementLine => {
    balance += e.deltaFen;
    if (e.kind === 'donation') donationsFen += e.deltaFen;
    else if (e.kind === 'spending') spendingFen -= e.deltaFen;
    else correctionsFen += e.deltaFen;
    return {
      seq: e.seq,
      day: e.day,
      kind: e.kind,
      donor: e.kind === 'donation' ? (e.anonymous ? '匿名' : e.donorName) : null,
      channel: e.channel,
      purpose: e.purpose,
      payee: e.payee,
      reversesSeq: e.reversesSeq,
      reason: e.reason,
      inFen: e.deltaFen > 0 ? e.deltaFen : 0,
      outFen: e.deltaFen < 0 ? -e.deltaFen : 0,
      balanceFen: balance,
    };
  });
  return { lines, donationsFen, spendingFen, correctionsFen, closingBalanceFen: balance };
}
