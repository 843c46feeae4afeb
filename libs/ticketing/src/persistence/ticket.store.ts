import { Injectable } from '@nestjs/common';
import { timelineActionOf, type EventPerson, type TicketState } from '@gz/contracts';
import { Clock, conflict, isUniqueViolation, notFound, Outbox, Params, prepared, type InboxRecord } from '@gz/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { transition, type TicketAction, type TransitionContext } from '../domain/state-machine';
import { STEP_ACTIONS, type StepEventType } from '../domain/steps';
import { ticketEvent, type TicketEventCommon, type TicketEventInput, type TicketFacts } from './ticket-events';
import {
  reportStatement,
  stepStatement,
  timelineInsert,
  touchStatement,
  type NewReport,
  type Settable,
  type TimelineInput,
} from './ticket-statements';
import type { TicketRow } from './views';

export type { NewReport, NewTicketRow, Settable, TimelineInput } from './ticket-statements';

/** One step of the loop on a ticket: its timeline entry, its change to the row, and its event. */
export interface Step {
  /** the step, by the ticket event it publishes, with that event's own data */
  event: TicketEventInput<StepEventType>;
  by: EventPerson;
  ctx?: TransitionContext;
  note?: string;
  photos?: string[];
  set?: Settable;
  /** extra timeline data */
  data?: Record<string, unknown>;
  /** when it happened, if not now (events carry their own time) */
  at?: Date;
}

/** The state machine's action a step takes. */
export const actionOf = (step: Step): TicketAction => STEP_ACTIONS[step.event.type];

/**
 * The ticket aggregate's store: reads tickets, locks them for update, applies the steps of the
 * loop, writes the timeline and the outbox, in the caller's transaction or in one statement.
 */
@Injectable()
export class TicketStore {
  constructor(
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    private readonly dataSource: DataSource,
  ) {}

  /** The ticket as it is now, unlocked. */
  async read(id: string): Promise<TicketRow | undefined> {
    const rows: TicketRow[] = await this.dataSource.query(prepared(`SELECT * FROM "ticketing".ticket WHERE id = $1`), [
      id,
    ]);
    return rows[0];
  }

  /** The ticket locked for update, or undefined when there is none. */
  async lockIfAny(m: EntityManager, id: string): Promise<TicketRow | undefined> {
    const rows: TicketRow[] = await m.query(prepared(`SELECT * FROM "ticketing".ticket WHERE id = $1 FOR UPDATE`), [
      id,
    ]);
    return rows[0];
  }

  /** The ticket locked for update: 404 when there is none, 409 when it is not at `version`. */
  async lock(m: EntityManager, id: string, version?: number): Promise<TicketRow> {
    const t = await this.lockIfAny(m, id);
    if (!t) throw notFound('Ticket', { id });
    if (version !== undefined && version !== t.version)
      throw conflict('The ticket was changed since you read it', { currentVersion: t.version, state: t.state });
    return t;
  }

  /** The ticket a submission with this Idempotency-Key created. */
  async byKey(actorId: string, key: string): Promise<TicketRow | undefined> {
    const rows: TicketRow[] = await this.dataSource.query(
      `SELECT t.* FROM "ticketing".report_key k JOIN "ticketing".ticket t ON t.id = k.ticket_id WHERE k.actor_id = $1 AND k.key = $2`,
      [actorId, key],
    );
    return rows[0];
  }

  /**
   * Writes a report: the ticket, its idempotency key, its first timeline entries and its events in
   * one statement, so one round trip, and all or nothing. A key seen before fails it on the key's
   * unique index: then the first submission's ticket is the answer (`created` false).
   */
  async report(r: NewReport): Promise<{ row: TicketRow; created: boolean }> {
    const s = reportStatement(r, (events, offset) => this.outbox.insert(events, offset));
    try {
      const rows: TicketRow[] = await this.dataSource.query(prepared(s.sql), s.params);
      this.outbox.written(this.dataSource.manager, s.written);
      return { row: rows[0], created: true };
    } catch (error) {
      if (r.idempotencyKey && isUniqueViolation(error)) {
        const seen = await this.byKey(r.ticket.reporter_id, r.idempotencyKey);
        if (seen) return { row: seen, created: false };
      }
      throw error;
    }
  }

