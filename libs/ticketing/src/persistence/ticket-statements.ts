import type { EventPerson, TicketState, TimelineAction } from '@gz/contracts';
import { newId, Params, type NewEvent, type PendingEvent } from '@gz/platform';
import type { TicketRow } from './views';

/**
 * The statements the ticket store runs, built with their parameters: each writes a ticket's row,
 * its timeline and its events together, as CTEs of one statement.
 */

/** Columns a step may set besides state, version and updated_at. */
const SETTABLE = [
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
] as const satisfies ReadonlyArray<keyof TicketRow>;

export type Settable = Partial<Pick<TicketRow, (typeof SETTABLE)[number]>>;

/** A timeline entry (with or without a change of state). */
export interface TimelineInput {
  /** its place on the timeline, for a new ticket's first entries (else the next one) */
  seq?: number;
  action: TimelineAction;
  from?: TicketState | null;
  to?: TicketState | null;
  at?: Date;
  by: EventPerson;
  note?: string;
  photos?: string[];
  data?: Record<string, unknown>;
}

/** The columns a report writes (the others take their defaults), in the order of the INSERT. */
const NEW_TICKET_COLUMNS = [
  'id',
  'street_code',
  'grid_path',
  'building',
  'address',
  'lat',
  'lng',
  'category_code',
  'category_name',
  'category_kind',
  'severity',
  'grid_closable',
  'ack_minutes',
  'handle_minutes',
  'source',
  'description',
  'informant',
  'external_ref',
  'photos',
  'reporter_id',
  'reporter_kind',
  'reporter_name',
  'state',
  'reported_at',
  'updated_at',
  'opened_at',
] as const satisfies ReadonlyArray<keyof TicketRow>;

/** A new ticket's row. */
export type NewTicketRow = Pick<TicketRow, (typeof NEW_TICKET_COLUMNS)[number]>;

/** What a report writes: the ticket, its idempotency key, its first timeline entries and its events. */
export interface NewReport {
  ticket: NewTicketRow;
  /** the submission's Idempotency-Key: a second submission with it answers the first one's ticket */
  idempotencyKey?: string;
  /** numbered from 1 */
  timeline: Array<TimelineInput & { seq: number; at: Date }>;
  events: NewEvent[];
}

/** The outbox's statement for some events, its parameters from `$<offset + 1>` on. */
export type OutboxInsert = (
  events: readonly NewEvent[],
  offset: number,
) => { sql: string; params: unknown[]; rows: PendingEvent[] };

const column = (c: (typeof SETTABLE)[number], v: unknown) => (c === 'departments' ? JSON.stringify(v) : v);

/** `col = $n` for each settable column of `set`, in its order. */
function assignments(set: Settable, p: Params): string[] {
  const settable = new Set<string>(SETTABLE);
  return (Object.keys(set) as Array<(typeof SETTABLE)[number]>)
    .filter((c) => settable.has(c))
    .map((c) => `${c} = ${p.add(column(c, set[c]))}`);
}

/**
 * The statement that writes a timeline entry; with `guard`, written only `WHERE <guard>`.
 * A new ticket's first entries know their places: the statement that writes them cannot see
 * its own rows, so it could not count them.
 */
export function timelineInsert(ticketId: string, e: TimelineInput & { at: Date }, p: Params, guard?: string): string {
  const $id = p.add(newId());
  const $ticket = p.add(ticketId);
  const seq =
    e.seq === undefined
      ? `(SELECT coalesce(max(seq), 0) + 1 FROM "ticketing".ticket_event WHERE ticket_id = ${$ticket})`
      : `${p.add(e.seq)}::int`;
  const values = [
    `${$id}::uuid`,
    `${$ticket}::uuid`,
    seq,
    `${p.add(e.action)}::text`,
    `${p.add(e.from ?? null)}::text`,
    `${p.add(e.to ?? null)}::text`,
    `${p.add(e.at)}::timestamptz`,
    `${p.add(e.by.id)}::text`,
    `${p.add(e.by.kind)}::text`,
    `${p.add(e.by.name ?? null)}::text`,
    `${p.add(e.note ?? null)}::text`,
    `${p.add(e.photos ?? [])}::text[]`,
    `${p.add(JSON.stringify(e.data ?? {}))}::jsonb`,
  ];
  return `INSERT INTO "ticketing".ticket_event (id, ticket_id, seq, action, from_state, to_state, at, actor_id, actor_kind, actor_name, note, photos, data)
       SELECT ${values.join(', ')}${guard ? ` WHERE ${guard}` : ''}`;
}

