import { Injectable } from '@nestjs/common';
import {
  TicketingEvents,
  type EventPerson,
  type TicketEventData,
  type TicketOpenedData,
  type TicketState,
} from '@gz/contracts';
import {
  conflict,
  isUniqueViolation,
  newId,
  notFound,
  Outbox,
  prepared,
  type InboxRecord,
  type NewEvent,
  type PendingEvent,
} from '@gz/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock } from './clock';
import { transition, type TicketAction, type TransitionContext } from './domain/state-machine';
import { execute } from './sql';
import type { TicketRow } from './views';

/** Columns a transition may set besides state, version and updated_at. */
type Settable = Partial<
  Pick<
    TicketRow,
    | 'opened_at'
    | 'dispatched_at'
    | 'acknowledged_at'
    | 'handled_at'
    | 'checked_at'
    | 'closed_at'
    | 'rated_at'
    | 'merged_into'
    | 'reject_reason'
    | 'result'
    | 'escalation_level'
    | 'rating'
    | 'rating_comment'
    | 'rated_by'
    | 'departments'
    | 'department_paths'
  >
>;

const SETTABLE = new Set<string>([
  'opened_at',
  'dispatched_at',
  'acknowledged_at',
  'handled_at',
  'checked_at',
  'closed_at',
  'rated_at',
  'merged_into',
  'reject_reason',
  'result',
  'escalation_level',
  'rating',
  'rating_comment',
  'rated_by',
  'departments',
  'department_paths',
]);

export interface Step {
  action: TicketAction;
  /** the timeline's name for it, when not the action itself (e.g. `department_handled`) */
  label?: string;
  by: EventPerson;
  ctx?: TransitionContext;
  note?: string;
  photos?: string[];
  set?: Settable;
  /** extra timeline data */
  data?: Record<string, unknown>;
  /** the event to publish and its extra data (none: no event) */
  event?: { type: string; data?: Record<string, unknown> };
  /** when it happened, if not now (events carry their own time) */
  at?: Date;
}

export const EVENT_OF: Partial<Record<TicketAction, string>> = {
  open: TicketingEvents.opened,
  reject: TicketingEvents.rejected,
  merge: TicketingEvents.merged,
  dispatch: TicketingEvents.dispatched,
  acknowledge: TicketingEvents.acknowledged,
  hand_back: TicketingEvents.handedBack,
  handle: TicketingEvents.handled,
  check: TicketingEvents.checked,
  reopen: TicketingEvents.reopened,
  close: TicketingEvents.closed,
  rate: TicketingEvents.rated,
  escalate: TicketingEvents.escalated,
};

/** Loads tickets for update, applies transitions, writes the timeline and the outbox, in the caller's transaction. */
@Injectable()
export class TicketStore {
  constructor(
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    private readonly dataSource: DataSource,
  ) {}

  /** The ticket as it is now, unlocked: for `applyOnce`, which checks the version it read. */
  async read(id: string): Promise<TicketRow | undefined> {
    const rows: TicketRow[] = await this.dataSource.query(prepared(`SELECT * FROM "ticketing".ticket WHERE id = $1`), [id]);
    return rows[0];
  }

  async lock(m: EntityManager, id: string, version?: number): Promise<TicketRow> {
    const rows: TicketRow[] = await m.query(prepared(`SELECT * FROM "ticketing".ticket WHERE id = $1 FOR UPDATE`), [id]);
    if (rows.length === 0) throw notFound('Ticket', { id });
    const t = rows[0];
    if (version !== undefined && version !== t.version)
      throw conflict('The ticket was changed since you read it', { currentVersion: t.version, state: t.state });
    return t;
  }

  /**
   * Applies one step of the loop: 409 with the current state when it is not allowed. The row,
   * its timeline entry and its event are written by one statement.
   */
  async apply(m: EntityManager, t: TicketRow, step: Step): Promise<TicketRow> {
    const result = transition(t.state, step.action, step.ctx ?? { gridClosable: t.grid_closable });
    if (!result.ok) throw conflict(result.reason, { state: t.state, action: step.action, version: t.version });
    const s = this.stepStatement(t, result.to, step);
    const rows: TicketRow[] = await m.query(prepared(`WITH ${s.ctes.join(',\n')}\nSELECT * FROM u`), s.params);
    if (s.written) this.outbox.written(m, s.written);
    return rows[0];
  }

