import { Injectable } from '@nestjs/common';
import {
  DispatchEvents,
  type AcknowledgeCommand,
  type Actor,
  type AssignmentEscalatedData,
  type AssignmentListQuery,
  type AssignmentView,
  type ConfirmDispatchCommand,
  type DepartmentQueue,
  type DepartmentRef,
  type DispatchCaseView,
  type DispatchConfirmedData,
  type DispatchProposedData,
  type EventPerson,
  type HandBackCommand,
  type OverdueQuery,
  type Page,
  type ResultCommand,
  type TicketOpenedData,
} from '@gz/contracts';
import { conflict, DomainError, hasRole, newId, notFound, Outbox, prepared, readPage, requireActor, unprocessable, type InboxRecord, type NewEvent } from '@gz/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock } from './clock';
import { actsForDepartment, canReadPlace, checkCommand, checkDepartment, PLACE_READ_ROLES } from './domain/access';
import { deadlines } from './domain/escalation';
import { propose } from './domain/matching';
import { ResponsibilityService } from './responsibility.service';
import { updateReturning } from './sql';
import { assignmentView, caseView, departmentOf, type AssignmentRow, type CaseRow } from './views';

export function personOf(actor: Actor): EventPerson {
  return { id: actor.id, kind: actor.kind, ...(actor.username ? { name: actor.username } : {}) };
}

const ACTIVE = ['dispatched', 'acknowledged'];

/** What confirming a dispatch writes: this round, its deadlines and the event. */
interface Confirmation {
  now: Date;
  round: number;
  ackDueAt: Date;
  handleDueAt: Date;
  data: DispatchConfirmedData;
}