/** What one step writes: the row's new state and columns, its timeline entry, its event. */
export interface StepWrite {
  ticketId: string;
  to: TicketState;
  at: Date;
  set: Settable;
  entry: TimelineInput & { at: Date };
  event: NewEvent;
}

/**
 * The CTEs of a step: `u` updates the row, `e` writes its timeline entry, `o` its event; with
 * `guard`, each is written only `WHERE <guard>`. `$id` is the ticket id's placeholder.
 */
export function stepStatement(
  w: StepWrite,
  p: Params,
  outbox: OutboxInsert,
  guard?: string,
): { ctes: string[]; $id: string; written: PendingEvent[] } {
  const $id = p.add(w.ticketId);
  const sets = [
    `state = ${p.add(w.to)}`,
    'version = version + 1',
    `updated_at = ${p.add(w.at)}`,
    ...assignments(w.set, p),
  ];
  const update = `u AS (UPDATE "ticketing".ticket SET ${sets.join(', ')}
              WHERE id = ${$id}${guard ? ` AND ${guard}` : ''} RETURNING *)`;
  const entry = `e AS (${timelineInsert(w.ticketId, w.entry, p, guard)})`;
  const out = outbox([w.event], p.values.length);
  p.values.push(...out.params);
  return { ctes: [update, entry, `o AS (${out.sql})`], $id, written: out.rows };
}

/** The statement of a report (see `TicketStore.report`): it answers the new ticket's row. */
export function reportStatement(
  r: NewReport,
  outbox: OutboxInsert,
): { sql: string; params: unknown[]; written: PendingEvent[] } {
  const p = new Params();
  const $ = Object.fromEntries(NEW_TICKET_COLUMNS.map((c) => [c, p.add(r.ticket[c])])) as Record<
    (typeof NEW_TICKET_COLUMNS)[number],
    string
  >;
  const $key = p.add(r.idempotencyKey ?? null);
  const entries = r.timeline.map((e, i) => `e${i} AS (${timelineInsert(r.ticket.id, e, p)})`);
  const out = outbox(r.events, p.values.length);
  p.values.push(...out.params);
  const sql = `WITH t AS (
           INSERT INTO "ticketing".ticket (${NEW_TICKET_COLUMNS.join(', ')})
           VALUES (${NEW_TICKET_COLUMNS.map((c) => $[c]).join(', ')}) RETURNING *),
         k AS (INSERT INTO "ticketing".report_key (actor_id, key, ticket_id) SELECT ${$.reporter_id}, ${$key}::text, ${$.id} WHERE ${$key}::text IS NOT NULL),
         ${entries.join(',\n         ')},
         o AS (${out.sql})
         SELECT * FROM t`;
  return { sql, params: p.values, written: out.rows };
}

/** An update of columns without a step; undefined when `set` has none. */
export function touchStatement(id: string, at: Date, set: Settable): { sql: string; params: unknown[] } | undefined {
  const p = new Params();
  const $id = p.add(id);
  const $at = p.add(at);
  const sets = assignments(set, p);
  if (sets.length === 0) return undefined;
  return {
    sql: `UPDATE "ticketing".ticket SET version = version + 1, updated_at = ${$at}, ${sets.join(', ')} WHERE id = ${$id}`,
    params: p.values,
  };
}
