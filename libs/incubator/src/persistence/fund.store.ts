import { Injectable } from '@nestjs/common';
import type { FundKind, FundSpendingStatus } from '@gz/contracts';
import { Params, prepared, readPage, updateReturning, withinPath, withinScopes } from '@gz/platform';
import { DataSource, type EntityManager } from 'typeorm';
import type { FundRow, FundSpendingRow } from './fund-views';

type Queryable = Pick<EntityManager, 'query'>;

const FUND = `f.*, COALESCE((SELECT json_agg(json_build_object('userId', fm.user_id, 'name', fm.name) ORDER BY fm.name, fm.user_id)
  FROM "incubator".fund_manager fm WHERE fm.fund_id = f.id), '[]'::json) AS managers`;

const SPENDING = `s.*, (SELECT e.id FROM "incubator".fund_entry e WHERE e.spending_id = s.id) AS entry_id`;

export type NewFund = Omit<FundRow, 'balance_fen' | 'entry_count' | 'managers' | 'updated_at'>;

export type NewSpending = Pick<
  FundSpendingRow,
  'id' | 'fund_id' | 'purpose' | 'payee' | 'requested_by' | 'requested_by_id' | 'requested_at'
> & { amount_fen: number };

/** Funds, their managers and their spending requests (the ledger itself: FundLedgerStore). */
@Injectable()
export class FundStore {
  constructor(private readonly dataSource: DataSource) {}

  async insert(m: Queryable, f: NewFund, managers: ReadonlyArray<{ userId: string; name: string }>): Promise<void> {
    await m.query(
      `INSERT INTO "incubator".fund (id, kind, name, place_path, street_code, charity, charity_credit_code, purpose,
         created_by, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)`,
      [
        f.id,
        f.kind,
        f.name,
        f.place_path,
        f.street_code,
        f.charity,
        f.charity_credit_code,
        f.purpose,
        f.created_by,
        f.created_at,
      ],
    );
    await m.query(
      `INSERT INTO "incubator".fund_manager (fund_id, user_id, name) SELECT $1, unnest($2::text[]), unnest($3::text[])`,
      [f.id, managers.map((x) => x.userId), managers.map((x) => x.name)],
    );
  }

  async get(m: Queryable, id: string): Promise<FundRow | undefined> {
    const rows: FundRow[] = await m.query(prepared(`SELECT ${FUND} FROM "incubator".fund f WHERE f.id = $1`), [id]);
    return rows[0];
  }

  async balance(m: Queryable, id: string): Promise<string | undefined> {
    const rows: Array<{ balance_fen: string }> = await m.query(
      prepared(`SELECT balance_fen FROM "incubator".fund WHERE id = $1`),
      [id],
    );
    return rows[0]?.balance_fen;
  }

  /**
   * Funds the caller sees, one page: by place for staff (`scopes`), the funds of the places at or
   * above theirs for everyone signed in (`above`: residents read their community's and street's),
   * and the funds they manage.
   */
  async list(
    where: { scopes: readonly string[]; above: readonly string[]; userId?: string; within?: string; kind?: FundKind },
    page: number,
    pageSize: number,
  ): Promise<{ rows: FundRow[]; total: number }> {
    const p = new Params();
    const seen = [withinScopes('f.place_path', where.scopes, p)];
    if (where.above.length > 0) seen.push(`f.place_path = ANY(${p.add(where.above)}::text[])`);
    if (where.userId)
      seen.push(
        `EXISTS (SELECT 1 FROM "incubator".fund_manager fm WHERE fm.fund_id = f.id AND fm.user_id = ${p.add(where.userId)})`,
      );
    const filters = [`(${seen.join(' OR ')})`];
    if (where.within) filters.push(withinPath('f.place_path', where.within, p));
    if (where.kind) filters.push(`f.kind = ${p.add(where.kind)}`);
    return readPage<FundRow>(this.dataSource, {
      columns: FUND,
      from: `FROM "incubator".fund f WHERE ${filters.join(' AND ')}`,
      orderBy: 'f.place_path, f.name, f.id',
      params: p.values,
      page,
      pageSize,
    });
  }

  async insertSpending(m: Queryable, s: NewSpending): Promise<void> {
    await m.query(
      `INSERT INTO "incubator".fund_spending (id, fund_id, purpose, payee, amount_fen, status, requested_by, requested_by_id, requested_at)
       VALUES ($1, $2, $3, $4, $5, 'requested', $6, $7, $8)`,
      [s.id, s.fund_id, s.purpose, s.payee, s.amount_fen, s.requested_by, s.requested_by_id, s.requested_at],
    );
  }

  async spending(m: Queryable, id: string): Promise<FundSpendingRow | undefined> {
    const rows: FundSpendingRow[] = await m.query(
      prepared(`SELECT ${SPENDING} FROM "incubator".fund_spending s WHERE s.id = $1`),
      [id],
    );
    return rows[0];
  }

  async spendingOf(
    fundId: string,
    status: FundSpendingStatus | undefined,
    page: number,
    pageSize: number,
  ): Promise<{ rows: FundSpendingRow[]; total: number }> {
    const p = new Params([fundId]);
    const byStatus = status ? ` AND s.status = ${p.add(status)}` : '';
    return readPage<FundSpendingRow>(this.dataSource, {
      columns: SPENDING,
      from: `FROM "incubator".fund_spending s WHERE s.fund_id = $1${byStatus}`,
      orderBy: 's.requested_at DESC, s.id DESC',
      params: p.values,
      page,
      pageSize,
    });
  }

  /**
   * Approves or rejects a requested spending, when the decider is not its requester (the
   * database checks it too); undefined when it is not (or no longer) requested or the decider asked.
   */
  async decide(
    m: Queryable,
    id: string,
    d: { status: 'approved' | 'rejected'; by: string; byId: string; note: string | null; at: Date },
  ): Promise<FundSpendingRow | undefined> {
    const rows = await updateReturning<FundSpendingRow>(
      m,
      `UPDATE "incubator".fund_spending
          SET status = $2, decided_by = $3, decided_by_id = $4, decision_note = $5, decided_at = $6, version = version + 1
        WHERE id = $1 AND status = 'requested' AND requested_by_id <> $4 RETURNING *, NULL::uuid AS entry_id`,
      [id, d.status, d.by, d.byId, d.note, d.at],
    );
    return rows[0];
  }

  /** Marks an approved spending paid; undefined when it is not approved (or already paid). Locks its row. */
  async markPaid(
    m: Queryable,
    id: string,
    p: { by: string; byId: string; reference: string | null; at: Date },
  ): Promise<FundSpendingRow | undefined> {
    const rows = await updateReturning<FundSpendingRow>(
      m,
      prepared(`UPDATE "incubator".fund_spending
          SET status = 'paid', paid_by = $2, paid_by_id = $3, reference = $4, paid_at = $5, version = version + 1
        WHERE id = $1 AND status = 'approved' RETURNING *, NULL::uuid AS entry_id`),
      [id, p.by, p.byId, p.reference, p.at],
    );
    return rows[0];
  }
}
