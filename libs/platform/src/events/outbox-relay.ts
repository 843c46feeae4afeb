import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Logger } from '@nestjs/common';
import type { EventEnvelope } from '@gz/contracts';
import { Client } from 'pg';
import { Gauge, Histogram } from 'prom-client';
import type { DataSource } from 'typeorm';
import type { EventTransport, OutgoingEvent } from './event-transport';
import { prepared } from '../database/auto-prepare';
import { outboxChannel, type OutboxSink, type PendingEvent } from './outbox';

const BATCH = 200;
/** how old a row nobody is publishing must be before a table pass takes it */
const FORGOTTEN_AFTER_S = 10;
const RETENTION_SWEEP_MS = 10 * 60_000;
/** marks waiting that make the relay mark them at once rather than after its delay */
const MARK_AT_ONCE = 1000;

const relayTime = new Histogram({
  name: 'gz_outbox_relay_seconds',
  help: 'From commit (handed over) or from the row being written (table pass) until the stream stored the event, by service',
  labelNames: ['service', 'path'] as const,
  buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
});

/** The relays running in this process, whose outboxes the backlog gauges read when scraped. */
const liveRelays = new Set<OutboxRelay>();

interface Backlog {
  service: string;
  unpublished: number;
  oldestS: number;
}

let reading: Promise<Backlog[]> | undefined;

/**
 * Each running relay's backlog. A scrape collects every gauge at once, so both backlog gauges
 * share the one read in flight.
 */
function readBacklogs(): Promise<Backlog[]> {
  reading ??= Promise.all(
    [...liveRelays].map((relay) => relay.backlog().catch(() => undefined)), // a scrape never fails on one database
  )
    .then((all) => all.filter((b) => b !== undefined))
    .finally(() => {
      reading = undefined;
    });
  return reading;
}

/** A gauge of each running relay's outbox backlog, read when scraped. */
function backlogGauge(name: string, help: string, value: (b: Backlog) => number): void {
  new Gauge({
    name,
    help,
    labelNames: ['service'] as const,
    async collect() {
      this.reset();
      for (const b of await readBacklogs()) this.set({ service: b.service }, value(b));
    },
  });
}

backlogGauge(
  'gz_outbox_unpublished',
  'Events committed to a service outbox and not yet marked published (read when scraped)',
  (b) => b.unpublished,
);
backlogGauge(
  'gz_outbox_oldest_unpublished_seconds',
  'Age of the oldest event in a service outbox not yet marked published, 0 when none (read when scraped)',
  (b) => b.oldestS,
);

/**
 * Publishes a service's committed outbox rows, two ways:
 *
 * - **Handed over** (`committed`): the service's own outbox gives it each transaction's events
 *   right after COMMIT, and it publishes them in that order without reading them back, then marks
 *   them published (one UPDATE for many). Nothing is read per event.
 * - **Read from the table** (`pass`): at start, on a poll as a safety net, when woken by NOTIFY (a
 *   CLI writing the service's outbox), and whenever the handed-over path failed. Rows are claimed
 *   with FOR UPDATE SKIP LOCKED, so several instances can relay together.
 *
 * Until a table pass finds nothing left (at start, and after a failure) handed-over events are
 * left to the table passes too, so that an aggregate's events reach the stream in order. A row is
 * marked published only after the stream acknowledged it, so a failure (NATS down, a crash)
 * leaves it to be published again; the stream's dedup (message id = event id) and the consumers'
 * inbox make a repeat harmless.
 */
export class OutboxRelay implements OutboxSink {
  /** this instance, in the rows its outbox writes: host, process and a random part */
  readonly writer = `${hostname()}/${process.pid}/${randomBytes(3).toString('hex')}`;
  private readonly logger: Logger;
  private timer?: NodeJS.Timeout;
  private listener?: Client;
  private running = false;
  private again = false;
  private stopped = false;
  private lastSweep = 0;
  private failing = false;
  private idle: Promise<void> = Promise.resolve();
  /** true until a table pass found nothing left: handed-over events wait for the table passes */
  private catchingUp = true;
  private readonly handed: PendingEvent[] = [];
  /** when each of `handed` was handed over (ms since the epoch) */
  private readonly handedAt: number[] = [];
  /** ids handed over and not yet marked published: table passes leave them alone */
  private readonly inFlight = new Set<string>();
  private publishing?: Promise<void>;
  private readonly toMark: string[] = [];
  private marking?: Promise<void>;
  private markNow?: () => void;

  /**
   * `markDelayMs`: how long published events wait to be marked, so that one UPDATE marks many.
   * An event published but not yet marked when the process dies is published again after the
   * restart; the stream's duplicate window and the consumers' inbox drop the repeat.
   */
  constructor(
    private readonly schema: string,
    private readonly dataSource: DataSource,
    private readonly transport: EventTransport,
    private readonly databaseUrl: string,
    private readonly pollMs: number,
    private readonly markDelayMs = 0,
  ) {
    this.logger = new Logger(`OutboxRelay:${schema}`);
  }

