import { eventSubject, type Actor, type EventEnvelope, type EventMap } from '@gz/contracts';
import { context, propagation } from '@opentelemetry/api';
import type {
  EntityManager,
  EntitySubscriberInterface,
  QueryRunner,
  TransactionCommitEvent,
  TransactionRollbackEvent,
} from 'typeorm';
import { prepared } from '../database/auto-prepare';
import { newId } from '../ids';

/** An event to write: its type names a payload in the event map `M`, and `data` must be that payload. */
export interface NewEventOf<K extends keyof M & string, M = EventMap> {
  /** `<aggregate>.<event>`, e.g. `user.created` */
  type: K;
  /** street code, or `all` for district-wide facts */
  street: string;
  actor: Pick<Actor, 'kind' | 'id'>;
  data: M[K];
  version?: number;
  /** when the fact happened, if not now (a service with a controllable clock passes its own) */
  occurredAt?: Date;
}

/** Any event of map `M`, as a union discriminated by `type` (for lists of several types). */
export type NewEvent<M = EventMap> = { [K in keyof M & string]: NewEventOf<K, M> }[keyof M & string];

export function outboxChannel(schema: string): string {
  return `gz_outbox_${schema}`;
}

/** An outbox row as written: what the relay publishes. */
export interface PendingEvent {
  id: string;
  subject: string;
  envelope: EventEnvelope;
}

/** Takes a service's events the moment the transaction that wrote them has committed. */
export interface OutboxSink {
  /** written into the rows' `writer`: whose relay publishes them */
  readonly writer: string;
  committed(rows: PendingEvent[]): void;
}

/**
 * The transactional outbox of one service: `add` writes the event in the caller's transaction,
 * so the state change and the event commit together or not at all. The relay publishes it.
 *
 * With a sink (the service's own relay), the rows are also handed to it in process as soon as
 * their transaction commits, so the relay publishes them without reading them back; what it does
 * not publish (a crash, NATS down) it finds in the table. Without one (a CLI writing a service's
 * outbox), the statement wakes the service's relay with NOTIFY instead.
 */
export class Outbox<M = EventMap> {
  constructor(
    private readonly schema: string,
    private readonly root: string,
    private readonly sink?: OutboxSink,
  ) {}

  async add<K extends keyof M & string>(manager: EntityManager, event: NewEventOf<K, M>): Promise<EventEnvelope<M[K]>> {
    const [envelope] = await this.addMany(manager, [event as unknown as NewEvent<M>]);
    return envelope as EventEnvelope<M[K]>;
  }

  /**
   * Writes many events with one statement, in the given order (ids are time-ordered, and the
   * relay publishes in id order), e.g. one per row of an import.
   */
  async addMany(manager: EntityManager, events: ReadonlyArray<NewEvent<M>>): Promise<EventEnvelope[]> {
    if (events.length === 0) return [];
    const { sql, params, envelopes, rows } = this.insert(events);
    await manager.query(prepared(sql), params);
    this.written(manager, rows);
    return envelopes;
  }

  /**
   * Call once the statement from `insert` has run on `manager`: the events go to the relay when
   * their transaction commits (at once when the statement was its own transaction), and never if
   * it rolls back.
   */
  written(manager: EntityManager, rows: PendingEvent[]): void {
    const sink = this.sink;
    if (!sink || rows.length === 0) return;
    const runner = manager.queryRunner;
    if (!runner?.isTransactionActive) {
      sink.committed(rows);
      return;
    }
    const subscribers = manager.connection.subscribers;
    if (!subscribers.includes(afterCommit)) subscribers.push(afterCommit);
    pendingOf(runner).push({ sink, rows, depth: depthOf(runner) });
  }

