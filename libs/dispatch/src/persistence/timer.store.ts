import { Injectable } from '@nestjs/common';
import { newId } from '@gz/platform';
import type { EntityManager } from 'typeorm';
import type { DueTimer, TimerKind } from '../domain/escalation';
import type { AssignmentRow } from './views';

/** A due timer as claimed, with its assignment's row. */
export interface DueRow extends AssignmentRow {
  timer_id: string;
  kind: TimerKind;
  level: number;
  due_at: Date;
}

/**
 * Deadlines (`dispatch.timer`): rows with a due time, never in-memory timers. Each is fired once
 * (with its outcome) or cancelled when the work it watches is done or withdrawn.
 */
@Injectable()
export class TimerStore {
  /**
   * Up to `limit` timers due at `now`, locked with their assignments; rows another replica holds
   * are skipped, so replicas share the work.
   */
  async claimDue(m: EntityManager, now: Date, limit: number): Promise<DueRow[]> {
    return m.query(
      `SELECT t.id AS timer_id, t.kind, t.level, t.due_at, a.*
         FROM "dispatch".timer t JOIN "dispatch".assignment a ON a.id = t.assignment_id
        WHERE t.fired_at IS NULL AND t.cancelled_at IS NULL AND t.due_at <= $1
        ORDER BY t.due_at LIMIT ${limit}
        FOR UPDATE OF t, a SKIP LOCKED`,
      [now],
    );
  }

  async fire(m: EntityManager, timerId: string, now: Date, outcome: string): Promise<void> {
    await m.query(`UPDATE "dispatch".timer SET fired_at = $2, outcome = $3 WHERE id = $1`, [timerId, now, outcome]);
  }

  async schedule(
    m: EntityManager,
    assignment: Pick<AssignmentRow, 'id' | 'ticket_id'>,
    timer: DueTimer,
  ): Promise<void> {
    await m.query(
      `INSERT INTO "dispatch".timer (id, assignment_id, ticket_id, kind, level, due_at) VALUES ($1, $2, $3, $4, $5, $6)`,
      [newId(), assignment.id, assignment.ticket_id, timer.kind, timer.level, timer.dueAt],
    );
  }

  /** Cancels an assignment's pending timers (of one kind only, with `kind`). */
  async cancel(m: EntityManager, assignmentId: string, now: Date, kind?: TimerKind): Promise<void> {
    if (kind)
      await m.query(
        `UPDATE "dispatch".timer SET cancelled_at = $2 WHERE assignment_id = $1 AND kind = $3 AND fired_at IS NULL AND cancelled_at IS NULL`,
        [assignmentId, now, kind],
      );
    else
      await m.query(
        `UPDATE "dispatch".timer SET cancelled_at = $2 WHERE assignment_id = $1 AND fired_at IS NULL AND cancelled_at IS NULL`,
        [assignmentId, now],
      );
  }

  /** Cancels every pending timer of a case. */
  async cancelOfTicket(m: EntityManager, ticketId: string, now: Date): Promise<void> {
    await m.query(
      `UPDATE "dispatch".timer SET cancelled_at = $2 WHERE ticket_id = $1 AND fired_at IS NULL AND cancelled_at IS NULL`,
      [ticketId, now],
    );
  }
}
