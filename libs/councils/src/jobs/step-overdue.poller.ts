import { Injectable, Logger } from '@nestjs/common';
import { CouncilsEvents, type Actor, type StepOverdueData } from '@gz/contracts';
import { Clock, Outbox, PollingJob, type PollBatch } from '@gz/platform';
import { DataSource } from 'typeorm';
import { CouncilsConfig } from '../councils.config';
import { stepOrdinal } from '../domain/deliberation';
import { DeliberationStore } from '../persistence/deliberation.store';

const BATCH = 50;

/** Who marks steps overdue, as the events name it. */
const STEP_CLOCK: Actor = { kind: 'system', id: 'councils', roles: [], scopes: [], username: '民情协商' };

/**
 * A step's deadline is its row: the poller claims undone steps past their deadline and not yet
 * marked (FOR UPDATE SKIP LOCKED), marks them overdue and publishes step.overdue in the same
 * transaction, so each step is published once per deadline (a new deadline clears the mark).
 */
@Injectable()
export class StepOverduePoller extends PollingJob {
  protected readonly logger = new Logger('Councils:StepOverdue');

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    config: CouncilsConfig,
    private readonly store: DeliberationStore,
  ) {
    super(config.STEP_OVERDUE_POLL_MS, BATCH);
  }

  protected async batch(): Promise<PollBatch> {
    const now = this.clock.now();
    return this.dataSource.transaction(async (m) => {
      const due = await this.store.markOverdue(m, now, BATCH);
      await this.outbox.addMany(
        m,
        due.map((s) => {
          const data: StepOverdueData = {
            topicId: s.topic_id,
            compoundId: s.compound_id,
            street: s.street_code,
            communityPath: s.community_path,
            step: s.step,
            ordinal: stepOrdinal(s.step),
            ownerId: s.owner_id,
            deadline: s.deadline!.toISOString(),
            at: now.toISOString(),
          };
          return { type: CouncilsEvents.stepOverdue, street: s.street_code, actor: STEP_CLOCK, data };
        }),
      );
      return { claimed: due.length, done: due.length };
    });
  }
}
