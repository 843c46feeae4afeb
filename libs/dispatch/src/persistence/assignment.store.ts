import { Injectable } from '@nestjs/common';
import type { AssignmentStatus } from '@gz/contracts';
import { Params, prepared, readPage, updateReturning, withinScopes } from '@gz/platform';
import { DataSource, type EntityManager } from 'typeorm';
import type { AssignmentRow } from './views';

/** Whose assignments a caller sees: those at the places of its scopes, those of the departments in them, or both. */
export interface AssignmentScope {
  scopes: readonly string[];
  places: boolean;
  departments: boolean;
}

/** A list's conditions besides the scope. */
export interface AssignmentFilter {
  status?: AssignmentStatus;
  department?: string;
  ticketId?: string;
  street?: string;
  /** only work past a deadline at this time */
  overdueAt?: Date;
}

/** Newest dispatched first, or the longest overdue first. */
export type AssignmentOrder = 'newest' | 'most-overdue';

const ORDER: Record<AssignmentOrder, string> = {
  newest: 'x.dispatched_at DESC, x.id DESC',
  'most-overdue': 'least(x.ack_due_at, x.handle_due_at), x.id',
};

export interface QueueRow {
  path: string;
  name: string;
  dispatched: number;
  acknowledged: number;
  overdue: number;
}

/** SQL keeping the assignments (alias `x`) a scope sees. */
function scopeSql(scope: AssignmentScope, p: Params): string {
  const parts: string[] = [];
  if (scope.places) parts.push(withinScopes('x.grid_path', scope.scopes, p));
  if (scope.departments) parts.push(withinScopes('x.department_path', scope.scopes, p));
  return parts.length === 0 ? 'false' : `(${parts.join(' OR ')})`;
}

/** Departments' assignments: one per department and round of a case. */
@Injectable()
export class AssignmentStore {
  constructor(private readonly dataSource: DataSource) {}

  /** Every round's assignments of a case, in the order the case lists them. */
  async ofCase(ticketId: string): Promise<AssignmentRow[]> {
    return this.dataSource.query(
      prepared(`SELECT * FROM "dispatch".assignment WHERE ticket_id = $1 ORDER BY round, role DESC, department_path`),
      [ticketId],
    );
  }

  /** A round's assignments that were not handed back, the lead first. */
  async keptInRound(m: EntityManager, ticketId: string, round: number): Promise<AssignmentRow[]> {
    return m.query(
      `SELECT * FROM "dispatch".assignment WHERE ticket_id = $1 AND round = $2 AND status <> 'handed_back' ORDER BY role DESC, department_path`,
      [ticketId, round],
    );
  }

  /** How many of a round's assignments besides `exceptId` are still pending (dispatched or acknowledged). */
  async pendingInRound(m: EntityManager, ticketId: string, round: number, exceptId: string): Promise<number> {
    const [{ n }]: Array<{ n: number }> = await m.query(
      `SELECT count(*)::int AS n FROM "dispatch".assignment WHERE ticket_id = $1 AND round = $2 AND id <> $3 AND status IN ('dispatched','acknowledged')`,
      [ticketId, round, exceptId],
    );
    return n;
  }

  async lock(m: EntityManager, id: string): Promise<AssignmentRow | undefined> {
    const rows: AssignmentRow[] = await m.query(
      prepared(`SELECT * FROM "dispatch".assignment WHERE id = $1 FOR UPDATE`),
      [id],
    );
    return rows[0];
  }

  async acknowledge(m: EntityManager, id: string, now: Date): Promise<AssignmentRow> {
    const rows = await updateReturning<AssignmentRow>(
      m,
      `UPDATE "dispatch".assignment SET status = 'acknowledged', acknowledged_at = $2, version = version + 1, updated_at = $2 WHERE id = $1 RETURNING *`,
      [id, now],
    );
    return rows[0];
  }

