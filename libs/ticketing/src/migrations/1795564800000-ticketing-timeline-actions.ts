import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One vocabulary on the timeline: each entry is named by the past tense of the event it stands
 * for (`open` → `opened`, `dispatch` → `dispatched`, a department's result `department_handled`
 * and the grid's `handled_in_grid` → `handled`, a duplicate merged into the ticket
 * `duplicate_merged` → `merged`). `down` tells the old names apart again by what the entries
 * hold: a step moved the ticket (`to_state`), a department's entry names its assignment.
 */
export class TicketingTimelineActions1795564800000 implements MigrationInterface {
  name = 'TicketingTimelineActions1795564800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      UPDATE "ticketing".ticket_event SET action = CASE action
          WHEN 'open' THEN 'opened'
          WHEN 'reject' THEN 'rejected'
          WHEN 'merge' THEN 'merged'
          WHEN 'duplicate_merged' THEN 'merged'
          WHEN 'dispatch' THEN 'dispatched'
          WHEN 'acknowledge' THEN 'acknowledged'
          WHEN 'hand_back' THEN 'handed_back'
          WHEN 'handled_in_grid' THEN 'handled'
          WHEN 'department_handled' THEN 'handled'
          WHEN 'check' THEN 'checked'
          WHEN 'reopen' THEN 'reopened'
          WHEN 'close' THEN 'closed'
          WHEN 'rate' THEN 'rated'
        END
       WHERE action IN ('open', 'reject', 'merge', 'duplicate_merged', 'dispatch', 'acknowledge', 'hand_back',
                        'handled_in_grid', 'department_handled', 'check', 'reopen', 'close', 'rate')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      UPDATE "ticketing".ticket_event SET action = CASE
          WHEN action = 'merged' AND to_state IS NULL THEN 'duplicate_merged'
          WHEN action = 'handled' AND (to_state IS NULL OR data ? 'assignmentId') THEN 'department_handled'
          WHEN action = 'handled' THEN 'handled_in_grid'
          -- recorded without moving the ticket: the old names were these already
          WHEN to_state IS NULL THEN action
          WHEN action = 'opened' THEN 'open'
          WHEN action = 'rejected' THEN 'reject'
          WHEN action = 'merged' THEN 'merge'
          WHEN action = 'dispatched' THEN 'dispatch'
          WHEN action = 'acknowledged' THEN 'acknowledge'
          WHEN action = 'handed_back' THEN 'hand_back'
          WHEN action = 'checked' THEN 'check'
          WHEN action = 'reopened' THEN 'reopen'
          WHEN action = 'closed' THEN 'close'
          WHEN action = 'rated' THEN 'rate'
        END
       WHERE action IN ('opened', 'rejected', 'merged', 'dispatched', 'acknowledged', 'handed_back', 'handled',
                        'checked', 'reopened', 'closed', 'rated')`);
  }
}
