import type { Actor, DeliverableStatus } from '@gz/contracts';
import { holds, reaches } from './access';

/** Who buys services: the street's admins for the street, the district's admins for the district. */
export const BUYER_ROLES = ['street_admin', 'district_admin'] as const;

/** May act as the buyer of `buyerPath` (sign contracts, accept deliverables, pay). */
export function buys(a: Actor, buyerPath: string): boolean {
  return a.kind === 'user' && holds(a, BUYER_ROLES) && reaches(a, buyerPath);
}

export interface PlannedDeliverable {
  dueOn: string;
  amountFen: number;
}

/**
 * What is wrong with a contract's terms, field by field (empty when nothing is): the period runs
 * forwards, each deliverable falls due within it, and the deliverables together (with those the
 * contract has already) stay within the budget.
 */
export function contractProblems(c: {
  periodStart: string;
  periodEnd: string;
  budgetFen: number;
  committedFen?: number;
  deliverables: readonly PlannedDeliverable[];
}): Record<string, string> {
  const problems: Record<string, string> = {};
  if (c.periodEnd < c.periodStart) problems.periodEnd = `the period ends before it starts (${c.periodStart})`;
  const outside = c.deliverables.findIndex((d) => d.dueOn < c.periodStart || d.dueOn > c.periodEnd);
  if (outside >= 0)
    problems[`deliverables.${outside}.dueOn`] = `falls due outside the contract period ${c.periodStart}–${c.periodEnd}`;
  const planned = c.deliverables.reduce((sum, d) => sum + d.amountFen, c.committedFen ?? 0);
  if (planned > c.budgetFen)
    problems.deliverables = `the deliverables come to ${planned} fen, over the budget of ${c.budgetFen} fen`;
  return problems;
}

/** Why a payment cannot be made, when the database refused it: the first rule it breaks. */
export function paymentRefusal(
  d: { status: DeliverableStatus; amountFen: number; paidFen: number },
  c: { budgetFen: number; paidFen: number },
  amountFen: number,
): { message: string; details: Record<string, unknown> } | null {
  if (d.status !== 'accepted')
    return {
      message: `The deliverable is ${d.status}: it can be paid only once the buyer has accepted it`,
      details: { status: d.status },
    };
  const left = d.amountFen - d.paidFen;
  if (amountFen > left)
    return {
      message: `The deliverable has ${left} fen left to pay (${d.paidFen} of ${d.amountFen} paid)`,
      details: { remainingFen: left, paidFen: d.paidFen, amountFen: d.amountFen },
    };
  const budgetLeft = c.budgetFen - c.paidFen;
  if (amountFen > budgetLeft)
    return {
      message: `The contract has ${budgetLeft} fen of its budget left (${c.paidFen} of ${c.budgetFen} paid)`,
      details: { remainingBudgetFen: budgetLeft, contractPaidFen: c.paidFen, budgetFen: c.budgetFen },
    };
  return null;
}

/** The states a deliverable may be reported from: planned, or returned for another report. */
export const REPORTABLE: readonly DeliverableStatus[] = ['pending', 'returned'];
