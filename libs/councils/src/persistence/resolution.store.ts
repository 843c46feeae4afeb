import { Injectable } from '@nestjs/common';
import type { TaskDoneBy, TaskPlace, TaskState } from '@gz/contracts';
import { fastRead, newId, updateReturning } from '@gz/platform';
import { DataSource, type EntityManager } from 'typeorm';

export interface ResolutionRow {
  id: string;
  topic_id: string;
  topic_title: string;
  compound_id: string;
  street_code: string;
  community_path: string;
  action: string;
  implementer: string;
  due_by: Date;
  published_by: string;
  published_at: Date;
}

export interface TaskRow {
  id: string;
  resolution_id: string;
  title: string;
  place: TaskPlace | null;
  state: TaskState;
  progress: number;
  note: string | null;
  ticket_id: string | null;
  done_by: TaskDoneBy | null;
  done_at: Date | null;
}

/** A task with what events about it need of its resolution. */
export type TaskWithPlace = TaskRow & { compound_id: string; street_code: string; community_path: string };

export interface NoticeRow {
  id: string;
  title: string;
  body: string;
  posted_at: Date;
}

export interface ClosedVoteRow {
  id: string;
  title: string;
  matter: string;
  result: { passed?: boolean } | null;
  closed_at: Date;
}

const RESOLUTION = `SELECT r.*, t.title AS topic_title FROM "councils".resolution r JOIN "councils".topic t ON t.id = r.topic_id`;
const TASK = `SELECT k.*, r.compound_id, r.street_code, r.community_path
  FROM "councils".resolution_task k JOIN "councils".resolution r ON r.id = k.resolution_id`;

/** Resolutions, their tasks, and the notices of the public board. */
@Injectable()
export class ResolutionStore {
  constructor(private readonly dataSource: DataSource) {}

  async topic(id: string): Promise<{ id: string; compound_id: string; state: string; title: string } | undefined> {
    const rows = await fastRead<{ id: string; compound_id: string; state: string; title: string }>(
      this.dataSource,
      `SELECT id, compound_id, state, title FROM "councils".topic WHERE id = $1`,
      [id],
    );
    return rows[0];
  }

