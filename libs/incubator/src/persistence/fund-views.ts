import type {
  DonationChannel,
  FundEntryKind,
  FundEntryView,
  FundKind,
  FundSpendingStatus,
  FundSpendingView,
  FundView,
} from '@gz/contracts';
import { fundCommunity } from '../domain/fund-rules';
import { dayOf, fenOf } from './purchased-services-views';

/** A row of "incubator".fund with its managers. */
export interface FundRow {
  id: string;
  kind: FundKind;
  name: string;
  place_path: string;
  street_code: string;
  charity: string;
  charity_credit_code: string | null;
  purpose: string | null;
  balance_fen: string;
  entry_count: number;
  created_by: string;
  created_at: Date;
  updated_at: Date;
  managers: Array<{ userId: string; name: string }>;
}

/** A row of "incubator".fund_entry, with the reversal of it and, for a spending, what was paid. */
export interface FundEntryRow {
  id: string;
  fund_id: string;
  seq: number;
  kind: FundEntryKind;
  amount_fen: string;
  delta_fen: string;
  balance_after_fen: string;
  day: string | Date;
  booked_at: Date;
  donor_name: string | null;
  anonymous: boolean;
  donor_phone_sealed: string | null;
  donor_phone_masked: string | null;
  channel: DonationChannel | null;
  received_on: string | Date | null;
  note: string | null;
  spending_id: string | null;
  reverses_id: string | null;
  reason: string | null;
  by_name: string;
  by_id: string;
  /** joined */
  purpose: string | null;
  payee: string | null;
  reversed_by_id: string | null;
  reverses_seq: number | null;
  reverses_kind: FundEntryKind | null;
}

/** A row of "incubator".fund_spending, with the ledger entry of its payment. */
export interface FundSpendingRow {
  id: string;
  fund_id: string;
  purpose: string;
  payee: string;
  amount_fen: string;
  status: FundSpendingStatus;
  requested_by: string;
  requested_by_id: string;
  requested_at: Date;
  decided_by: string | null;
  decided_by_id: string | null;
  decided_at: Date | null;
  decision_note: string | null;
  paid_by: string | null;
  paid_by_id: string | null;
  paid_at: Date | null;
  reference: string | null;
  version: number;
  /** joined */
  entry_id: string | null;
}

export const managerIds = (f: FundRow): string[] => f.managers.map((m) => m.userId);

export function fundView(r: FundRow): FundView {
  return {
    id: r.id,
    kind: r.kind,
    name: r.name,
    placePath: r.place_path,
    street: r.street_code,
    communityPath: fundCommunity(r.place_path),
    charity: r.charity,
    charityCreditCode: r.charity_credit_code,
    purpose: r.purpose,
    managers: r.managers,
    balanceFen: fenOf(r.balance_fen),
    entries: r.entry_count,
    createdAt: r.created_at.toISOString(),
  };
}

export function fundEntryView(r: FundEntryRow): FundEntryView {
  return {
    id: r.id,
    fundId: r.fund_id,
    seq: r.seq,
    kind: r.kind,
    amountFen: fenOf(r.amount_fen),
    deltaFen: fenOf(r.delta_fen),
    balanceAfterFen: fenOf(r.balance_after_fen),
    day: dayOf(r.day),
    bookedAt: r.booked_at.toISOString(),
    donorName: r.donor_name,
    anonymous: r.anonymous,
    donorPhoneMasked: r.donor_phone_masked,
    channel: r.channel,
    receivedOn: r.received_on === null ? null : dayOf(r.received_on),
    note: r.note,
    spendingId: r.spending_id,
    purpose: r.purpose,
    payee: r.payee,
    reversesEntryId: r.reverses_id,
    reversedByEntryId: r.reversed_by_id,
    reason: r.reason,
    by: r.by_name,
  };
}

export function fundSpendingView(r: FundSpendingRow): FundSpendingView {
  return {
    id: r.id,
    fundId: r.fund_id,
    purpose: r.purpose,
    payee: r.payee,
    amountFen: fenOf(r.amount_fen),
    status: r.status,
    requestedBy: r.requested_by,
    requestedById: r.requested_by_id,
    requestedAt: r.requested_at.toISOString(),
    decidedBy: r.decided_by,
    decidedAt: r.decided_at?.toISOString() ?? null,
    decisionNote: r.decision_note,
    paidBy: r.paid_by,
    paidAt: r.paid_at?.toISOString() ?? null,
    reference: r.reference,
    entryId: r.entry_id,
    version: r.version,
  };
}