/** Dispatch cases: proposals from the responsibility lists, the command centre's dispatch, the departments' work. */
@Injectable()
export class DispatchService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    private readonly lists: ResponsibilityService,
  ) {}

  // ---- reactions to tickets -------------------------------------------------------------

  /**
   * `ticket.opened`, the hot path: the new case with its proposal, the proposal's event and the
   * inbox record in one statement. A ticket whose case exists already (the event was handled
   * before, or the case came another way) goes the usual way, which the inbox keeps to once.
   */
  async openCase(d: TicketOpenedData, inbox: InboxRecord): Promise<boolean> {
    const opened = await this.newCase(this.dataSource.manager, d, inbox);
    if (!opened) return inbox.inTransaction((_, m) => this.onOpened(m, d, false));
    return true;
  }

  /**
   * A new case with its proposal and the proposal's event, in one statement, written only if the
   * ticket has no case yet; with `inbox`, the event's inbox record too. False when it had one.
   */
  private async newCase(m: EntityManager, d: TicketOpenedData, inbox?: InboxRecord): Promise<boolean> {
    const now = this.clock.now();
    const { version, rules } = await this.lists.current(m, d.street);
    const proposal = propose(rules, { categoryCode: d.categoryCode, gridPath: d.gridPath }, version, []);
    const params: unknown[] = [
      d.ticketId,
      d.street,
      d.gridPath,
      d.categoryCode,
      d.categoryName,
      d.severity,
      d.ackMinutes,
      d.handleMinutes,
      now,
      proposal ? JSON.stringify(proposal) : null,
    ];
    const created = 'EXISTS (SELECT 1 FROM c)';
    const out = this.outbox.insert(
      [this.proposalEvent({ ticket_id: d.ticketId, street_code: d.street, grid_path: d.gridPath, round: 0, proposal }, now)],
      params.length,
      created,
    );
    params.push(...out.params);
    const record = inbox?.insert(params.length, created);
    if (record) params.push(...record.params);
    const rows: unknown[] = await m.query(
      prepared(`WITH c AS (
         INSERT INTO "dispatch".dispatch_case (ticket_id, street_code, grid_path, category_code, category_name, severity, ack_minutes, handle_minutes,
           status, proposal, created_at, updated_at)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,'proposed',$10,$9,$9) ON CONFLICT (ticket_id) DO NOTHING RETURNING ticket_id),
       o AS (${out.sql})${record ? `, i AS (${record.sql})` : ''}
       SELECT ticket_id FROM c`),
      params,
    );
    if (rows.length === 0) return false;
    this.outbox.written(m, out.rows);
    return true;
  }

  /** `ticket.opened` / `ticket.reopened`: (re)open the case and propose departments. */
  async onOpened(m: EntityManager, d: TicketOpenedData, reopened: boolean): Promise<void> {
    const now = this.clock.now();
    const existing: CaseRow[] = await m.query(
      prepared(`SELECT * FROM "dispatch".dispatch_case WHERE ticket_id = $1 FOR UPDATE`),
      [d.ticketId],
    );
    if (existing.length === 0) {
      await this.newCase(m, d);
      return;
    }
    const c = existing[0];
    // The previous round is over: what was handled is closed, what was pending is withdrawn.
    await this.endRound(m, c.ticket_id, now);
    let proposal = null;
    if (reopened && c.round > 0) {
      const last: AssignmentRow[] = await m.query(
        `SELECT * FROM "dispatch".assignment WHERE ticket_id = $1 AND round = $2 AND status <> 'handed_back' ORDER BY role DESC, department_path`,
        [c.ticket_id, c.round],
      );
      const lead = last.find((a) => a.role === 'lead') ?? last[0];
      if (lead)
        proposal = {
          lead: departmentOf(lead),
          co: last.filter((a) => a !== lead).map(departmentOf),
          listVersion: null,
          basis: '复核未通过，建议原部门重新处置',
        };
    }
    if (!proposal) {
      const { version, rules } = await this.lists.current(m, d.street);
      proposal = propose(rules, { categoryCode: d.categoryCode, gridPath: d.gridPath }, version, c.excluded);
    }
    const rows: CaseRow[] = await updateReturning<CaseRow>(
      m,
      `UPDATE "dispatch".dispatch_case SET status = 'proposed', proposal = $2, version = version + 1, updated_at = $3 WHERE ticket_id = $1 RETURNING *`,
      [c.ticket_id, proposal ? JSON.stringify(proposal) : null, now],
    );
    await this.outbox.add(m, this.proposalEvent(rows[0], now));
  }

  private proposalEvent(
    c: Pick<CaseRow, 'ticket_id' | 'street_code' | 'grid_path' | 'round' | 'proposal'>,
    now: Date,
  ): NewEvent<DispatchProposedData> {
    const data: DispatchProposedData = {
      ticketId: c.ticket_id,
      street: c.street_code,
      gridPath: c.grid_path,
      at: now.toISOString(),
      round: c.round + 1,
      proposal: c.proposal,
    };
    return {
      type: DispatchEvents.proposed,
      street: c.street_code,
      actor: { kind: 'system', id: 'dispatch' },
      data,
      occurredAt: now,
    };
  }

  /** The ticket is finished (closed, merged, handled in the grid): nothing more to dispatch. */
  async onFinished(m: EntityManager, ticketId: string): Promise<void> {
    const now = this.clock.now();
    await m.query(
      `UPDATE "dispatch".dispatch_case SET status = 'closed', version = version + 1, updated_at = $2 WHERE ticket_id = $1`,
      [ticketId, now],
    );
    await this.endRound(m, ticketId, now);
  }

  private async endRound(m: EntityManager, ticketId: string, now: Date): Promise<void> {
    await m.query(
      `UPDATE "dispatch".assignment SET status = CASE WHEN status = 'handled' THEN 'closed' ELSE 'withdrawn' END, version = version + 1, updated_at = $2
        WHERE ticket_id = $1 AND status IN ('dispatched','acknowledged','handled')`,
      [ticketId, now],
    );
    await m.query(
      `UPDATE "dispatch".timer SET cancelled_at = $2 WHERE ticket_id = $1 AND fired_at IS NULL AND cancelled_at IS NULL`,
      [ticketId, now],
    );
  }

  // ---- the command centre ---------------------------------------------------------------

  async getCase(ticketId: string, actor: Actor | undefined): Promise<DispatchCaseView> {
    const a = requireActor(actor);
    const cases: CaseRow[] = await this.dataSource.query(
      `SELECT * FROM "dispatch".dispatch_case WHERE ticket_id = $1`,
      [ticketId],
    );
    if (cases.length === 0) throw notFound('Dispatch case', { ticketId });
    const assignments: AssignmentRow[] = await this.dataSource.query(
      prepared(`SELECT * FROM "dispatch".assignment WHERE ticket_id = $1 ORDER BY round, role DESC, department_path`),
      [ticketId],
    );
    const c = cases[0];
    const mine = assignments.filter((x) => actsForDepartment(a, x.department_path, 'tickets:read'));
    if (canReadPlace(a, c.grid_path)) return caseView(c, assignments, this.clock.now());
    if (mine.length > 0) return caseView({ ...c, proposal: null }, mine, this.clock.now());
    throw notFound('Dispatch case', { ticketId });
  }

  /**
   * 指挥派遣: the command centre confirms the proposal, or overrides it (another lead,
   * co-departments). Usually nothing moves the case between reading and writing it: one unlocked
   * read, and one statement that writes only while the case is at the version read. Otherwise, or
   * when the read gives a reason to refuse, a transaction decides on the locked case (and gives
   * the refusal).
   */
  async confirm(cmd: ConfirmDispatchCommand, actor: Actor | undefined): Promise<DispatchCaseView> {
    const a = requireActor(actor);
    const read: CaseRow[] = await this.dataSource.query(prepared(`SELECT * FROM "dispatch".dispatch_case WHERE ticket_id = $1`), [
      cmd.ticketId,
    ]);
    if (read.length > 0) {
      // a refusal read from an unlocked row is left for the transaction to give
      const plan = await this.confirmation(this.dataSource.manager, read[0], cmd, a).catch((error: unknown) => {
        if (error instanceof DomainError) return undefined;
        throw error;
      });
      const view = plan && (await this.writeConfirmation(this.dataSource.manager, read[0], plan));
      if (view) return view;
    }
    return this.dataSource.transaction(async (m) => {
      const cases: CaseRow[] = await m.query(prepared(`SELECT * FROM "dispatch".dispatch_case WHERE ticket_id = $1 FOR UPDATE`), [
        cmd.ticketId,
      ]);
      if (cases.length === 0) throw notFound('Dispatch case (the ticket is not opened)', { ticketId: cmd.ticketId });
      const view = await this.writeConfirmation(m, cases[0], await this.confirmation(m, cases[0], cmd, a));
      if (!view) throw new Error(`dispatch case ${cmd.ticketId} moved while locked`);
      return view;
    });
  }

  /** What confirming writes: the departments, their deadlines and the event (or why it is refused). */
  private async confirmation(
    m: EntityManager,
    c: CaseRow,
    cmd: ConfirmDispatchCommand,
    a: Actor,
  ): Promise<Confirmation> {
    checkCommand(a, c.grid_path);
    if (cmd.version !== undefined && cmd.version !== c.version)
      throw conflict('The dispatch case was changed since you read it', {
        currentVersion: c.version,
        status: c.status,
      });
    if (c.status !== 'proposed')
      throw conflict(`The ticket is ${c.status === 'dispatched' ? 'dispatched already' : 'closed'}`, {
        status: c.status,
        state: c.status,
      });
    const overridden = cmd.lead !== undefined || cmd.co !== undefined;
    // Confirming the proposal names only its departments: the list is read for an override.
    const known = overridden ? await this.knownDepartments(m, c) : proposedDepartments(c);
    const leadPath = cmd.lead ?? c.proposal?.lead.path;
    if (!leadPath)
      throw unprocessable('No department is proposed for this ticket: name the lead department', { field: 'lead' });
    const coPaths = cmd.co ?? (cmd.lead === undefined ? (c.proposal?.co ?? []).map((x) => x.path) : []);
    if (coPaths.includes(leadPath)) throw unprocessable('The lead department cannot be a co-department too', { field: 'co' });
    const resolve = (path: string, field: string): DepartmentRef => {
      const dep = known.get(path);
      if (!dep) throw unprocessable(`${path} is not a department of the responsibility list`, { field, path });
      return dep;
    };
    const departments = [
      { dep: resolve(leadPath, 'lead'), role: 'lead' as const },
      ...coPaths.map((p) => ({ dep: resolve(p, 'co'), role: 'co' as const })),
    ];
    const now = this.clock.now();
    const round = c.round + 1;
    const { ackDueAt, handleDueAt } = deadlines(now, c.ack_minutes, c.handle_minutes);
    const data: DispatchConfirmedData = {
      ticketId: c.ticket_id,
      street: c.street_code,
      gridPath: c.grid_path,
      at: now.toISOString(),
      round,
      assignments: departments.map(({ dep, role }) => ({
        assignmentId: newId(),
        department: dep,
        role,
        ackDueAt: ackDueAt.toISOString(),
        handleDueAt: handleDueAt.toISOString(),
      })),
      overridden,
      by: personOf(a),
      ...(cmd.note ? { note: cmd.note } : {}),
    };
    return { now, round, ackDueAt, handleDueAt, data };
  }

  /**
   * The assignments, their deadline timers, the case and the event: one statement, written only
   * while the case is at `c.version`. It answers every round's assignments (this round's as
   * inserted: the statement's snapshot does not hold them); undefined when the case had moved.
   */
  private async writeConfirmation(
    m: EntityManager,
    c: CaseRow,
    plan: Confirmation,
  ): Promise<DispatchCaseView | undefined> {
    const { now, round, ackDueAt, handleDueAt, data } = plan;
    const created = data.assignments;
    const params: unknown[] = [c.ticket_id, round, now, ackDueAt, handleDueAt, c.version];
    const $ = (v: unknown) => `$${params.push(v)}`;
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
    const out = this.outbox.insert(
      [{ type: DispatchEvents.confirmed, street: c.street_code, actor: data.by, data, occurredAt: now }],
      params.length,
      written,
    );
    params.push(...out.params);
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
      params,
    );
    if (!assignments.some((row) => row.id === created[0].assignmentId)) return undefined;
    this.outbox.written(m, out.rows);
    const updated: CaseRow = { ...c, status: 'dispatched', round, version: c.version + 1, updated_at: now };
    return caseView(updated, assignments, now);
  }

  /** The departments the street's responsibility list names (and the current proposal's). */
  private async knownDepartments(m: EntityManager, c: CaseRow): Promise<Map<string, DepartmentRef>> {
    const { rules } = await this.lists.current(m, c.street_code);
    const listed = rules.flatMap((r) => [r.lead, ...r.co]).map((d) => [d.path, d] as const);
    return new Map([...listed, ...proposedDepartments(c)]);
  }

  // ---- the departments ------------------------------------------------------------------

  private async lockAssignment(
    m: EntityManager,
    id: string,
    actor: Actor | undefined,
    version?: number,
  ): Promise<{ a: Actor; row: AssignmentRow }> {
    const rows: AssignmentRow[] = await m.query(prepared(`SELECT * FROM "dispatch".assignment WHERE id = $1 FOR UPDATE`), [id]);
    const row = rows[0];
    const who = requireActor(actor);
    if (!row || !(actsForDepartment(who, row.department_path, 'tickets:read') || canReadPlace(who, row.grid_path)))
      throw notFound('Assignment', { id });
    const a = checkDepartment(who, row.department_path);
    if (version !== undefined && version !== row.version)
      throw conflict('The assignment was changed since you read it', {
        currentVersion: row.version,
        status: row.status,
      });
    return { a, row };
  }

  private base(row: AssignmentRow, a: Actor, now: Date, note?: string) {
    return {
      ticketId: row.ticket_id,
      street: row.street_code,
      gridPath: row.grid_path,
      at: now.toISOString(),
      assignmentId: row.id,
      department: departmentOf(row),
      role: row.role,
      by: personOf(a),
      ...(note ? { note } : {}),
    };
  }

  /** 签收. */
  async acknowledge(cmd: AcknowledgeCommand, actor: Actor | undefined): Promise<AssignmentView> {
    return this.dataSource.transaction(async (m) => {
      const { a, row } = await this.lockAssignment(m, cmd.id, actor, cmd.version);
      if (row.status !== 'dispatched')
        throw conflict(`The assignment is ${row.status}`, { status: row.status, state: row.status });
      const now = this.clock.now();
      const rows: AssignmentRow[] = await updateReturning<AssignmentRow>(
        m,
        `UPDATE "dispatch".assignment SET status = 'acknowledged', acknowledged_at = $2, version = version + 1, updated_at = $2 WHERE id = $1 RETURNING *`,
        [row.id, now],
      );
      await m.query(
        `UPDATE "dispatch".timer SET cancelled_at = $2 WHERE assignment_id = $1 AND kind = 'ack' AND fired_at IS NULL AND cancelled_at IS NULL`,
        [row.id, now],
      );
      await this.outbox.add(m, {
        type: DispatchEvents.acknowledged,
        street: row.street_code,
        actor: a,
        data: this.base(row, a, now, cmd.note),
      });
      return assignmentView(rows[0], now);
    });
  }

  /** "Not ours": the department hands the work back with a reason; the lead's hand-back sends the ticket back for dispatch. */
  async handBack(cmd: HandBackCommand, actor: Actor | undefined): Promise<AssignmentView> {
    return this.dataSource.transaction(async (m) => {
      const { a, row } = await this.lockAssignment(m, cmd.id, actor, cmd.version);
      if (!ACTIVE.includes(row.status))
        throw conflict(`The assignment is ${row.status}`, { status: row.status, state: row.status });
      const now = this.clock.now();
      const cases: CaseRow[] = await m.query(prepared(`SELECT * FROM "dispatch".dispatch_case WHERE ticket_id = $1 FOR UPDATE`), [
        row.ticket_id,
      ]);
      const rows: AssignmentRow[] = await updateReturning<AssignmentRow>(
        m,
        `UPDATE "dispatch".assignment SET status = 'handed_back', hand_back_reason = $2, version = version + 1, updated_at = $3 WHERE id = $1 RETURNING *`,
        [row.id, cmd.reason, now],
      );
      await m.query(
        `UPDATE "dispatch".timer SET cancelled_at = $2 WHERE assignment_id = $1 AND fired_at IS NULL AND cancelled_at IS NULL`,
        [row.id, now],
      );
      const others: AssignmentRow[] = await m.query(
        `SELECT * FROM "dispatch".assignment WHERE ticket_id = $1 AND round = $2 AND id <> $3 AND status IN ('dispatched','acknowledged')`,
        [row.ticket_id, row.round, row.id],
      );
      const redispatch = row.role === 'lead' || others.length === 0;
      await this.outbox.add(m, {
        type: DispatchEvents.handedBack,
        street: row.street_code,
        actor: a,
        data: { ...this.base(row, a, now, cmd.note), reason: cmd.reason, redispatch },
      });
      const c = cases[0];
      await m.query(
        `UPDATE "dispatch".dispatch_case SET excluded = array_append(excluded, $2), version = version + 1, updated_at = $3 WHERE ticket_id = $1`,
        [c.ticket_id, row.department_path, now],
      );
      if (redispatch) {
        await this.endRound(m, row.ticket_id, now);
        const excluded = [...c.excluded, row.department_path];
        const { version, rules } = await this.lists.current(m, c.street_code);
        const proposal = propose(rules, { categoryCode: c.category_code, gridPath: c.grid_path }, version, excluded);
        const updated: CaseRow[] = await updateReturning<CaseRow>(
          m,
          `UPDATE "dispatch".dispatch_case SET status = 'proposed', proposal = $2, version = version + 1, updated_at = $3 WHERE ticket_id = $1 RETURNING *`,
          [c.ticket_id, proposal ? JSON.stringify(proposal) : null, now],
        );
        await this.outbox.add(m, this.proposalEvent(updated[0], now));
      }
      return assignmentView(rows[0], now);
    });
  }

  /** 处理反馈: the department's result (and after-photos). */
  async result(cmd: ResultCommand, actor: Actor | undefined): Promise<AssignmentView> {
    return this.dataSource.transaction(async (m) => {
      const { a, row } = await this.lockAssignment(m, cmd.id, actor, cmd.version);
      if (row.status !== 'acknowledged')
        throw conflict(
          row.status === 'dispatched' ? 'Acknowledge the assignment first' : `The assignment is ${row.status}`,
          {
            status: row.status,
            state: row.status,
          },
        );
      const now = this.clock.now();
      const rows: AssignmentRow[] = await updateReturning<AssignmentRow>(
        m,
        `UPDATE "dispatch".assignment SET status = 'handled', handled_at = $2, result = $3, photos = $4, version = version + 1, updated_at = $2
          WHERE id = $1 RETURNING *`,
        [row.id, now, cmd.result, cmd.photos ?? []],
      );
      await m.query(
        `UPDATE "dispatch".timer SET cancelled_at = $2 WHERE assignment_id = $1 AND fired_at IS NULL AND cancelled_at IS NULL`,
        [row.id, now],
      );
      const [{ n }]: Array<{ n: number }> = await m.query(
        `SELECT count(*)::int AS n FROM "dispatch".assignment WHERE ticket_id = $1 AND round = $2 AND status IN ('dispatched','acknowledged')`,
        [row.ticket_id, row.round],
      );
      await this.outbox.add(m, {
        type: DispatchEvents.handled,
        street: row.street_code,
        actor: a,
        data: {
          ...this.base(row, a, now, cmd.note),
          result: cmd.result,
          photos: cmd.photos ?? [],
          allHandled: n === 0,
        },
      });
      return assignmentView(rows[0], now);
    });
  }

  // ---- queries ----------------------------------------------------------------------------

  /** SQL condition of the assignments a caller sees ($1 scopes, $2 place staff, $3 department reader). */
  private scope(a: Actor): { sql: string; params: unknown[] } {
    const place = hasRole(a, ...PLACE_READ_ROLES);
    const department =
      a.kind === 'client'
        ? hasRole(a, 'partner_client') && (a.grants ?? []).includes('tickets:read')
        : hasRole(a, 'department_officer');
    return {
      sql: `(($2 AND EXISTS (SELECT 1 FROM unnest($1::text[]) s WHERE x.grid_path = s OR starts_with(x.grid_path, s || '.')))
          OR ($3 AND EXISTS (SELECT 1 FROM unnest($1::text[]) s WHERE x.department_path = s OR starts_with(x.department_path, s || '.'))))`,
      params: [a.scopes, place, department],
    };
  }

  /** A department's queue (its own work only); the command centre sees its places' assignments. */
  async list(query: AssignmentListQuery, actor: Actor | undefined): Promise<Page<AssignmentView>> {
    const a = requireActor(actor);
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const scope = this.scope(a);
    const params = [...scope.params];
    const where = [scope.sql];
    if (query.status) {
      params.push(query.status);
      where.push(`x.status = $${params.length}`);
    }
    if (query.department) {
      params.push(query.department);
      where.push(`x.department_path = $${params.length}`);
    }
    if (query.ticketId) {
      params.push(query.ticketId);
      where.push(`x.ticket_id = $${params.length}`);
    }
    return this.assignmentPage(where, params, 'x.dispatched_at DESC, x.id DESC', page, pageSize, this.clock.now());
  }

  /** A page of assignments (alias `x`) and how many match, as views at `now`. */
  private async assignmentPage(
    where: string[],
    params: unknown[],
    orderBy: string,
    page: number,
    pageSize: number,
    now: Date,
  ): Promise<Page<AssignmentView>> {
    const { rows, total } = await readPage<AssignmentRow>(this.dataSource, {
      columns: 'x.*',
      from: `FROM "dispatch".assignment x WHERE ${where.join(' AND ')}`,
      orderBy,
      params,
      page,
      pageSize,
    });
    return { items: rows.map((r) => assignmentView(r, now)), total, page, pageSize };
  }

  /** Work past its deadline to acknowledge or to handle. */
  async overdue(query: OverdueQuery, actor: Actor | undefined): Promise<Page<AssignmentView>> {
    const a = requireActor(actor);
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const now = this.clock.now();
    const scope = this.scope(a);
    const params = [...scope.params, now];
    const where = [
      scope.sql,
      `((x.status = 'dispatched' AND x.ack_due_at <= $4) OR (x.status IN ('dispatched','acknowledged') AND x.handle_due_at <= $4))`,
    ];
    if (query.street) {
      params.push(query.street);
      where.push(`x.street_code = $${params.length}`);
    }
    return this.assignmentPage(where, params, 'least(x.ack_due_at, x.handle_due_at), x.id', page, pageSize, now);
  }

  /** Per-department queues: pending, acknowledged and overdue work. */
  async queues(actor: Actor | undefined): Promise<DepartmentQueue[]> {
    const a = requireActor(actor);
    const scope = this.scope(a);
    const rows: Array<{ path: string; name: string; dispatched: number; acknowledged: number; overdue: number }> =
      await this.dataSource.query(
        `SELECT x.department_path AS path, min(x.department_name) AS name,
              count(*) FILTER (WHERE x.status = 'dispatched')::int AS dispatched,
              count(*) FILTER (WHERE x.status = 'acknowledged')::int AS acknowledged,
              count(*) FILTER (WHERE (x.status = 'dispatched' AND x.ack_due_at <= $4) OR x.handle_due_at <= $4)::int AS overdue
         FROM "dispatch".assignment x
        WHERE ${scope.sql} AND x.status IN ('dispatched','acknowledged')
        GROUP BY x.department_path ORDER BY x.department_path`,
        [...scope.params, this.clock.now()],
      );
    return rows.map((r) => ({
      department: { path: r.path, name: r.name },
      dispatched: r.dispatched,
      acknowledged: r.acknowledged,
      overdue: r.overdue,
    }));
  }

  /** For the poller: the escalation event of an assignment. */
  escalationData(
    row: AssignmentRow,
    now: Date,
    level: number,
    to: 'street' | 'district',
    reason: 'unacknowledged' | 'overdue',
    dueAt: Date,
  ): AssignmentEscalatedData {
    return {
      ...this.base(row, { kind: 'system', id: 'dispatch', roles: [], scopes: [], username: '指挥调度' }, now),
      level,
      to,
      reason,
      dueAt: dueAt.toISOString(),
    };
  }
}

/** The departments of a case's proposal, by path. */
function proposedDepartments(c: CaseRow): Map<string, DepartmentRef> {
  const map = new Map<string, DepartmentRef>();
  if (c.proposal) for (const d of [c.proposal.lead, ...c.proposal.co]) map.set(d.path, d);
  return map;
}
