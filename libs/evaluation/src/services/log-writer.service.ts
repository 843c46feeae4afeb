import { Injectable } from '@nestjs/common';
import type { Actor, EvaluationEventMap } from '@gz/contracts';
import { Clock, Outbox, type NewEventOf } from '@gz/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { EvaluationConfig } from '../evaluation.config';
import { ProjectorJob } from '../jobs/projector.job';
import { LogStore } from '../persistence/log.store';

type Input = {
  [K in keyof EvaluationEventMap & string]: { type: K; street: string; data: EvaluationEventMap[K] };
}[keyof EvaluationEventMap & string];

/**
 * Evaluation's own inputs (closing a period, an incident, a street's rating, survey answers,
 * imported results) go where consumed events go: into its log, in the same transaction as the
 * event it publishes, so a rebuild replays them in their place. The command answers once the live
 * projection has applied them (read your writes).
 */
@Injectable()
export class LogWriter {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly log: LogStore,
    private readonly clock: Clock,
    private readonly projector: ProjectorJob,
    private readonly config: EvaluationConfig,
  ) {}

  /** Writes the inputs (and whatever `also` writes) in one transaction; answers the last position. */
  async record(actor: Actor, inputs: readonly Input[], also?: (m: EntityManager) => Promise<void>): Promise<string> {
    const now = this.clock.now();
    const position = await this.dataSource.transaction(async (m) => {
      if (also) await also(m);
      const envelopes = await this.outbox.addMany(
        m,
        inputs.map((i) => ({ ...i, actor, occurredAt: now }) as NewEventOf<typeof i.type>) as never,
      );
      return this.log.appendOwnMany(m, envelopes);
    });
    await this.projector.caughtUp(position, this.config.PROJECTION_WAIT_MS);
    return position;
  }
}