  /**
   * Applies one step of the loop: 409 with the current state when it is not allowed. The row,
   * its timeline entry and its event are written by one statement.
   */
  async apply(m: EntityManager, t: TicketRow, step: Step): Promise<TicketRow> {
    const action = actionOf(step);
    const result = transition(t.state, action, step.ctx ?? { gridClosable: t.grid_closable });
    if (!result.ok) throw conflict(result.reason, { state: t.state, action, version: t.version });
    const p = new Params();
    const s = this.stepStatement(t, result.to, step, p);
    const rows: TicketRow[] = await m.query(prepared(`WITH ${s.ctes.join(',\n')}\nSELECT * FROM u`), p.values);
    this.outbox.written(m, s.written);
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
    const result = transition(t.state, actionOf(step), step.ctx ?? { gridClosable: t.grid_closable });
    if (!result.ok) return undefined;
    const p = new Params();
    const s = this.stepStatement(t, result.to, step, p, 'EXISTS (SELECT 1 FROM i)');
    const current = `EXISTS (SELECT 1 FROM l WHERE l.version = ${p.add(t.version)}::int)`;
    const record = inbox.insert(p.values.length, current);
    p.values.push(...record.params);
    const sql = prepared(`WITH l AS (SELECT version FROM "ticketing".ticket WHERE id = ${s.$id} FOR UPDATE),
       i AS (${record.sql}),
       ${s.ctes.join(',\n')}
       SELECT ${current} AS current, EXISTS (SELECT 1 FROM i) AS applied`);
    let row: { current: boolean; applied: boolean };
    try {
      [row] = await this.dataSource.query(sql, p.values);
    } catch (error) {
      // An entry without a step (`record`) committed after this statement's snapshot was taken.
      if (isUniqueViolation(error, 'ticket_event_seq')) return undefined;
      throw error;
    }
    if (!row.current) return undefined;
    if (row.applied) this.outbox.written(this.dataSource.manager, s.written);
    return row.applied;
  }

  private stepStatement(t: TicketRow, to: TicketState, step: Step, p: Params, guard?: string) {
    const at = step.at ?? this.clock.now();
    const entry = {
      action: timelineActionOf(step.event.type),
      from: t.state,
      to,
      at,
      by: step.by,
      note: step.note,
      photos: step.photos,
      data: step.data,
    };
    // The event is built from the row as read: what the update changes (state) is passed in.
    const common: TicketEventCommon = { from: t.state, to, at, by: step.by, note: step.note };
    const event = ticketEvent(t, step.event, common);
    return stepStatement(
      { ticketId: t.id, to, at, set: step.set ?? {}, entry, event },
      p,
      (events, offset) => this.outbox.insert(events, offset, guard),
      guard,
    );
  }

  /** A timeline entry (with or without a change of state). */
  async record(m: EntityManager, ticketId: string, e: TimelineInput): Promise<void> {
    const p = new Params();
    const sql = timelineInsert(ticketId, this.entryAt(e), p);
    await m.query(prepared(sql), p.values);
  }

  /**
   * An event's timeline entry and its inbox record in one statement, with the ticket locked (so a
   * step on it waits, and then numbers its own entry after this one). False when the event was
   * handled before; `known` false when there is no such ticket (the event is recorded, nothing
   * written).
   */
  async recordOnce(
    ticketId: string,
    e: TimelineInput,
    inbox: InboxRecord,
  ): Promise<{ applied: boolean; known: boolean }> {
    const record = inbox.insert(0);
    const p = new Params(record.params);
    const $ticket = p.add(ticketId);
    const entry = timelineInsert(ticketId, this.entryAt(e), p, 'EXISTS (SELECT 1 FROM i) AND EXISTS (SELECT 1 FROM t)');
    const sql = prepared(`WITH i AS (${record.sql}),
       t AS (SELECT id FROM "ticketing".ticket WHERE id = ${$ticket} FOR UPDATE),
       e AS (${entry})
       SELECT EXISTS (SELECT 1 FROM i) AS applied, EXISTS (SELECT 1 FROM t) AS known`);
    for (let attempt = 1; ; attempt++) {
      try {
        const [row]: Array<{ applied: boolean; known: boolean }> = await this.dataSource.query(sql, p.values);
        return row;
      } catch (error) {
        // A step committed its entry after this statement's snapshot was taken, and before it
        // locked the ticket: the number is taken. The next try sees it.
        if (attempt < 3 && isUniqueViolation(error, 'ticket_event_seq')) continue;
        throw error;
      }
    }
  }

  /** Changes columns of a ticket without a step (a co-department left it). */
  async touch(m: EntityManager, id: string, set: Settable): Promise<void> {
    const s = touchStatement(id, this.clock.now(), set);
    if (s) await m.query(s.sql, s.params);
  }

  /** Writes a ticket event that is no step of the loop (a claim), in the caller's transaction. */
  async publish(m: EntityManager, t: TicketFacts, event: TicketEventInput, common: TicketEventCommon): Promise<void> {
    await this.outbox.addMany(m, [ticketEvent(t, event, common)]);
  }

  private entryAt(e: TimelineInput): TimelineInput & { at: Date } {
    return { ...e, at: e.at ?? this.clock.now() };
  }
}