  async insert(m: EntityManager, r: Omit<ResolutionRow, 'id' | 'topic_title'>): Promise<string> {
    const id = newId();
    await m.query(
      `INSERT INTO "councils".resolution (id, topic_id, compound_id, street_code, community_path, action, implementer,
              due_by, published_by, published_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        id,
        r.topic_id,
        r.compound_id,
        r.street_code,
        r.community_path,
        r.action,
        r.implementer,
        r.due_by,
        r.published_by,
        r.published_at,
      ],
    );
    return id;
  }

  async read(id: string, m?: EntityManager): Promise<ResolutionRow | undefined> {
    const rows: ResolutionRow[] = m
      ? await m.query(`${RESOLUTION} WHERE r.id = $1`, [id])
      : await fastRead<ResolutionRow>(this.dataSource, `${RESOLUTION} WHERE r.id = $1`, [id]);
    return rows[0];
  }

  async ofCompound(compoundId: string): Promise<ResolutionRow[]> {
    return fastRead<ResolutionRow>(
      this.dataSource,
      `${RESOLUTION} WHERE r.compound_id = $1 ORDER BY r.published_at DESC LIMIT 100`,
      [compoundId],
    );
  }

  async tasksOf(resolutionIds: string[]): Promise<TaskRow[]> {
    if (resolutionIds.length === 0) return [];
    return fastRead<TaskRow>(
      this.dataSource,
      `SELECT * FROM "councils".resolution_task WHERE resolution_id = ANY($1) ORDER BY created_at, id`,
      [resolutionIds],
    );
  }

  async insertTask(
    m: EntityManager,
    t: { resolutionId: string; title: string; place: TaskPlace | null; by: string; at: Date },
  ): Promise<TaskRow> {
    const [row] = await updateReturning<TaskRow>(
      m,
      `INSERT INTO "councils".resolution_task (id, resolution_id, title, place, state, created_by, created_at, updated_at)
       VALUES ($1, $2, $3, $4, 'open', $5, $6, $6) RETURNING *`,
      [newId(), t.resolutionId, t.title, t.place ? JSON.stringify(t.place) : null, t.by, t.at],
    );
    return row;
  }

  async task(id: string): Promise<TaskWithPlace | undefined> {
    const rows = await fastRead<TaskWithPlace>(this.dataSource, `${TASK} WHERE k.id = $1`, [id]);
    return rows[0];
  }

  /** Sets the progress of a task not yet done; 100 makes it done. */
  async progress(
    m: EntityManager,
    id: string,
    progress: number,
    note: string | null,
    at: Date,
  ): Promise<TaskRow | undefined> {
    const [row] = await updateReturning<TaskRow>(
      m,
      `UPDATE "councils".resolution_task SET progress = $2::smallint, note = COALESCE($3::text, note), updated_at = $4::timestamptz,
              state = CASE WHEN $2::smallint = 100 THEN 'done' ELSE state END,
              done_by = CASE WHEN $2::smallint = 100 THEN 'progress' ELSE done_by END,
              done_at = CASE WHEN $2::smallint = 100 THEN $4::timestamptz ELSE done_at END
        WHERE id = $1 AND state <> 'done' RETURNING *`,
      [id, progress, note, at],
    );
    return row;
  }

  /** Keeps the ticket a task was sent as (only an open task without one). */
  async ticketed(id: string, ticketId: string, at: Date): Promise<TaskRow | undefined> {
    const [row] = await updateReturning<TaskRow>(
      this.dataSource.manager,
      `UPDATE "councils".resolution_task SET state = 'ticketed', ticket_id = $2, updated_at = $3
        WHERE id = $1 AND state = 'open' AND ticket_id IS NULL RETURNING *`,
      [id, ticketId, at],
    );
    return row;
  }

  /** The task that follows this ticket, done now (undefined when none, or already done). */
  async doneByTicket(m: EntityManager, ticketId: string, by: TaskDoneBy, at: Date): Promise<TaskWithPlace | undefined> {
    const [row] = await updateReturning<TaskRow>(
      m,
      `UPDATE "councils".resolution_task SET state = 'done', progress = CASE WHEN $2::text = 'ticket.closed' THEN 100 ELSE progress END,
              done_by = $2::text, done_at = $3::timestamptz, updated_at = $3::timestamptz
        WHERE ticket_id = $1::text AND state <> 'done' RETURNING *`,
      [ticketId, by, at],
    );
    if (!row) return undefined;
    const [r] = await m.query(
      `SELECT compound_id, street_code, community_path FROM "councils".resolution WHERE id = $1`,
      [row.resolution_id],
    );
    return { ...row, ...(r as Pick<TaskWithPlace, 'compound_id' | 'street_code' | 'community_path'>) };
  }

  async insertNotice(c: { compoundId: string; title: string; body: string; by: string; at: Date }): Promise<NoticeRow> {
    const [row] = await updateReturning<NoticeRow>(
      this.dataSource.manager,
      `INSERT INTO "councils".board_notice (id, compound_id, title, body, posted_by, posted_at)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id, title, body, posted_at`,
      [newId(), c.compoundId, c.title, c.body, c.by, c.at],
    );
    return row;
  }

  async notices(compoundId: string): Promise<NoticeRow[]> {
    return fastRead<NoticeRow>(
      this.dataSource,
      `SELECT id, title, body, posted_at FROM "councils".board_notice WHERE compound_id = $1 ORDER BY posted_at DESC LIMIT 50`,
      [compoundId],
    );
  }

  async closedVotes(compoundId: string): Promise<ClosedVoteRow[]> {
    return fastRead<ClosedVoteRow>(
      this.dataSource,
      `SELECT id, title, matter, result, closed_at FROM "councils".vote
        WHERE compound_id = $1 AND status = 'closed' ORDER BY closed_at DESC LIMIT 50`,
      [compoundId],
    );
  }
}
