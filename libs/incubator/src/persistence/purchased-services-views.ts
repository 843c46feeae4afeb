import type {
  DeliverableStatus,
  DeliverableView,
  ServiceContractView,
  ServiceItemView,
  ServicePaymentView,
} from '@gz/contracts';

/**
 * A `bigint` column as PostgreSQL's driver answers it (text) turned into a number: amounts in fen
 * stay far below 2^53, and one that does not is a fault, never a rounded figure.
 */
export function fenOf(value: string | number): number {
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isSafeInteger(n)) throw new Error(`an amount of ${String(value)} fen is not a safe integer`);
  return n;
}

/** A `date` column: node-postgres answers it as text when the type parser is told so, else a Date at local midnight. */
export function dayOf(value: string | Date): string {
  if (typeof value === 'string') return value.slice(0, 10);
  const y = value.getFullYear();
  const m = String(value.getMonth() + 1).padStart(2, '0');
  const d = String(value.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}

/** A row of "incubator".service_contract with its organisation's name. */
export interface ServiceContractRow {
  id: string;
  contract_no: string | null;
  organisation_id: string;
  organisation_name: string;
  /** the organisation's unit in the org tree (its staff act for it) */
  organisation_org_path: string | null;
  street_code: string;
  community_path: string;
  buyer_path: string;
  title: string;
  service_items: ServiceItemView[];
  budget_fen: string;
  committed_fen: string;
  paid_fen: string;
  deliverable_count: number;
  period_start: string | Date;
  period_end: string | Date;
  version: number;
  created_by: string;
  created_by_id: string;
  created_at: Date;
  updated_at: Date;
}

/** A row of "incubator".deliverable. */
export interface DeliverableRow {
  id: string;
  contract_id: string;
  seq: number;
  title: string;
  description: string | null;
  due_on: string | Date;
  amount_fen: string;
  paid_fen: string;
  status: DeliverableStatus;
  report_summary: string | null;
  attachments: string[];
  reported_by: string | null;
  reported_at: Date | null;
  reports: number;
  decision_note: string | null;
  decided_by: string | null;
  decided_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

/** A row of "incubator".service_payment. */
export interface ServicePaymentRow {
  id: string;
  contract_id: string;
  deliverable_id: string;
  amount_fen: string;
  paid_on: string | Date;
  reference: string | null;
  paid_by: string;
  paid_by_id: string;
  at: Date;
}

export function serviceContractView(r: ServiceContractRow): ServiceContractView {
  return {
    id: r.id,
    contractNo: r.contract_no,
    organisationId: r.organisation_id,
    organisationName: r.organisation_name,
    street: r.street_code,
    communityPath: r.community_path,
    buyerPath: r.buyer_path,
    title: r.title,
    serviceItems: r.service_items,
    budgetFen: fenOf(r.budget_fen),
    committedFen: fenOf(r.committed_fen),
    paidFen: fenOf(r.paid_fen),
    periodStart: dayOf(r.period_start),
    periodEnd: dayOf(r.period_end),
    createdBy: r.created_by,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

export function deliverableView(r: DeliverableRow): DeliverableView {
  return {
    id: r.id,
    contractId: r.contract_id,
    seq: r.seq,
    title: r.title,
    description: r.description,
    dueOn: dayOf(r.due_on),
    amountFen: fenOf(r.amount_fen),
    paidFen: fenOf(r.paid_fen),
    status: r.status,
    reportSummary: r.report_summary,
    attachments: r.attachments,
    reportedBy: r.reported_by,
    reportedAt: r.reported_at?.toISOString() ?? null,
    reports: r.reports,
    decisionNote: r.decision_note,
    decidedBy: r.decided_by,
    decidedAt: r.decided_at?.toISOString() ?? null,
  };
}

export function servicePaymentView(r: ServicePaymentRow): ServicePaymentView {
  return {
    id: r.id,
    contractId: r.contract_id,
    deliverableId: r.deliverable_id,
    amountFen: fenOf(r.amount_fen),
    paidOn: dayOf(r.paid_on),
    reference: r.reference,
    paidBy: r.paid_by,
    at: r.at.toISOString(),
  };
}
