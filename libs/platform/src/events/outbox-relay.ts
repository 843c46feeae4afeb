import { Logger } from '@nestjs/common';
import type { EventEnvelope } from '@gz/contracts';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import type { EventTransport, OutgoingEvent } from './event-transport';
import { outboxChannel } from './outbox';

const BATCH = 200;
const RETENTION_SWEEP_MS = 10 * 60_000;

/**
 * Publishes a service's committed outbox rows. Woken by NOTIFY at commit, and by a poll as a
 * safety net. Rows are claimed with FOR UPDATE SKIP LOCKED, so several instances can relay
 * together; a row is marked published only after the stream acknowledged it, so a failure
 * (NATS down, a crash) leaves it to be published again, and the stream's dedup (message id =
 * event id) and the consumers' inbox make the repeat harmless.
 */
export class OutboxRelay {
  private readonly logger: Logger;
  private timer?: NodeJS.Timeout;
  private listener?: Client;
  private running = false;
  private again = false;
  private stopped = false;
  private lastSweep = 0;
  private failing = false;
  private idle: Promise<void> = Promise.resolve();

  constructor(
    private readonly schema: string,
    private readonly dataSource: DataSource,
    private readonly transport: EventTransport,
    private readonly databaseUrl: string,
    private readonly pollMs: number,
  ) {
    this.logger = new Logger(`OutboxRelay:${schema}`);
  }

  async start(): Promise<void> {
    this.stopped = false;
    this.timer = setInterval(() => this.kick(), this.pollMs);
    this.timer.unref();
    void this.listen();
    this.kick();
  }

  private async listen(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({ connectionString: this.databaseUrl, application_name: `gz-${this.schema}-relay` });
    this.listener = client;
    client.on('notification', () => this.kick());
    client.on('error', () => {
      // The poll keeps relaying; try to listen again shortly.
      void client.end().catch(() => undefined);
      if (!this.stopped) setTimeout(() => void this.listen(), 1000).unref();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${outboxChannel(this.schema)}`);
    } catch {
      void client.end().catch(() => undefined);
      if (!this.stopped) setTimeout(() => void this.listen(), 1000).unref();
    }
  }

  /** Asks for a relay pass; passes never overlap. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    this.idle = this.loop().finally(() => {
      this.running = false;
    });
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      let full = true;
      while (full && !this.stopped) {
        try {
          full = (await this.pass()) === BATCH;
          if (this.failing) this.logger.log('publishing again');
          this.failing = false;
        } catch (error) {
          if (!this.failing)
            this.logger.warn(`cannot publish yet: ${error instanceof Error ? error.message : String(error)}`);
          this.failing = true;
          return;
        }
      }
    } while (this.again && !this.stopped);
    await this.sweep();
  }

  /** Publishes one batch; returns how many rows it took (throws when some could not be published). */
  async pass(): Promise<number> {
    const { taken, error } = await this.dataSource.transaction(async (m) => {
      const rows: Array<{ id: string; subject: string; envelope: EventEnvelope }> = await m.query(
        `SELECT id, subject, envelope FROM "${this.schema}".outbox
          WHERE published_at IS NULL ORDER BY id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`,
      );
      if (rows.length === 0) return { taken: 0 };
      // In id (= time) order: an aggregate's events reach the stream in the order they happened.
      const results = await this.transport.publishAll(
        rows.map((row): OutgoingEvent => {
          const headers: Record<string, string> = {};
          if (row.envelope.traceparent) headers.traceparent = row.envelope.traceparent;
          return { subject: row.subject, envelope: row.envelope, headers };
        }),
      );
      const stored = rows.filter((_, i) => results[i].status === 'fulfilled').map((r) => r.id);
      if (stored.length > 0)
        await m.query(`UPDATE "${this.schema}".outbox SET published_at = now() WHERE id = ANY($1::uuid[])`, [stored]);
      // The rest stay pending and go again at the next pass (a repeat of a stored one is dropped
      // by the stream's duplicate window and the consumers' inbox).
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      return { taken: rows.length, error: failed?.reason as unknown };
    });
    if (error !== undefined) throw error;
    return taken;
  }

  private async sweep(): Promise<void> {
    if (Date.now() - this.lastSweep < RETENTION_SWEEP_MS) return;
    this.lastSweep = Date.now();
    await this.dataSource
      .query(`DELETE FROM "${this.schema}".outbox WHERE published_at < now() - interval '1 day'`)
      .catch(() => undefined);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.idle.catch(() => undefined);
    await this.listener?.end().catch(() => undefined);
  }
}
