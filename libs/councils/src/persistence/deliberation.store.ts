import { Injectable } from '@nestjs/common';
import {
  DELIBERATION_STEP_NAMES,
  DELIBERATION_STEPS,
  type DeliberationStep,
  type MeetingKind,
  type MeetingView,
  type MinutesStatus,
  type PositionStand,
  type StepView,
  type TrailVoteView,
} from '@gz/contracts';
import { fastRead, newId, Params, readPage, updateReturning } from '@gz/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { stepOrdinal } from '../domain/deliberation';

/** What the notice step stores (ISO times). */
export interface NoticeJson {
  postedAt: string;
  removedAt: string;
  meetingAt: string;
  daysBeforeMeeting: number;
  where: string | null;
}

/** A row of `councils.deliberation_step`. */
export interface StepRow {
  topic_id: string;
  step: DeliberationStep;
  ordinal: number;
  compound_id: string;
  street_code: string;
  community_path: string;
  owner_id: string | null;
  duty: string | null;
  deadline: Date | null;
  record: string | null;
  notice: NoticeJson | null;
  completed_at: Date | null;
  completed_by: string | null;
  overdue_at: Date | null;
  version: number;
}

export interface AttendeeJson {
  id: string;
  role: string;
  present: boolean;
  confirmed: boolean;
}

export interface PositionJson {
  attendeeId: string;
  stand: PositionStand;
  statement: string | null;
}

/** A row of `councils.meeting`. */
export interface MeetingRow {
  id: string;
  topic_id: string;
  step: DeliberationStep;
  kind: MeetingKind;
  title: string;
  held_at: Date;
  attendees: AttendeeJson[];
  minutes_status: MinutesStatus;
  minutes: string | null;
  positions: PositionJson[];
  final_at: Date | null;
  created_by: string;
  created_at: Date;
  version: number;
}

/** Where a topic's process starts: the topic as accepted. */
export interface ProcessStart {
  topicId: string;
  compoundId: string;
  street: string;
  communityPath: string;
  /** initial deadlines from the topic's class (deliberate by, resolve by) */
  deadlines: Partial<Record<DeliberationStep, Date | null>>;
}

export function stepView(r: StepRow): StepView {
  return {
    topicId: r.topic_id,
    step: r.step,
    name: DELIBERATION_STEP_NAMES[r.step],
    ordinal: r.ordinal,
    ownerId: r.owner_id,
    duty: r.duty,
    deadline: r.deadline?.toISOString() ?? null,
    record: r.record,
    notice: r.notice,
    completedAt: r.completed_at?.toISOString() ?? null,
    completedBy: r.completed_by,
    overdueAt: r.overdue_at?.toISOString() ?? null,
  };
}

export function meetingView(r: MeetingRow): MeetingView {
  return {
    id: r.id,
    topicId: r.topic_id,
    step: r.step,
    kind: r.kind,
    title: r.title,
    heldAt: r.held_at.toISOString(),
    attendees: r.attendees,
    minutesStatus: r.minutes_status,
    minutes: r.minutes,
    positions: r.positions,
    finalAt: r.final_at?.toISOString() ?? null,
    version: r.version,
  };
}

/**
 * The seven steps of each accepted topic (`councils.deliberation_step`), its meetings
 * (`councils.meeting`) and the votes linked to it (`councils.topic_vote`).
 */
@Injectable()
export class DeliberationStore {
  constructor(private readonly dataSource: DataSource) {}

  /** The seven rows of a topic's process; a second start is a no-op. */
  async start(m: EntityManager, s: ProcessStart): Promise<void> {
    const p = new Params();
    const values = DELIBERATION_STEPS.map(
      (step) =>
        `(${p.add(s.topicId)}, ${p.add(step)}, ${p.add(stepOrdinal(step))}, ${p.add(s.compoundId)}, ${p.add(s.street)}, ` +
        `${p.add(s.communityPath)}, ${p.add(s.deadlines[step] ?? null)})`,
    );
    await m.query(
      `INSERT INTO "councils".deliberation_step (topic_id, step, ordinal, compound_id, street_code, community_path, deadline)
       VALUES ${values.join(', ')} ON CONFLICT DO NOTHING`,
      p.values,
    );
  }

  async steps(topicId: string, m?: EntityManager): Promise<StepRow[]> {
    const sql = `SELECT * FROM "councils".deliberation_step WHERE topic_id = $1 ORDER BY ordinal`;
    return m ? m.query(sql, [topicId]) : fastRead<StepRow>(this.dataSource, sql, [topicId]);
  }

  /** The seven rows, locked for the change of one of them. */
  async lockSteps(m: EntityManager, topicId: string): Promise<StepRow[]> {
    return m.query(`SELECT * FROM "councils".deliberation_step WHERE topic_id = $1 ORDER BY ordinal FOR UPDATE`, [
      topicId,
    ]);
  }

  async assign(
    m: EntityManager,
    topicId: string,
    step: DeliberationStep,
    a: { ownerId: string; duty: string | null; deadline: Date },
  ): Promise<StepRow> {
    const [row] = await updateReturning<StepRow>(
      m,
      `UPDATE "councils".deliberation_step
          SET owner_id = $3, duty = $4, deadline = $5, overdue_at = NULL, version = version + 1
        WHERE topic_id = $1 AND step = $2 RETURNING *`,
      [topicId, step, a.ownerId, a.duty, a.deadline],
    );
    return row;
  }

