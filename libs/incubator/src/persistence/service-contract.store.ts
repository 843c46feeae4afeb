import { Injectable } from '@nestjs/common';
import { Params, prepared, readPage, updateReturning, withinPath, withinScopes } from '@gz/platform';
import { DataSource, type EntityManager } from 'typeorm';
import type { ServiceItemView } from '@gz/contracts';
import type { DeliverableRow, ServiceContractRow, ServicePaymentRow } from './purchased-services-views';

type Queryable = Pick<EntityManager, 'query'>;

const CONTRACT = `c.*, o.name AS organisation_name, o.org_path AS organisation_org_path`;
const CONTRACT_FROM = `"incubator".service_contract c JOIN "incubator".organisation o ON o.id = c.organisation_id`;

export interface NewContract {
  id: string;
  contract_no: string | null;
  organisation_id: string;
  street_code: string;
  community_path: string;
  buyer_path: string;
  title: string;
  service_items: ServiceItemView[];
  budget_fen: number;
  committed_fen: number;
  deliverable_count: number;
  period_start: string;
  period_end: string;
  created_by: string;
  created_by_id: string;
  created_at: Date;
}

export interface NewDeliverable {
  id: string;
  contract_id: string;
  seq: number;
  title: string;
  description: string | null;
  due_on: string;
  amount_fen: number;
  created_at: Date;
}

export type NewPayment = Omit<ServicePaymentRow, 'amount_fen' | 'paid_on'> & {
  amount_fen: number;
  paid_on: string;
  idempotency_key: string | null;
};

/**
 * Purchased services: contracts, their deliverables and payments. The budget's rules are
 * conditional updates of the running totals, so they hold under concurrent requests.
 */
@Injectable()
export class ServiceContractStore {
  constructor(private readonly dataSource: DataSource) {}

  async insert(m: Queryable, c: NewContract): Promise<void> {
    await m.query(
      `INSERT INTO "incubator".service_contract
        (id, contract_no, organisation_id, street_code, community_path, buyer_path, title, service_items,
         budget_fen, committed_fen, paid_fen, deliverable_count, period_start, period_end, version,
         created_by, created_by_id, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 0, $11, $12, $13, 1, $14, $15, $16, $16)`,
      [
        c.id,
        c.contract_no,
        c.organisation_id,
        c.street_code,
        c.community_path,
        c.buyer_path,
        c.title,
        JSON.stringify(c.service_items),
        c.budget_fen,
        c.committed_fen,
        c.deliverable_count,
        c.period_start,
        c.period_end,
        c.created_by,
        c.created_by_id,
        c.created_at,
      ],
    );
  }

  async insertDeliverables(m: Queryable, rows: readonly NewDeliverable[]): Promise<void> {
    if (rows.length === 0) return;
    await m.query(
      `INSERT INTO "incubator".deliverable
        (id, contract_id, seq, title, description, due_on, amount_fen, status, created_at, updated_at)
       SELECT id, contract_id, seq, title, description, due_on, amount_fen, 'pending', $8, $8
         FROM unnest($1::uuid[], $2::uuid[], $3::int[], $4::text[], $5::text[], $6::date[], $7::bigint[])
           AS d(id, contract_id, seq, title, description, due_on, amount_fen)`,
      [
        rows.map((r) => r.id),
        rows.map((r) => r.contract_id),
        rows.map((r) => r.seq),
        rows.map((r) => r.title),
        rows.map((r) => r.description),
        rows.map((r) => r.due_on),
        rows.map((r) => r.amount_fen),
        rows[0].created_at,
      ],
    );
  }

  async get(m: Queryable, id: string): Promise<ServiceContractRow | undefined> {
    const rows: ServiceContractRow[] = await m.query(
      prepared(`SELECT ${CONTRACT} FROM ${CONTRACT_FROM} WHERE c.id = $1`),
      [id],
    );
    return rows[0];
  }

  /**
   * Adds `amountFen` to what the deliverables commit and `count` to their number, when that stays
   * within the budget and `maxCount` (one statement: concurrent additions cannot pass it together).
   * Answers the number of deliverables before, or undefined when either would be exceeded.
   */
  async commit(
    m: Queryable,
    id: string,
    amountFen: number,
    count: number,
    maxCount: number,
    at: Date,
  ): Promise<number | undefined> {
    const rows = await updateReturning<{ before: number }>(
      m,
      `UPDATE "incubator".service_contract
          SET committed_fen = committed_fen + $2, deliverable_count = deliverable_count + $3,
              version = version + 1, updated_at = $4
        WHERE id = $1 AND committed_fen + $2 <= budget_fen AND deliverable_count + $3 <= $5
        RETURNING deliverable_count - $3 AS before`,
      [id, amountFen, count, at, maxCount],
    );
    return rows[0]?.before;
  }