  async start(): Promise<void> {
    this.stopped = false;
    this.catchingUp = true;
    liveRelays.add(this);
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
          const taken = await this.pass();
          full = taken === BATCH;
          if (this.failing) this.logger.log('publishing again');
          this.failing = false;
          // Nothing left, and nothing committed meanwhile: what is handed over from now on is
          // newer than anything in the table, so it may go straight to the stream.
          if (taken === 0 && !this.again) this.catchingUp = false;
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

  /**
   * Events whose transaction just committed, from this service's outbox. Published at once, in
   * the order handed over; while catching up, left to the table passes.
   */
  committed(rows: PendingEvent[]): void {
    if (this.stopped) return;
    if (this.catchingUp) {
      this.kick();
      return;
    }
    const at = Date.now();
    for (const row of rows) {
      this.handed.push(row);
      this.handedAt.push(at);
      this.inFlight.add(row.id);
    }
    this.publishing ??= this.publishHanded().finally(() => {
      this.publishing = undefined;
    });
  }

  private async publishHanded(): Promise<void> {
    while (this.handed.length > 0 && !this.stopped) {
      const batch = this.handed.splice(0, BATCH);
      const handedAt = this.handedAt.splice(0, BATCH);
      let results: Array<PromiseSettledResult<void>>;
      try {
        results = await this.transport.publishAll(batch.map(outgoing));
      } catch (reason) {
        results = batch.map((): PromiseRejectedResult => ({ status: 'rejected', reason }));
      }
      const stored: string[] = [];
      const now = Date.now();
      batch.forEach((row, i) => {
        if (results[i].status === 'fulfilled') {
          stored.push(row.id);
          relayTime.observe({ service: this.schema, path: 'handed' }, (now - handedAt[i]) / 1000);
        } else this.inFlight.delete(row.id);
      });
      if (stored.length > 0) this.markPublished(stored);
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) {
        // What was not stored, and everything handed over after it, is left to the table
        // passes, which publish it in order once the stream takes events again.
        if (!this.failing)
          this.logger.warn(
            `cannot publish yet: ${failed.reason instanceof Error ? failed.reason.message : String(failed.reason)}`,
          );
        this.failing = true;
        this.catchingUp = true;
        for (const row of this.handed) this.inFlight.delete(row.id);
        this.handed.length = 0;
        this.handedAt.length = 0;
        this.kick();
      }
    }
  }

  /**
   * Marks stored events published: one UPDATE at a time, each for all that waited up to
   * `markDelayMs` (less when many wait, or when the relay stops).
   */
  private markPublished(ids: string[]): void {
    this.toMark.push(...ids);
    if (this.toMark.length >= MARK_AT_ONCE) this.markNow?.();
    this.marking ??= (async () => {
      while (this.toMark.length > 0) {
        if (this.markDelayMs > 0 && !this.stopped && this.toMark.length < MARK_AT_ONCE)
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, this.markDelayMs);
            timer.unref();
            this.markNow = () => {
              clearTimeout(timer);
              resolve();
            };
          });
        this.markNow = undefined;
        const batch = this.toMark.splice(0, this.toMark.length);
        try {
          await this.dataSource.query(
            prepared(`UPDATE "${this.schema}".outbox SET published_at = now() WHERE id = ANY($1::uuid[]) AND published_at IS NULL`),
            [batch],
          );
        } catch (error) {
          // Left unmarked: a table pass publishes them again, and the stream drops the repeat.
          this.logger.warn(
            `cannot mark ${batch.length} events published: ${error instanceof Error ? error.message : String(error)}`,
          );
        }
        for (const id of batch) this.inFlight.delete(id);
      }
    })().finally(() => {
      this.marking = undefined;
    });
  }

  /** Publishes one batch; returns how many rows it took (throws when some could not be published). */
  async pass(): Promise<number> {
    const { taken, error } = await this.dataSource.transaction(async (m) => {
      const rows: Array<{ id: string; subject: string; envelope: EventEnvelope; created_at: Date }> = await m.query(
        // Catching up takes every row; otherwise a row a live instance's outbox hands over (this
        // one's or another's) is left to the hand-over unless it is old enough to have been
        // forgotten: that instance crashed, or its hand-over never came. A CLI's rows (no writer)
        // are taken at once. What this relay holds (handed over, not yet marked) is never taken.
        `SELECT id, subject, envelope, created_at FROM "${this.schema}".outbox
          WHERE published_at IS NULL AND NOT (id = ANY($1::uuid[]))
            AND ($2 OR writer IS NULL OR created_at < now() - interval '${FORGOTTEN_AFTER_S} seconds')
          ORDER BY id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`,
        [[...this.inFlight], this.catchingUp],
      );
      if (rows.length === 0) return { taken: 0 };
      // In id (= time) order: an aggregate's events reach the stream in the order they happened.
      const results = await this.transport.publishAll(rows.map(outgoing));
      const stored: string[] = [];
      const now = Date.now();
      rows.forEach((r, i) => {
        if (results[i].status !== 'fulfilled') return;
        stored.push(r.id);
        relayTime.observe({ service: this.schema, path: 'table' }, Math.max(0, now - r.created_at.getTime()) / 1000);
      });
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

  /** How many events wait in the outbox unmarked, and for how long the oldest has. */
  async backlog(): Promise<Backlog> {
    const [row]: Array<{ n: number; oldest_s: number | null }> = await this.dataSource.query(
      `SELECT count(*)::int AS n, extract(epoch FROM now() - min(created_at))::float8 AS oldest_s
         FROM "${this.schema}".outbox WHERE published_at IS NULL`,
    );
    return { service: this.schema, unpublished: row.n, oldestS: Math.max(0, row.oldest_s ?? 0) };
  }

  async stop(): Promise<void> {
    liveRelays.delete(this);
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.idle.catch(() => undefined);
    await this.publishing;
    this.markNow?.();
    await this.marking;
    await this.listener?.end().catch(() => undefined);
  }
}

function outgoing(row: PendingEvent): OutgoingEvent {
  const headers: Record<string, string> = {};
  if (row.envelope.traceparent) headers.traceparent = row.envelope.traceparent;
  return { subject: row.subject, envelope: row.envelope, headers };
}