  /**
   * A step an event asks for, with the event's inbox record, in one statement and no transaction,
   * on the ticket as `t` read it. The statement locks the row and writes only while the ticket is
   * still at `t.version`; it answers whether the event was new. Undefined when the step is not
   * allowed, the ticket moved on, or a timeline entry took the next place meanwhile: then take
   * the transaction (`inbox.inTransaction`), which decides on the locked row.
   */
  async applyOnce(t: TicketRow, step: Step, inbox: InboxRecord): Promise<boolean | undefined> {
    const result = transition(t.state, step.action, step.ctx ?? { gridClosable: t.grid_closable });
    if (!result.ok) return undefined;
    const s = this.stepStatement(t, result.to, step, 'EXISTS (SELECT 1 FROM i)');
    const params = s.params;
    const current = `EXISTS (SELECT 1 FROM l WHERE l.version = $${params.length + 3}::int)`;
    const record = inbox.insert(params.length, current);
    params.push(...record.params, t.version);
    const sql = prepared(`WITH l AS (SELECT version FROM "ticketing".ticket WHERE id = $1 FOR UPDATE),
       i AS (${record.sql}),
       ${s.ctes.join(',\n')}
       SELECT ${current} AS current, EXISTS (SELECT 1 FROM i) AS applied`);
    let row: { current: boolean; applied: boolean };
    try {
      [row] = await this.dataSource.query(sql, params);
    } catch (error) {
      // An entry without a step (`record`) committed after this statement's snapshot was taken.
      if (isUniqueViolation(error, 'ticket_event_seq')) return undefined;
      throw error;
    }
    if (!row.current) return undefined;
    if (row.applied && s.written) this.outbox.written(this.dataSource.manager, s.written);
    return row.applied;
  }

  /**
   * The CTEs of a step: `u` updates the row, `e` writes its timeline entry, `o` its event;
   * with `guard`, each is written only `WHERE <guard>`.
   */
  private stepStatement(
    t: TicketRow,
    to: TicketState,
    step: Step,
    guard?: string,
  ): { ctes: string[]; params: unknown[]; written?: PendingEvent[] } {
    const at = step.at ?? this.clock.now();
    const set: Record<string, unknown> = { ...step.set };
    const cols = Object.keys(set).filter((k) => SETTABLE.has(k));
    const params: unknown[] = [t.id, to, at];
    const assignments = cols.map((c) => {
      const v = set[c];
      params.push(c === 'departments' ? JSON.stringify(v) : v);
      return `${c} = $${params.length}`;
    });
    const entry = this.timelineInsert(
      t.id,
      {
        action: step.label ?? step.action,
        from: t.state,
        to,
        at,
        by: step.by,
        note: step.note,
        photos: step.photos,
        data: step.data,
      },
      params.length,
      guard,
    );
    params.push(...entry.params);
    const ctes = [
      `u AS (UPDATE "ticketing".ticket SET state = $2, version = version + 1, updated_at = $3${assignments.length ? ', ' + assignments.join(', ') : ''}
              WHERE id = $1${guard ? ` AND ${guard}` : ''} RETURNING *)`,
      `e AS (${entry.sql})`,
    ];
    let written: PendingEvent[] | undefined;
    const type = step.event?.type ?? EVENT_OF[step.action];
    if (type) {
      // The event is built from the row as read: what the update changes (state) is passed in.
      const event = this.eventOf(t, type, {
        from: t.state,
        to,
        at,
        by: step.by,
        note: step.note,
        ...step.event?.data,
      });
      const out = this.outbox.insert([event], params.length, guard);
      params.push(...out.params);
      written = out.rows;
      ctes.push(`o AS (${out.sql})`);
    }
    return { ctes, params, written };
  }

  /** A timeline entry (with or without a change of state). */
  async record(m: EntityManager, ticketId: string, e: TimelineInput): Promise<void> {
    const { sql, params } = this.timelineInsert(ticketId, e);
    await m.query(prepared(sql), params);
  }

  /**
   * An event's timeline entry and its inbox record in one statement, with the ticket locked (so a
   * step on it waits, and then numbers its own entry after this one). False when the event was
   * handled before; `known` false when there is no such ticket (the event is recorded, nothing
   * written).
   */
  async recordOnce(ticketId: string, e: TimelineInput, inbox: InboxRecord): Promise<{ applied: boolean; known: boolean }> {
    const record = inbox.insert(0);
    const params = [...record.params];
    const at = params.length;
    const entry = this.timelineInsert(ticketId, e, at, 'EXISTS (SELECT 1 FROM i) AND EXISTS (SELECT 1 FROM t)');
    params.push(...entry.params);
    const sql = prepared(`WITH i AS (${record.sql}),
       t AS (SELECT id FROM "ticketing".ticket WHERE id = $${at + 2} FOR UPDATE),
       e AS (${entry.sql})
       SELECT EXISTS (SELECT 1 FROM i) AS applied, EXISTS (SELECT 1 FROM t) AS known`);
    for (let attempt = 1; ; attempt++) {
      try {
        const [row]: Array<{ applied: boolean; known: boolean }> = await this.dataSource.query(sql, params);
        return row;
      } catch (error) {
        // A step committed its entry after this statement's snapshot was taken, and before it
        // locked the ticket: the number is taken. The next try sees it.
        if (attempt < 3 && isUniqueViolation(error, 'ticket_event_seq')) continue;
        throw error;
      }
    }
  }