  /** Contracts the caller sees by place (buyer's or organisation's) or as the organisation's staff, one page. */
  async list(
    where: { scopes: readonly string[]; orgScopes: readonly string[]; within?: string; organisationId?: string },
    page: number,
    pageSize: number,
  ): Promise<{ rows: ServiceContractRow[]; total: number }> {
    const p = new Params();
    const filters = [
      `(${withinScopes('c.buyer_path', where.scopes, p)} OR ${withinScopes('c.community_path', where.scopes, p)} OR ${withinScopes('o.org_path', where.orgScopes, p)})`,
    ];
    if (where.within) filters.push(withinPath('c.community_path', where.within, p));
    if (where.organisationId) filters.push(`c.organisation_id = ${p.add(where.organisationId)}`);
    return readPage<ServiceContractRow>(this.dataSource, {
      columns: CONTRACT,
      from: `FROM ${CONTRACT_FROM} WHERE ${filters.join(' AND ')}`,
      orderBy: 'c.period_start DESC, c.created_at DESC, c.id',
      params: p.values,
      page,
      pageSize,
    });
  }

  async deliverables(m: Queryable, contractId: string): Promise<DeliverableRow[]> {
    return m.query(prepared(`SELECT * FROM "incubator".deliverable WHERE contract_id = $1 ORDER BY seq`), [contractId]);
  }

  async deliverable(m: Queryable, id: string): Promise<DeliverableRow | undefined> {
    const rows: DeliverableRow[] = await m.query(prepared(`SELECT * FROM "incubator".deliverable WHERE id = $1`), [id]);
    return rows[0];
  }

  /** Records the organisation's report when the deliverable is planned or was returned; undefined otherwise. */
  async report(
    m: Queryable,
    id: string,
    r: { summary: string; attachments: string[]; by: string; at: Date },
  ): Promise<DeliverableRow | undefined> {
    const rows = await updateReturning<DeliverableRow>(
      m,
      `UPDATE "incubator".deliverable
          SET status = 'reported', report_summary = $2, attachments = $3, reported_by = $4, reported_at = $5,
              reports = reports + 1, decision_note = NULL, decided_by = NULL, decided_at = NULL, updated_at = $5
        WHERE id = $1 AND status IN ('pending', 'returned') RETURNING *`,
      [id, r.summary, r.attachments, r.by, r.at],
    );
    return rows[0];
  }

  /** Accepts or returns a reported deliverable; undefined when it is not (or no longer) reported. */
  async decide(
    m: Queryable,
    id: string,
    d: { status: 'accepted' | 'returned'; note: string | null; by: string; at: Date },
  ): Promise<DeliverableRow | undefined> {
    const rows = await updateReturning<DeliverableRow>(
      m,
      `UPDATE "incubator".deliverable
          SET status = $2, decision_note = $3, decided_by = $4, decided_at = $5, updated_at = $5
        WHERE id = $1 AND status = 'reported' RETURNING *`,
      [id, d.status, d.note, d.by, d.at],
    );
    return rows[0];
  }

  /** Adds a payment to an accepted deliverable when it stays within its amount; undefined otherwise. */
  async payDeliverable(m: Queryable, id: string, amountFen: number, at: Date): Promise<DeliverableRow | undefined> {
    const rows = await updateReturning<DeliverableRow>(
      m,
      `UPDATE "incubator".deliverable SET paid_fen = paid_fen + $2, updated_at = $3
        WHERE id = $1 AND status = 'accepted' AND paid_fen + $2 <= amount_fen RETURNING *`,
      [id, amountFen, at],
    );
    return rows[0];
  }

  /** Adds a payment to the contract's total when it stays within the budget; the new total, or undefined. */
  async payContract(m: Queryable, id: string, amountFen: number, at: Date): Promise<string | undefined> {
    const rows = await updateReturning<{ paid_fen: string }>(
      m,
      `UPDATE "incubator".service_contract SET paid_fen = paid_fen + $2, updated_at = $3
        WHERE id = $1 AND paid_fen + $2 <= budget_fen RETURNING paid_fen`,
      [id, amountFen, at],
    );
    return rows[0]?.paid_fen;
  }

  async insertPayment(m: Queryable, r: NewPayment): Promise<void> {
    await m.query(
      `INSERT INTO "incubator".service_payment
         (id, contract_id, deliverable_id, amount_fen, paid_on, reference, paid_by, paid_by_id, idempotency_key, at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        r.id,
        r.contract_id,
        r.deliverable_id,
        r.amount_fen,
        r.paid_on,
        r.reference,
        r.paid_by,
        r.paid_by_id,
        r.idempotency_key,
        r.at,
      ],
    );
  }

  /** The payment an earlier request of this caller with this Idempotency-Key made. */
  async paymentByKey(
    m: Queryable,
    deliverableId: string,
    byId: string,
    key: string,
  ): Promise<ServicePaymentRow | undefined> {
    const rows: ServicePaymentRow[] = await m.query(
      `SELECT * FROM "incubator".service_payment WHERE deliverable_id = $1 AND paid_by_id = $2 AND idempotency_key = $3`,
      [deliverableId, byId, key],
    );
    return rows[0];
  }

  async payments(
    contractId: string,
    page: number,
    pageSize: number,
  ): Promise<{ rows: ServicePaymentRow[]; total: number }> {
    return readPage<ServicePaymentRow>(this.dataSource, {
      columns: 'p.*',
      from: `FROM "incubator".service_payment p WHERE p.contract_id = $1`,
      orderBy: 'p.at, p.id',
      params: [contractId],
      page,
      pageSize,
    });
  }
}
