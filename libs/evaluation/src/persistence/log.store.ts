import { Injectable } from '@nestjs/common';
import type { EventEnvelope } from '@gz/contracts';
import { fastRead, type InboxRecord } from '@gz/platform';
import { DataSource, type EntityManager } from 'typeorm';
import type { LogEntry } from '../domain/projection';

/**
 * The lock that orders the log: every append holds it shared until it commits, and taking it
 * exclusively (a moment) waits for those under way, so the largest position read then has no
 * gap left to fill: the projector never passes an entry that commits later with a smaller seq.
 */
const LOG_LOCK = "hashtext('gz-evaluation-log')";

/**
 * Evaluation's own log: every event it consumed and every input it took, in the order it took
 * them. It is the history a rebuild replays and is kept for good (JetStream keeps events 7 days);
 * one row per event id, so a redelivery is never logged twice.
 */
@Injectable()
export class LogStore {
  constructor(private readonly dataSource: DataSource) {}

  /** Logs a consumed event and records it in the inbox, in one statement (false: seen before). */
  async appendConsumed(e: EventEnvelope<unknown>, inbox: InboxRecord): Promise<boolean> {
    const own = [e.id, e.type, e.street, e.occurredAt, JSON.stringify(e)];
    const i = inbox.insert(own.length, `(SELECT pg_advisory_xact_lock_shared(${LOG_LOCK})::text) = ''`);
    const rows = await fastRead<{ seq: string }>(
      this.dataSource,
      `WITH i AS (${i.sql})
       INSERT INTO "evaluation".event_log (event_id, type, street, occurred_at, envelope)
       SELECT $1, $2, $3, $4, $5::jsonb FROM i
       ON CONFLICT (event_id) DO NOTHING RETURNING seq`,
      [...own, ...i.params],
    );
    return rows.length > 0;
  }

  /** Logs one of evaluation's own inputs in the caller's transaction; answers its position. */
  async appendOwn(m: EntityManager, e: EventEnvelope): Promise<string> {
    await m.query(`SELECT pg_advisory_xact_lock_shared(${LOG_LOCK})::text`);
    const [row] = await m.query(
      `INSERT INTO "evaluation".event_log (event_id, type, street, occurred_at, envelope)
       VALUES ($1, $2, $3, $4, $5::jsonb) RETURNING seq::text AS seq`,
      [e.id, e.type, e.street, e.occurredAt, JSON.stringify(e)],
    );
    return row.seq as string;
  }

  /** Logs many of evaluation's own inputs in one statement (an import's rows); answers the last position. */
  async appendOwnMany(m: EntityManager, events: readonly EventEnvelope[]): Promise<string> {
    await m.query(`SELECT pg_advisory_xact_lock_shared(${LOG_LOCK})::text`);
    const [row] = await m.query(
      `WITH added AS (
         INSERT INTO "evaluation".event_log (event_id, type, street, occurred_at, envelope)
         SELECT (e->>'id')::uuid, e->>'type', e->>'street', (e->>'occurredAt')::timestamptz, e
           FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS t(e, n) ORDER BY n
         RETURNING seq)
       SELECT coalesce(max(seq), 0)::text AS seq FROM added`,
      [JSON.stringify(events)],
    );
    return row.seq as string;
  }

  /** The last position of the log, every entry up to it committed. */
  async horizon(): Promise<string> {
    return this.dataSource.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(${LOG_LOCK})::text`);
      const [row] = await m.query(`SELECT coalesce(max(seq), 0)::text AS seq FROM "evaluation".event_log`);
      return row.seq as string;
    });
  }

  /** Entries after `after` up to `upTo`, in order. */
  async read(m: EntityManager, after: string, upTo: string, limit: number): Promise<LogEntry[]> {
    const rows: Array<{ seq: string; envelope: EventEnvelope }> = await m.query(
      `SELECT seq::text AS seq, envelope FROM "evaluation".event_log WHERE seq > $1 AND seq <= $2 ORDER BY event_log.seq LIMIT $3`,
      [after, upTo, limit],
    );
    return rows;
  }

  async end(): Promise<string> {
    const [row] = await fastRead<{ seq: string }>(
      this.dataSource,
      `SELECT coalesce(max(seq), 0)::text AS seq FROM "evaluation".event_log`,
      [],
    );
    return row.seq;
  }
}
