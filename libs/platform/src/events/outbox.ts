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
    // One row per event, passed as parallel arrays so a thousand events are still one statement.
    await manager.query(
      `INSERT INTO "${this.schema}".outbox (id, subject, type, street, envelope)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::jsonb[])`,
      [
        envelopes.map((e) => e.id),
        envelopes.map((e) => eventSubject(this.root, e.street, e.type)),
        envelopes.map((e) => e.type),
        envelopes.map((e) => e.street),
        envelopes.map((e) => JSON.stringify(e)),
      ],
    );
    // Delivered to the relay's LISTEN only when this transaction commits.
    await manager.query('SELECT pg_notify($1, $2)', [outboxChannel(this.schema), '']);
    return envelopes;
  }
}
