import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DispatchEvents } from '@gz/contracts';
import { newId, Outbox } from '@gz/platform';
import { Counter } from 'prom-client';
import { DataSource } from 'typeorm';
import { Clock } from './clock';
import { DispatchConfig } from './dispatch.config';
import { DispatchService } from './dispatch.service';
import { decideEscalation, type TimerKind } from './domain/escalation';
import type { AssignmentRow } from './views';

export const escalations = new Counter({
  name: 'gz_dispatch_escalations_total',
  help: 'Missed deadlines escalated, by target and reason',
  labelNames: ['to', 'reason'] as const,
});

interface DueRow {
  timer_id: string;
  kind: TimerKind;
  level: number;
  due_at: Date;
}

const BATCH = 100;

/**
 * Deadlines are rows (`dispatch.timer`) with a due time, never in-memory timers: the poller claims
 * due rows with FOR UPDATE SKIP LOCKED (so replicas share the work and a restart loses nothing),
 * decides, and in the same transaction marks the timer fired, escalates the assignment, schedules
 * the next level and writes the event to the outbox.
 */
@Injectable()
export class EscalationPoller implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Dispatch:Deadlines');
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    private readonly config: DispatchConfig,
    private readonly dispatch: DispatchService,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.TIMER_POLL_MS <= 0) return;
    this.timer = setInterval(
      () => void this.tick().catch((e: unknown) => this.logger.error(String(e))),
      this.config.TIMER_POLL_MS,
    );
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** Handles every timer due by the clock's now; answers how many escalated. */
  async tick(): Promise<number> {
    if (this.running) return this.running;
    this.running = this.drain().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const { claimed, escalated } = await this.batch();
      total += escalated;
      if (claimed < BATCH) return total;
    }
  }

  private async batch(): Promise<{ claimed: number; escalated: number }> {
    const now = this.clock.now();
    return this.dataSource.transaction(async (m) => {
      const due: Array<DueRow & AssignmentRow> = await m.query(
        `SELECT t.id AS timer_id, t.kind, t.level, t.due_at, a.*
           FROM "dispatch".timer t JOIN "dispatch".assignment a ON a.id = t.assignment_id
          WHERE t.fired_at IS NULL AND t.cancelled_at IS NULL AND t.due_at <= $1
          ORDER BY t.due_at LIMIT ${BATCH}
          FOR UPDATE OF t, a SKIP LOCKED`,
        [now],
      );
      let escalated = 0;
      for (const row of due) {
        const decision = decideEscalation(
          { kind: row.kind, level: row.level, dueAt: row.due_at },
          row.status,
          this.config.ESCALATE_TO_DISTRICT_AFTER_MIN,
        );
        if (!decision.escalate) {
          await m.query(`UPDATE "dispatch".timer SET fired_at = $2, outcome = $3 WHERE id = $1`, [
            row.timer_id,
            now,
            decision.why,
          ]);
          continue;
        }
        await m.query(`UPDATE "dispatch".timer SET fired_at = $2, outcome = $3 WHERE id = $1`, [
          row.timer_id,
          now,
          `escalated to ${decision.to}`,
        ]);
        await m.query(
          `UPDATE "dispatch".assignment SET escalation_level = greatest(escalation_level, $2), version = version + 1, updated_at = $3 WHERE id = $1`,
          [row.id, decision.level, now],
        );
        if (decision.next)
          await m.query(
            `INSERT INTO "dispatch".timer (id, assignment_id, ticket_id, kind, level, due_at) VALUES ($1, $2, $3, $4, $5, $6)`,
            [newId(), row.id, row.ticket_id, decision.next.kind, decision.next.level, decision.next.dueAt],
          );
        await this.outbox.add(m, {
          type: DispatchEvents.escalated,
          street: row.street_code,
          actor: { kind: 'system', id: 'dispatch' },
          data: this.dispatch.escalationData(row, now, decision.level, decision.to, decision.reason, row.due_at),
        });
        escalations.inc({ to: decision.to, reason: decision.reason });
        escalated += 1;
      }
      return { claimed: due.length, escalated };
    });
  }
}
