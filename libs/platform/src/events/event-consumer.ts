import { Logger } from '@nestjs/common';
import type { DeadLetterView, EventEnvelope, Page } from '@gz/contracts';
import { Counter, Histogram } from 'prom-client';
import type { DataSource, EntityManager } from 'typeorm';
import { prepared } from '../database/auto-prepare';
import { databaseBusy, databaseUnavailable, reportOutage } from '../dependencies';
import { conflict, notFound } from '../errors';
import { newId } from '../ids';
import type { Delivery, EventTransport } from './event-transport';
import type { EventHandlerFn, InboxRecord, InboxStatementHandlerFn } from './on-event';

export const eventsHandled = new Counter({
  name: 'gz_events_handled_total',
  help: 'Events handled by consumers, by service, type and outcome',
  labelNames: ['service', 'type', 'outcome'] as const,
});

export const eventWait = new Histogram({
  name: 'gz_event_wait_seconds',
  help: 'How long an event waited on the bus before its consumer began to handle it (first delivery), by service',
  labelNames: ['service'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
});

export interface ConsumerSettings {
  service: string;
  root: string;
  maxAttempts: number;
  retryBaseMs: number;
}

/**
 * The subject filter of a service's durable consumer. nats-server 2.9 takes one filter per
 * consumer: one type → its own subject; types of one aggregate (`ticket.*`) → that aggregate's
 * subjects; else every event (the unhandled ones are acknowledged at once).
 */
export function consumerFilter(root: string, types: string[]): string {
  if (types.length === 1) return `${root}.evt.*.${types[0]}`;
  const aggregates = new Set(types.map((t) => t.split('.')[0]));
  if (aggregates.size === 1) return `${root}.evt.*.${[...aggregates][0]}.>`;
  return `${root}.evt.>`;
}

/** How soon an event that found the database down is tried again (an outage is no attempt). */
const OUTAGE_RETRY_MS = 2000;
/** events remembered with their outage deliveries; past this the oldest are forgotten */
const OUTAGES_REMEMBERED = 10_000;

/** Exponential back-off between attempts, capped at a minute. */
export function retryDelay(attempt: number, baseMs: number): number {
  return Math.min(baseMs * 2 ** Math.max(0, attempt - 1), 60_000);
}

/**
 * A service's durable event consumer. Each event is handled in the same transaction that
 * records its id in the inbox, so a redelivered event is applied once. A failing event is retried
 * with back-off; after `maxAttempts` it is written to the dead-letter table, where an operator
 * can see it and replay it.
 */
export class EventConsumer {
  private readonly logger: Logger;
  private readonly handlers = new Map<string, EventHandlerFn[]>();
  private readonly statementHandlers = new Map<string, InboxStatementHandlerFn>();
  private stop?: () => Promise<void>;
  /** deliveries of an event that found the database down: they do not count as attempts */
  private readonly outages = new Map<string, number>();

  constructor(
    private readonly settings: ConsumerSettings,
    private readonly dataSource: DataSource,
    private readonly transport: EventTransport,
  ) {
    this.logger = new Logger(`Events:${settings.service}`);
  }

  register(type: string, handle: EventHandlerFn): void {
    if (this.statementHandlers.has(type)) throw new Error(`${type} has a one-statement handler, which must be its only one`);
    this.handlers.set(type, [...(this.handlers.get(type) ?? []), handle]);
  }

  /** A handler that records the event in the inbox itself, in the statement that writes its effect. */
  registerStatement(type: string, handle: InboxStatementHandlerFn): void {
    if (this.handlers.has(type) || this.statementHandlers.has(type))
      throw new Error(`${type} has another handler: a one-statement handler must be the only one`);
    this.statementHandlers.set(type, handle);
  }

  get types(): string[] {
    return [...this.handlers.keys(), ...this.statementHandlers.keys()];
  }

  private handles(type: string): boolean {
    return this.handlers.has(type) || this.statementHandlers.has(type);
  }

  async start(): Promise<void> {
    const types = this.types;
    if (types.length === 0) return;
    const filter = consumerFilter(this.settings.root, types);
    this.stop = await this.transport.consume(this.settings.service, filter, (d) => this.receive(d));
    this.logger.log(`consuming ${types.join(', ')}`);
  }

  async close(): Promise<void> {
    await this.stop?.();
  }

  private async receive(delivery: Delivery): Promise<void> {
    const { envelope } = delivery;
    if (!this.handles(envelope.type)) {
      delivery.ack();
      return;
    }
    if (delivery.attempt === 1 && delivery.storedAt !== undefined)
      eventWait.observe({ service: this.settings.service }, Math.max(0, Date.now() - delivery.storedAt) / 1000);
    // The bus counts every delivery; those that met a database outage are not the event's fault.
    const attempt = delivery.attempt - (this.outages.get(envelope.id) ?? 0);
    try {
      const applied = await this.apply(envelope);
      this.outages.delete(envelope.id);
      eventsHandled.inc({
        service: this.settings.service,
        type: envelope.type,
        outcome: applied ? 'handled' : 'duplicate',
      });
      delivery.ack();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const down = databaseUnavailable(error);
      const busy = !down && databaseBusy(error);
      if (down || busy) {
        // Retried until the database is back (or has a free connection), however long that takes:
        // never dead-lettered for it.
        this.countOutage(envelope.id);
        eventsHandled.inc({ service: this.settings.service, type: envelope.type, outcome: 'retry' });
        if (down) reportOutage('postgresql', down, this.logger);
        else reportOutage('postgresql', 'an event waited for a free connection', this.logger, 'busy');
        delivery.retry(OUTAGE_RETRY_MS);
        return;
      }
      if (attempt >= this.settings.maxAttempts) {
        this.outages.delete(envelope.id);
        await this.deadLetter(envelope, message, attempt);
        eventsHandled.inc({ service: this.settings.service, type: envelope.type, outcome: 'dead_letter' });
        this.logger.error(
          `event ${envelope.id} (${envelope.type}) dead-lettered after ${attempt} attempts: ${message}`,
        );
        delivery.ack();
      } else {
        eventsHandled.inc({ service: this.settings.service, type: envelope.type, outcome: 'retry' });
        this.logger.warn(`event ${envelope.id} (${envelope.type}) failed, attempt ${attempt}: ${message}`);
        delivery.retry(retryDelay(attempt, this.settings.retryBaseMs));
      }
    }
  }

  private countOutage(id: string): void {
    this.outages.set(id, (this.outages.get(id) ?? 0) + 1);
    if (this.outages.size > OUTAGES_REMEMBERED) this.outages.delete(this.outages.keys().next().value as string);
  }

  /** Applies an event once: false when the inbox shows it was applied before. */
  async apply(envelope: EventEnvelope): Promise<boolean> {
    const inOneStatement = this.statementHandlers.get(envelope.type);
    if (inOneStatement) return inOneStatement(envelope, this.inboxRecord(envelope));
    return this.inTransaction(envelope, this.handlers.get(envelope.type) ?? []);
  }

  /** The inbox record and the handlers in one transaction. */
  private inTransaction(envelope: EventEnvelope, handlers: EventHandlerFn[]): Promise<boolean> {
    const schema = this.settings.service;
    return this.dataSource.transaction(async (m: EntityManager) => {
      const inserted: unknown[] = await m.query(
        prepared(`INSERT INTO "${schema}".inbox (event_id, type) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING event_id`),
        [envelope.id, envelope.type],
      );
      if (inserted.length === 0) return false;
      for (const handle of handlers) await handle(envelope, m);
      return true;
    });
  }

  private inboxRecord(envelope: EventEnvelope): InboxRecord {
    const schema = this.settings.service;
    return {
      insert: (offset, guard) => ({
        sql: `INSERT INTO "${schema}".inbox (event_id, type) SELECT $${offset + 1}::uuid, $${offset + 2}::text${guard ? ` WHERE ${guard}` : ''}
              ON CONFLICT DO NOTHING RETURNING event_id`,
        params: [envelope.id, envelope.type],
      }),
      inTransaction: (handle) => this.inTransaction(envelope, [handle]),
    };
  }

  private async deadLetter(envelope: EventEnvelope, error: string, attempts: number): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO "${this.settings.service}".dead_letter (id, event_id, type, envelope, error, attempts)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (event_id) WHERE replayed_at IS NULL DO UPDATE SET error = EXCLUDED.error, attempts = EXCLUDED.attempts`,
      [newId(), envelope.id, envelope.type, JSON.stringify(envelope), error.slice(0, 2000), attempts],
    );
  }

  async listDeadLetters(page: number, pageSize: number): Promise<Page<DeadLetterView>> {
    const schema = this.settings.service;
    const [rows, count] = await Promise.all([
      this.dataSource.query(
        `SELECT id, event_id, type, envelope, error, attempts, created_at, replayed_at
           FROM "${schema}".dead_letter ORDER BY created_at DESC LIMIT $1 OFFSET $2`,
        [pageSize, (page - 1) * pageSize],
      ),
      this.dataSource.query(`SELECT count(*)::int AS n FROM "${schema}".dead_letter`),
    ]);
    return {
      items: rows.map((r: Record<string, unknown>) => ({
        id: r.id as string,
        service: schema,
        eventId: r.event_id as string,
        type: r.type as string,
        attempts: r.attempts as number,
        error: r.error as string,
        createdAt: (r.created_at as Date).toISOString(),
        replayedAt: r.replayed_at ? (r.replayed_at as Date).toISOString() : null,
        envelope: r.envelope as EventEnvelope,
      })),
      total: count[0].n as number,
      page,
      pageSize,
    };
  }

  /** Runs a dead-lettered event again, after the operator fixed its cause. */
  async replay(id: string): Promise<{ replayed: boolean; applied: boolean }> {
    const schema = this.settings.service;
    const rows: Array<{ envelope: EventEnvelope; replayed_at: Date | null }> = await this.dataSource.query(
      `SELECT envelope, replayed_at FROM "${schema}".dead_letter WHERE id = $1`,
      [id],
    );
    if (rows.length === 0) throw notFound('Dead letter', { id });
    if (rows[0].replayed_at) throw conflict('This dead letter was replayed already', { id });
    let applied: boolean;
    try {
      applied = await this.apply(rows[0].envelope);
    } catch (error) {
      await this.dataSource.query(
        `UPDATE "${schema}".dead_letter SET attempts = attempts + 1, error = $2 WHERE id = $1`,
        [id, (error instanceof Error ? error.message : String(error)).slice(0, 2000)],
      );
      throw conflict('The event failed again', { id, error: error instanceof Error ? error.message : String(error) });
    }
    await this.dataSource.query(`UPDATE "${schema}".dead_letter SET replayed_at = now() WHERE id = $1`, [id]);
    return { replayed: true, applied };
  }
}
