import { Injectable, Logger } from '@nestjs/common';
import { DispatchEvents, personOf, type Actor, type AssignmentEscalatedData } from '@gz/contracts';
import { Clock, Outbox, PollingJob, type PollBatch } from '@gz/platform';
import { Counter } from 'prom-client';
import { DataSource } from 'typeorm';
import { DispatchConfig } from '../dispatch.config';
import { decideEscalation } from '../domain/escalation';
import { AssignmentStore } from '../persistence/assignment.store';
import { TimerStore } from '../persistence/timer.store';
import { assignmentEventData } from '../persistence/views';

export const escalations = new Counter({
  name: 'gz_dispatch_escalations_total',
  help: 'Missed deadlines escalated, by target and reason',
  labelNames: ['to', 'reason'] as const,
});

const BATCH = 100;

/** Who escalates, as the events name it. */
const DISPATCHER: Actor = { kind: 'system', id: 'dispatch', roles: [], scopes: [], username: '指挥调度' };

/**
 * Deadlines are rows (`dispatch.timer`) with a due time, never in-memory timers: the poller claims
 * due rows with FOR UPDATE SKIP LOCKED (so replicas share the work and a restart loses nothing),
 * decides, and in the same transaction marks the timer fired, escalates the assignment, schedules
 * the next level and writes the event to the outbox.
 */
@Injectable()
export class EscalationPoller extends PollingJob {
  protected readonly logger = new Logger('Dispatch:Deadlines');

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    private readonly config: DispatchConfig,
    private readonly timers: TimerStore,
    private readonly assignments: AssignmentStore,
  ) {
    super(config.TIMER_POLL_MS, BATCH);
  }

  protected async batch(): Promise<PollBatch> {
    const now = this.clock.now();
    return this.dataSource.transaction(async (m) => {
      const due = await this.timers.claimDue(m, now, BATCH);
      let escalated = 0;
      for (const row of due) {
        const decision = decideEscalation(
          { kind: row.kind, level: row.level, dueAt: row.due_at },
          row.status,
          this.config.ESCALATE_TO_DISTRICT_AFTER_MIN,
        );
        if (!decision.escalate) {
          await this.timers.fire(m, row.timer_id, now, decision.why);
          continue;
        }
        await this.timers.fire(m, row.timer_id, now, `escalated to ${decision.to}`);
        await this.assignments.escalate(m, row.id, decision.level, now);
        if (decision.next) await this.timers.schedule(m, row, decision.next);
        const data: AssignmentEscalatedData = {
          ...assignmentEventData(row, personOf(DISPATCHER), now),
          level: decision.level,
          to: decision.to,
          reason: decision.reason,
          dueAt: row.due_at.toISOString(),
        };
        await this.outbox.add(m, { type: DispatchEvents.escalated, street: row.street_code, actor: DISPATCHER, data });
        escalations.inc({ to: decision.to, reason: decision.reason });
        escalated += 1;
      }
      return { claimed: due.length, done: escalated };
    });
  }
}
