import { eventSubject, type Actor, type EventEnvelope } from '@gz/contracts';
import { context, propagation } from '@opentelemetry/api';
import type { EntityManager } from 'typeorm';
import { newId } from '../ids';

export interface NewEvent<T> {
  /** `<aggregate>.<event>`, e.g. `user.created` */
  type: string;
  /** street code, or `all` for district-wide facts */
  street: string;
  actor: Pick<Actor, 'kind' | 'id'>;
  data: T;
  version?: number;
  /** when the fact happened, if not now (a service with a controllable clock passes its own) */
  occurredAt?: Date;
}

export function outboxChannel(schema: string): string {
  return `gz_outbox_${schema}`;
}

/**
 * The transactional outbox of one service: `add` writes the event in the caller's transaction,
 * so the state change and the event commit together or not at all. The relay publishes it.
 */
export class Outbox {
  constructor(
    private readonly schema: string,
    private readonly root: string,
  ) {}

  async add<T extends object>(manager: EntityManager, event: NewEvent<T>): Promise<EventEnvelope<T>> {
    const [envelope] = await this.addMany(manager, [event]);
    return envelope as EventEnvelope<T>;
  }

  /**
   * Writes many events with one statement, in the given order (ids are time-ordered, and the
   * relay publishes in id order), e.g. one per row of an import.
   */
  async addMany<T extends object>(
    manager: EntityManager,
    events: ReadonlyArray<NewEvent<T>>,
  ): Promise<Array<EventEnvelope<T>>> {
    if (events.length === 0) return [];
    const { sql, params, envelopes } = this.insert(events);
    await manager.query(sql, params);
    return envelopes;
  }

  /**
   * The statement that writes these events, with its parameters from `$<offset + 1>` on, for a
   * caller that writes its state change and its events in one statement (a CTE), so one round
   * trip commits both. It also wakes the relay: the NOTIFY is delivered when the statement's
   * transaction commits.
   */
  insert<T extends object>(
    events: ReadonlyArray<NewEvent<T>>,
    offset = 0,
  ): { sql: string; params: unknown[]; envelopes: Array<EventEnvelope<T>> } {
    const carrier: Record<string, string> = {};
    propagation.inject(context.active(), carrier);
    const envelopes = events.map((event): EventEnvelope<T> => ({
      id: newId(),
      type: event.type,
      version: event.version ?? 1,
      occurredAt: (event.occurredAt ?? new Date()).toISOString(),
      street: event.street,
      actor: { kind: event.actor.kind, id: event.actor.id },
      ...(carrier.traceparent ? { traceparent: carrier.traceparent } : {}),
      data: event.data,
    }));
    // All the rows as one JSON parameter: one statement however many events, and cheaper to
    // bind than five arrays. The one-row join runs pg_notify once.
    const sql = `INSERT INTO "${this.schema}".outbox (id, subject, type, street, envelope)
       SELECT (e->>'id')::uuid, e->>'subject', e->'envelope'->>'type', e->'envelope'->>'street', e->'envelope'
         FROM jsonb_array_elements($${offset + 1}::jsonb) AS e, (SELECT pg_notify($${offset + 2}, '')) AS wake`;
    const rows = envelopes.map((e) => ({ id: e.id, subject: eventSubject(this.root, e.street, e.type), envelope: e }));
    const params = [JSON.stringify(rows), outboxChannel(this.schema)];
    return { sql, params, envelopes };
  }
}