  async handBack(m: EntityManager, id: string, reason: string, now: Date): Promise<AssignmentRow> {
    const rows = await updateReturning<AssignmentRow>(
      m,
      `UPDATE "dispatch".assignment SET status = 'handed_back', hand_back_reason = $2, version = version + 1, updated_at = $3 WHERE id = $1 RETURNING *`,
      [id, reason, now],
    );
    return rows[0];
  }

  async handle(m: EntityManager, id: string, result: string, photos: string[], now: Date): Promise<AssignmentRow> {
    const rows = await updateReturning<AssignmentRow>(
      m,
      `UPDATE "dispatch".assignment SET status = 'handled', handled_at = $2, result = $3, photos = $4, version = version + 1, updated_at = $2
        WHERE id = $1 RETURNING *`,
      [id, now, result, photos],
    );
    return rows[0];
  }

  /** The round is over: what was handled is closed, what was pending is withdrawn. */
  async endRound(m: EntityManager, ticketId: string, now: Date): Promise<void> {
    await m.query(
      `UPDATE "dispatch".assignment SET status = CASE WHEN status = 'handled' THEN 'closed' ELSE 'withdrawn' END, version = version + 1, updated_at = $2
        WHERE ticket_id = $1 AND status IN ('dispatched','acknowledged','handled')`,
      [ticketId, now],
    );
  }

  /** Raises the assignment's escalation level to `level` (never lowers it). */
  async escalate(m: EntityManager, id: string, level: number, now: Date): Promise<void> {
    await m.query(
      `UPDATE "dispatch".assignment SET escalation_level = greatest(escalation_level, $2), version = version + 1, updated_at = $3 WHERE id = $1`,
      [id, level, now],
    );
  }

  /** A page of the assignments a scope sees, and how many match. */
  async page(
    scope: AssignmentScope,
    filter: AssignmentFilter,
    order: AssignmentOrder,
    page: number,
    pageSize: number,
  ): Promise<{ rows: AssignmentRow[]; total: number }> {
    const p = new Params();
    const where = [scopeSql(scope, p)];
    if (filter.overdueAt) {
      const $at = p.add(filter.overdueAt);
      where.push(
        `((x.status = 'dispatched' AND x.ack_due_at <= ${$at}) OR (x.status IN ('dispatched','acknowledged') AND x.handle_due_at <= ${$at}))`,
      );
    }
    if (filter.status) where.push(`x.status = ${p.add(filter.status)}`);
    if (filter.department) where.push(`x.department_path = ${p.add(filter.department)}`);
    if (filter.ticketId) where.push(`x.ticket_id = ${p.add(filter.ticketId)}`);
    if (filter.street) where.push(`x.street_code = ${p.add(filter.street)}`);
    return readPage<AssignmentRow>(this.dataSource, {
      columns: 'x.*',
      from: `FROM "dispatch".assignment x WHERE ${where.join(' AND ')}`,
      orderBy: ORDER[order],
      params: p.values,
      page,
      pageSize,
    });
  }

  /** Per department the scope sees: its pending, acknowledged and overdue (at `now`) work. */
  async queues(scope: AssignmentScope, now: Date): Promise<QueueRow[]> {
    const p = new Params();
    const where = scopeSql(scope, p);
    const $now = p.add(now);
    return this.dataSource.query(
      `SELECT x.department_path AS path, min(x.department_name) AS name,
              count(*) FILTER (WHERE x.status = 'dispatched')::int AS dispatched,
              count(*) FILTER (WHERE x.status = 'acknowledged')::int AS acknowledged,
              count(*) FILTER (WHERE (x.status = 'dispatched' AND x.ack_due_at <= ${$now}) OR x.handle_due_at <= ${$now})::int AS overdue
         FROM "dispatch".assignment x
        WHERE ${where} AND x.status IN ('dispatched','acknowledged')
        GROUP BY x.department_path ORDER BY x.department_path`,
      p.values,
    );
  }
}