  /**
   * The statement that writes these events, with its parameters from `$<offset + 1>` on, for a
   * caller that writes its state change and its events in one statement (a CTE), so one round
   * trip commits both; then pass `rows` to `written`. Without a sink, the statement wakes the
   * service's relay instead: the NOTIFY is delivered when its transaction commits.
   */
  insert(
    events: ReadonlyArray<NewEvent<M>>,
    offset = 0,
    /** written only `WHERE <guard>` (e.g. `EXISTS (SELECT 1 FROM c)`, another CTE wrote its row) */
    guard?: string,
  ): { sql: string; params: unknown[]; envelopes: EventEnvelope[]; rows: PendingEvent[] } {
    const carrier: Record<string, string> = {};
    propagation.inject(context.active(), carrier);
    const envelopes = events.map((event): EventEnvelope => ({
      id: newId(),
      type: event.type,
      version: event.version ?? 1,
      occurredAt: (event.occurredAt ?? new Date()).toISOString(),
      street: event.street,
      actor: { kind: event.actor.kind, id: event.actor.id },
      ...(carrier.traceparent ? { traceparent: carrier.traceparent } : {}),
      data: event.data as EventEnvelope['data'],
    }));
    // All the rows as one JSON parameter: one statement however many events, and cheaper to
    // bind than five arrays. Without a sink (no relay here to hand them to), the one-row join runs
    // pg_notify once to wake the service's relay.
    // Envelopes are plain JSON objects: any data is a record.
    const rows = envelopes.map(
      (e): PendingEvent => ({ id: e.id, subject: eventSubject(this.root, e.street, e.type), envelope: e }),
    );
    const columns = `(e->>'id')::uuid, e->>'subject', e->'envelope'->>'type', e->'envelope'->>'street', e->'envelope'`;
    const from = `FROM jsonb_array_elements($${offset + 1}::jsonb) AS e`;
    const where = guard ? ` WHERE ${guard}` : '';
    if (this.sink)
      return {
        sql: `INSERT INTO "${this.schema}".outbox (id, subject, type, street, envelope, writer)
           SELECT ${columns}, $${offset + 2}::text ${from}${where}`,
        params: [JSON.stringify(rows), this.sink.writer],
        envelopes,
        rows,
      };
    return {
      sql: `INSERT INTO "${this.schema}".outbox (id, subject, type, street, envelope)
         SELECT ${columns} ${from}, (SELECT pg_notify($${offset + 2}, '')) AS wake${where}`,
      params: [JSON.stringify(rows), outboxChannel(this.schema)],
      envelopes,
      rows,
    };
  }
}

interface Pending {
  sink: OutboxSink;
  rows: PendingEvent[];
  /** the transaction depth (1 = outermost) the rows were written at */
  depth: number;
}

const PENDING = Symbol('gz.outbox.pending');

/** How deep the runner's transaction is nested (TypeORM keeps it, protected). */
const depthOf = (runner: QueryRunner): number =>
  (runner as unknown as { transactionDepth?: number }).transactionDepth ?? 1;

function pendingOf(runner: QueryRunner): Pending[] {
  const data = runner.data as { [PENDING]?: Pending[] };
  return (data[PENDING] ??= []);
}

/**
 * Hands a transaction's events to their relays after the outermost COMMIT. A savepoint's release
 * folds its events into the enclosing transaction; a rollback (to a savepoint) drops those written
 * inside it.
 */
const afterCommit: EntitySubscriberInterface = {
  afterTransactionCommit(event: TransactionCommitEvent): void {
    const runner = event.queryRunner;
    const pending = (runner.data as { [PENDING]?: Pending[] })[PENDING];
    if (!pending?.length) return;
    if (runner.isTransactionActive) {
      for (const p of pending) p.depth = Math.min(p.depth, depthOf(runner));
      return;
    }
    (runner.data as { [PENDING]?: Pending[] })[PENDING] = [];
    for (const p of pending) p.sink.committed(p.rows);
  },
  afterTransactionRollback(event: TransactionRollbackEvent): void {
    const runner = event.queryRunner;
    const data = runner.data as { [PENDING]?: Pending[] };
    if (!data[PENDING]?.length) return;
    data[PENDING] = runner.isTransactionActive ? data[PENDING].filter((p) => p.depth <= depthOf(runner)) : [];
  },
};
