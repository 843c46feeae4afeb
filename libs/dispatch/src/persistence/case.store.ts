import { Injectable } from '@nestjs/common';
import type { DispatchEvents, Proposal, TicketOpenedData } from '@gz/contracts';
import { newId, Outbox, Params, prepared, updateReturning, type InboxRecord, type NewEventOf } from '@gz/platform';
import { DataSource, type EntityManager } from 'typeorm';
import type { AssignmentRow, CaseRow } from './views';

/** What confirming a dispatch writes: this round, its deadlines and the event naming its assignments. */
export interface Confirmation {
  now: Date;
  round: number;
  ackDueAt: Date;
  handleDueAt: Date;
  event: NewEventOf<typeof DispatchEvents.confirmed>;
}

/** Dispatch cases (one per ticket): their proposal, round and status; confirming writes the round's assignments too. */
@Injectable()
export class CaseStore {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
  ) {}

  /** The case as it is now, unlocked. */
  async read(ticketId: string): Promise<CaseRow | undefined> {
    const rows: CaseRow[] = await this.dataSource.query(
      prepared(`SELECT * FROM "dispatch".dispatch_case WHERE ticket_id = $1`),
      [ticketId],
    );
    return rows[0];
  }

  async lock(m: EntityManager, ticketId: string): Promise<CaseRow | undefined> {
    const rows: CaseRow[] = await m.query(
      prepared(`SELECT * FROM "dispatch".dispatch_case WHERE ticket_id = $1 FOR UPDATE`),
      [ticketId],
    );
    return rows[0];
  }

  /**
   * A new case with its proposal and the proposal's event, in one statement, written only if the
   * ticket has no case yet; with `inbox`, the event's inbox record too. False when it had one.
   */
  async create(
    m: EntityManager,
    d: TicketOpenedData,
    proposal: Proposal | null,
    event: NewEventOf<typeof DispatchEvents.proposed>,
    now: Date,
    inbox?: InboxRecord,
  ): Promise<boolean> {
    const p = new Params();
    const values = [
      p.add(d.ticketId),
      p.add(d.street),
      p.add(d.gridPath),
      p.add(d.categoryCode),
      p.add(d.categoryName),
      p.add(d.severity),
      p.add(d.ackMinutes),
      p.add(d.handleMinutes),
    ];
    const $now = p.add(now);
    const $proposal = p.add(proposal ? JSON.stringify(proposal) : null);
    const created = 'EXISTS (SELECT 1 FROM c)';
    const out = this.outbox.insert([event], p.values.length, created);
    out.params.forEach(p.add);
    const record = inbox?.insert(p.values.length, created);
    record?.params.forEach(p.add);
    const rows: unknown[] = await m.query(
      prepared(`WITH c AS (
         INSERT INTO "dispatch".dispatch_case (ticket_id, street_code, grid_path, category_code, category_name, severity, ack_minutes, handle_minutes,
           status, proposal, created_at, updated_at)
         VALUES (${values.join(',')},'proposed',${$proposal},${$now},${$now}) ON CONFLICT (ticket_id) DO NOTHING RETURNING ticket_id),
       o AS (${out.sql})${record ? `, i AS (${record.sql})` : ''}
       SELECT ticket_id FROM c`),
      p.values,
    );
    if (rows.length === 0) return false;
    this.outbox.written(m, out.rows);
    return true;
  }

  /** The case back to `proposed`, with a new proposal (null: none). */
  async propose(m: EntityManager, ticketId: string, proposal: Proposal | null, now: Date): Promise<CaseRow> {
    const rows = await updateReturning<CaseRow>(
      m,
      `UPDATE "dispatch".dispatch_case SET status = 'proposed', proposal = $2, version = version + 1, updated_at = $3 WHERE ticket_id = $1 RETURNING *`,
      [ticketId, proposal ? JSON.stringify(proposal) : null, now],
    );
    return rows[0];
  }

  async close(m: EntityManager, ticketId: string, now: Date): Promise<void> {
    await m.query(
      `UPDATE "dispatch".dispatch_case SET status = 'closed', version = version + 1, updated_at = $2 WHERE ticket_id = $1`,
      [ticketId, now],
    );
  }

  /** A department handed the ticket back as not its own: later proposals leave it out. */
  async exclude(m: EntityManager, ticketId: string, departmentPath: string, now: Date): Promise<void> {
    await m.query(
      `UPDATE "dispatch".dispatch_case SET excluded = array_append(excluded, $2), version = version + 1, updated_at = $3 WHERE ticket_id = $1`,
      [ticketId, departmentPath, now],
    );
  }

  /**
   * The assignments, their deadline timers, the case and the event: one statement, written only
   * while the case is at `c.version`. It answers every round's assignments (this round's as
   * inserted: the statement's snapshot does not hold them); undefined when the case had moved.
   */
  async dispatch(m: EntityManager, c: CaseRow, plan: Confirmation): Promise<AssignmentRow[] | undefined> {
    const { now, round, ackDueAt, handleDueAt, event } = plan;
    const created = event.data.assignments;
    const p = new Params([c.ticket_id, round, now, ackDueAt, handleDueAt, c.version]);
    const $ = p.add;
    const assignmentRows = created.map(
      (x) =>
        `(${$(x.assignmentId)}::uuid, $1::uuid, $2::int, ${$(c.street_code)}::text, ${$(c.grid_path)}::text, ${$(c.category_code)}::text,
          ${$(c.category_name)}::text, ${$(x.department.path)}::text, ${$(x.department.name)}::text, ${$(x.role)}::text, 'dispatched',
          $3::timestamptz, $4::timestamptz, $5::timestamptz, $3::timestamptz)`,
    );
    const timerRows = created.flatMap((x) => [
      `(${$(newId())}::uuid, ${$(x.assignmentId)}::uuid, $1::uuid, 'ack', 1, $4::timestamptz)`,
      `(${$(newId())}::uuid, ${$(x.assignmentId)}::uuid, $1::uuid, 'handle', 1, $5::timestamptz)`,
    ]);
    const written = 'EXISTS (SELECT 1 FROM u)';
    const out = this.outbox.insert([event], p.values.length, written);
    out.params.forEach($);
    const assignments: AssignmentRow[] = await m.query(
      prepared(`WITH u AS (
         UPDATE "dispatch".dispatch_case SET status = 'dispatched', round = $2, version = version + 1, updated_at = $3
          WHERE ticket_id = $1 AND version = $6 RETURNING ticket_id),
       a AS (
         INSERT INTO "dispatch".assignment (id, ticket_id, round, street_code, grid_path, category_code, category_name, department_path, department_name,
           role, status, dispatched_at, ack_due_at, handle_due_at, updated_at)
         SELECT * FROM (VALUES ${assignmentRows.join(', ')}) v WHERE ${written} RETURNING *),
       t AS (INSERT INTO "dispatch".timer (id, assignment_id, ticket_id, kind, level, due_at)
         SELECT * FROM (VALUES ${timerRows.join(', ')}) v WHERE ${written}),
       o AS (${out.sql})
       SELECT * FROM (SELECT * FROM a UNION ALL SELECT * FROM "dispatch".assignment WHERE ticket_id = $1) x
        ORDER BY round, role DESC, department_path`),
      p.values,
    );
    if (!assignments.some((row) => row.id === created[0].assignmentId)) return undefined;
    this.outbox.written(m, out.rows);
    return assignments;
  }
}