  /**
   * The statement that writes a timeline entry, with parameters from `$<offset + 1>` on; with
   * `guard`, written only `WHERE <guard>`.
   */
  timelineInsert(ticketId: string, e: TimelineInput, offset = 0, guard?: string): { sql: string; params: unknown[] } {
    const $ = (n: number) => `$${offset + n}`;
    // A new ticket's first entries know their places; the statement that writes them cannot see
    // its own rows, so it could not count them.
    const seq =
      e.seq === undefined
        ? `(SELECT coalesce(max(seq), 0) + 1 FROM "ticketing".ticket_event WHERE ticket_id = ${$(2)})`
        : `${$(13)}::int`;
    return {
      sql: `INSERT INTO "ticketing".ticket_event (id, ticket_id, seq, action, from_state, to_state, at, actor_id, actor_kind, actor_name, note, photos, data)
       SELECT ${$(1)}::uuid, ${$(2)}::uuid, ${seq}, ${$(3)}::text, ${$(4)}::text, ${$(5)}::text, ${$(6)}::timestamptz,
              ${$(7)}::text, ${$(8)}::text, ${$(9)}::text, ${$(10)}::text, ${$(11)}::text[], ${$(12)}::jsonb${guard ? ` WHERE ${guard}` : ''}`,
      params: [
        newId(),
        ticketId,
        e.action,
        e.from ?? null,
        e.to ?? null,
        e.at ?? this.clock.now(),
        e.by.id,
        e.by.kind,
        e.by.name ?? null,
        e.note ?? null,
        e.photos ?? [],
        JSON.stringify(e.data ?? {}),
        ...(e.seq === undefined ? [] : [e.seq]),
      ],
    };
  }

  async touch(m: EntityManager, id: string, set: Settable): Promise<void> {
    const cols = Object.keys(set).filter((k) => SETTABLE.has(k));
    if (cols.length === 0) return;
    const params: unknown[] = [id, this.clock.now()];
    const sets = cols.map((c, i) => {
      const v = (set as Record<string, unknown>)[c];
      params.push(c === 'departments' ? JSON.stringify(v) : v);
      return `${c} = $${i + 3}`;
    });
    await execute(
      m,
      `UPDATE "ticketing".ticket SET version = version + 1, updated_at = $2, ${sets.join(', ')} WHERE id = $1`,
      params,
    );
  }

  async publish(m: EntityManager, t: TicketFacts, type: string, extra: EventExtra): Promise<void> {
    await this.outbox.add(m, this.eventOf(t, type, extra));
  }

  /** A ticket event, as evaluation and the live view read it. */
  eventOf(t: TicketFacts, type: string, extra: EventExtra): NewEvent<Record<string, unknown>> {
    const base: TicketEventData = {
      ticketId: t.id,
      street: t.street_code,
      gridPath: t.grid_path,
      categoryCode: t.category_code,
      from: extra.from ?? null,
      to: extra.to ?? t.state,
      at: (extra.at ?? this.clock.now()).toISOString(),
      by: extra.by ?? { id: 'system', kind: 'system' },
    };
    let data: Record<string, unknown> = { ...extra, ...base, ...(extra.note ? { note: extra.note } : {}) };
    if (type === TicketingEvents.opened || type === TicketingEvents.reopened || type === TicketingEvents.reported) {
      const opened: Omit<TicketOpenedData, keyof TicketEventData> = {
        categoryName: t.category_name,
        categoryKind: t.category_kind,
        severity: t.severity,
        source: t.source,
        ackMinutes: t.ack_minutes,
        handleMinutes: t.handle_minutes,
        gridClosable: t.grid_closable,
      };
      data = { ...data, ...opened };
    }
    return {
      type,
      street: t.street_code,
      actor: { kind: base.by.kind, id: base.by.id },
      data,
      occurredAt: extra.at ?? this.clock.now(),
    };
  }
}

export interface TimelineInput {
  /** its place on the timeline, for a new ticket's first entries (else the next one) */
  seq?: number;
  action: string;
  from?: TicketState | null;
  to?: TicketState | null;
  at?: Date;
  by: EventPerson;
  note?: string;
  photos?: string[];
  data?: Record<string, unknown>;
}

type EventExtra = { from?: TicketState | null; to?: TicketState; at?: Date; by?: EventPerson; note?: string } & Record<
  string,
  unknown
>;

/** What a ticket event is built from: the ticket's row, or the one about to be written. */
export type TicketFacts = Pick<
  TicketRow,
  | 'id'
  | 'street_code'
  | 'grid_path'
  | 'category_code'
  | 'state'
  | 'category_name'
  | 'category_kind'
  | 'severity'
  | 'source'
  | 'ack_minutes'
  | 'handle_minutes'
  | 'grid_closable'
>;
