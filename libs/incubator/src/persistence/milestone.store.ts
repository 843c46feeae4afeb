import { Injectable } from '@nestjs/common';
import type { MilestoneStatus } from '@gz/contracts';
import { readPage, updateReturning } from '@gz/platform';
import { DataSource, type EntityManager } from 'typeorm';
import type { MilestoneRow } from './round-views';

type Queryable = Pick<EntityManager, 'query'>;

/** The columns of a milestone as read (the day as text: pg would make a local-midnight Date of it). */
const COLUMNS = `m.id, m.application_id, m.round_id, m.position, m.title, m.due_on::text AS due_on, m.share_bp, m.amount_fen,
  m.status, m.report, m.reported_by, m.reported_at, m.decision_note, m.decided_by, m.decided_at, m.voucher,
  m.disbursed_by, m.disbursed_at, m.version`;
const RETURNING = `RETURNING ${COLUMNS.replace(/\bm\./g, '')}`;

/** The milestones of funded projects: report, acceptance, disbursement. */
@Injectable()
export class MilestoneStore {
  constructor(private readonly dataSource: DataSource) {}

  async insertAll(
    m: Queryable,
    rows: Array<
      Pick<MilestoneRow, 'id' | 'application_id' | 'round_id' | 'position' | 'title' | 'due_on' | 'share_bp'> & {
        amount_fen: number;
      }
    >,
  ): Promise<MilestoneRow[]> {
    return m.query(
      `INSERT INTO "incubator".milestone (id, application_id, round_id, position, title, due_on, share_bp, amount_fen, status)
       SELECT id, $2, $3, position, title, due_on, share_bp, amount_fen, 'planned'
         FROM unnest($1::uuid[], $4::int[], $5::text[], $6::date[], $7::int[], $8::bigint[])
              AS t(id, position, title, due_on, share_bp, amount_fen)
       ${RETURNING}`,
      [
        rows.map((r) => r.id),
        rows[0].application_id,
        rows[0].round_id,
        rows.map((r) => r.position),
        rows.map((r) => r.title),
        rows.map((r) => r.due_on),
        rows.map((r) => r.share_bp),
        rows.map((r) => r.amount_fen),
      ],
    ) as Promise<MilestoneRow[]>;
  }

  async list(applicationId: string, page: number, pageSize: number): Promise<{ rows: MilestoneRow[]; total: number }> {
    return readPage<MilestoneRow>(this.dataSource, {
      columns: COLUMNS,
      from: `FROM "incubator".milestone m WHERE m.application_id = $1`,
      orderBy: 'm.position',
      params: [applicationId],
      page,
      pageSize,
    });
  }

  /** Locks one milestone of the application (under the application's own lock). */
  async lock(m: Queryable, applicationId: string, id: string): Promise<MilestoneRow | undefined> {
    const rows: MilestoneRow[] = await m.query(
      `SELECT ${COLUMNS} FROM "incubator".milestone m WHERE m.id = $1 AND m.application_id = $2 FOR UPDATE`,
      [id, applicationId],
    );
    return rows[0];
  }

  /** The earlier milestones of the application not yet paid (they are paid in order). */
  async unpaidBefore(m: Queryable, applicationId: string, position: number): Promise<number[]> {
    const rows: { position: number }[] = await m.query(
      `SELECT position FROM "incubator".milestone WHERE application_id = $1 AND position < $2 AND status <> 'disbursed'
        ORDER BY position`,
      [applicationId, position],
    );
    return rows.map((r) => r.position);
  }

  /** The positions of the application's milestones not yet paid. */
  async unpaid(m: Queryable, applicationId: string): Promise<number[]> {
    return this.unpaidBefore(m, applicationId, 2 ** 31 - 1);
  }

  async report(m: Queryable, id: string, report: string, by: string, at: Date): Promise<MilestoneRow> {
    const rows = await updateReturning<MilestoneRow>(
      m,
      `UPDATE "incubator".milestone SET status = 'reported', report = $2, reported_by = $3, reported_at = $4,
          version = version + 1 WHERE id = $1 ${RETURNING}`,
      [id, report, by, at],
    );
    return rows[0];
  }

  async decide(
    m: Queryable,
    id: string,
    status: Extract<MilestoneStatus, 'accepted' | 'returned'>,
    note: string | null,
    by: string,
    at: Date,
  ): Promise<MilestoneRow> {
    const rows = await updateReturning<MilestoneRow>(
      m,
      `UPDATE "incubator".milestone SET status = $2, decision_note = $3, decided_by = $4, decided_at = $5,
          version = version + 1 WHERE id = $1 ${RETURNING}`,
      [id, status, note, by, at],
    );
    return rows[0];
  }

  async disburse(m: Queryable, id: string, voucher: string | null, by: string, at: Date): Promise<MilestoneRow> {
    const rows = await updateReturning<MilestoneRow>(
      m,
      `UPDATE "incubator".milestone SET status = 'disbursed', voucher = $2, disbursed_by = $3, disbursed_at = $4,
          version = version + 1 WHERE id = $1 AND status = 'accepted' ${RETURNING}`,
      [id, voucher, by, at],
    );
    return rows[0];
  }
}