  async complete(
    m: EntityManager,
    topicId: string,
    step: DeliberationStep,
    c: { record: string; notice: NoticeJson | null; by: string; at: Date },
  ): Promise<StepRow> {
    const [row] = await updateReturning<StepRow>(
      m,
      `UPDATE "councils".deliberation_step
          SET record = $3, notice = $4, completed_by = $5, completed_at = $6, version = version + 1
        WHERE topic_id = $1 AND step = $2 AND completed_at IS NULL RETURNING *`,
      [topicId, step, c.record, c.notice === null ? null : JSON.stringify(c.notice), c.by, c.at],
    );
    return row;
  }

  /** Steps past their deadline not yet marked overdue, claimed for marking (SKIP LOCKED: replicas share them). */
  /**
   * Claims up to `limit` undone steps past their deadline and not yet marked (FOR UPDATE SKIP
   * LOCKED) and marks them overdue at `now`, in one statement; answers the steps marked.
   */
  async markOverdue(m: EntityManager, now: Date, limit: number): Promise<StepRow[]> {
    return updateReturning<StepRow>(
      m,
      `UPDATE "councils".deliberation_step s SET overdue_at = $1
        FROM (SELECT topic_id, step FROM "councils".deliberation_step
               WHERE completed_at IS NULL AND overdue_at IS NULL AND deadline IS NOT NULL AND deadline < $1
               ORDER BY deadline LIMIT $2 FOR UPDATE SKIP LOCKED) due
       WHERE s.topic_id = due.topic_id AND s.step = due.step
       RETURNING s.*`,
      [now, limit],
    );
  }

  /** A compound's steps marked overdue and still not done, the longest overdue first. */
  async overdue(compoundId: string, page: number, pageSize: number): Promise<{ rows: StepRow[]; total: number }> {
    return readPage<StepRow>(this.dataSource, {
      columns: 's.*',
      from: `FROM "councils".deliberation_step s WHERE s.compound_id = $1 AND s.completed_at IS NULL AND s.overdue_at IS NOT NULL`,
      params: [compoundId],
      orderBy: 's.deadline, s.topic_id, s.ordinal',
      page,
      pageSize,
    });
  }

  // -- meetings --

  async insertMeeting(
    m: EntityManager,
    v: {
      topicId: string;
      kind: MeetingKind;
      title: string;
      heldAt: Date;
      attendees: AttendeeJson[];
      by: string;
      at: Date;
    },
  ): Promise<MeetingRow> {
    const [row] = await updateReturning<MeetingRow>(
      m,
      `INSERT INTO "councils".meeting (id, topic_id, step, kind, title, held_at, attendees, created_by, created_at)
       VALUES ($1, $2, 'deliberate', $3, $4, $5, $6, $7, $8) RETURNING *`,
      [newId(), v.topicId, v.kind, v.title, v.heldAt, JSON.stringify(v.attendees), v.by, v.at],
    );
    return row;
  }

  async meeting(id: string): Promise<MeetingRow | undefined> {
    const rows = await fastRead<MeetingRow>(this.dataSource, `SELECT * FROM "councils".meeting WHERE id = $1`, [id]);
    return rows[0];
  }

  async lockMeeting(m: EntityManager, id: string): Promise<MeetingRow | undefined> {
    const rows: MeetingRow[] = await m.query(`SELECT * FROM "councils".meeting WHERE id = $1 FOR UPDATE`, [id]);
    return rows[0];
  }

  async updateMeeting(
    m: EntityManager,
    id: string,
    v: {
      attendees: AttendeeJson[];
      minutesStatus: MinutesStatus;
      minutes: string | null;
      positions: PositionJson[];
      finalAt: Date | null;
    },
  ): Promise<MeetingRow> {
    const [row] = await updateReturning<MeetingRow>(
      m,
      `UPDATE "councils".meeting
          SET attendees = $2, minutes_status = $3, minutes = $4, positions = $5, final_at = $6, version = version + 1
        WHERE id = $1 AND minutes_status <> 'final' RETURNING *`,
      [id, JSON.stringify(v.attendees), v.minutesStatus, v.minutes, JSON.stringify(v.positions), v.finalAt],
    );
    return row;
  }

  async meetings(topicId: string): Promise<MeetingRow[]> {
    return fastRead<MeetingRow>(
      this.dataSource,
      `SELECT * FROM "councils".meeting WHERE topic_id = $1 ORDER BY held_at, created_at`,
      [topicId],
    );
  }

  async hasFinalMeeting(m: EntityManager, topicId: string): Promise<boolean> {
    const rows: unknown[] = await m.query(
      `SELECT 1 FROM "councils".meeting WHERE topic_id = $1 AND minutes_status = 'final' LIMIT 1`,
      [topicId],
    );
    return rows.length > 0;
  }

  // -- votes linked to a topic --

  async linkVote(m: EntityManager, topicId: string, voteId: string, by: string, at: Date): Promise<void> {
    await m.query(
      `INSERT INTO "councils".topic_vote (topic_id, vote_id, linked_by, linked_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
      [topicId, voteId, by, at],
    );
  }

  async votes(topicId: string): Promise<TrailVoteView[]> {
    const rows = await fastRead<{ id: string; title: string; status: string; opens_at: Date; closes_at: Date }>(
      this.dataSource,
      `SELECT v.id, v.title, v.status, v.opens_at, v.closes_at
         FROM "councils".topic_vote tv JOIN "councils".vote v ON v.id = tv.vote_id
        WHERE tv.topic_id = $1 ORDER BY v.opens_at, tv.linked_at`,
      [topicId],
    );
    return rows.map((r) => ({
      id: r.id,
      title: r.title,
      status: r.status,
      opensAt: r.opens_at.toISOString(),
      closesAt: r.closes_at.toISOString(),
    }));
  }
}
