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
    const carrier: Record<string, string> = {};
    propagation.inject(context.active(), carrier);
    const envelope: EventEnvelope<T> = {
      id: newId(),
      type: event.type,
      version: event.version ?? 1,
      occurredAt: new Date().toISOString(),
      street: event.street,
      actor: { kind: event.actor.kind, id: event.actor.id },
      ...(carrier.traceparent ? { traceparent: carrier.traceparent } : {}),
      data: event.data,
    };
    await manager.query(
      `INSERT INTO "${this.schema}".outbox (id, subject, type, street, envelope) VALUES ($1, $2, $3, $4, $5)`,
      [envelope.id, eventSubject(this.root, event.street, event.type), event.type, event.street, JSON.stringify(envelope)],
    );
    // Delivered to the relay's LISTEN only when this transaction commits.
    await manager.query('SELECT pg_notify($1, $2)', [outboxChannel(this.schema), '']);
    return envelope;
  }
}
