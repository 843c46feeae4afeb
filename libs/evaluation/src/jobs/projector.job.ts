import { Injectable, Logger } from '@nestjs/common';
import { PollingJob, type PollBatch } from '@gz/platform';
import { Counter, Gauge } from 'prom-client';
import { DataSource } from 'typeorm';
import { isControl, projectBatch, stateKeysOf } from '../domain/batch';
import { EvaluationConfig } from '../evaluation.config';
import { LogStore } from '../persistence/log.store';
import { ProjectionStore, type GenerationRow } from '../persistence/projection.store';
import type { LogEntry } from '../domain/projection';

const applied = new Counter({
  name: 'gz_evaluation_log_applied_total',
  help: 'Log entries the evaluation projector applied, by generation state (live, building)',
  labelNames: ['state'] as const,
});
const lag = new Gauge({
  name: 'gz_evaluation_projection_lag_entries',
  help: 'Log entries not yet applied to the live projection',
});

/**
 * Applies evaluation's log to the facts: each generation (the live one, and a rebuild beside it)
 * goes through the log in order, one batch per transaction that also moves its position, so an
 * entry is applied exactly once per generation whatever crashes. A rebuilt generation replaces
 * the live one when it has caught up; the old one's rows are then dropped.
 */
@Injectable()
export class ProjectorJob extends PollingJob {
  protected readonly logger = new Logger('EvaluationProjector');
  /** per generation, its next batch's entries, read while this one is applied (committed entries never change) */
  private readonly ahead = new Map<number, { after: string; entries: Promise<LogEntry[]> }>();

  constructor(
    config: EvaluationConfig,
    private readonly dataSource: DataSource,
    private readonly log: LogStore,
    private readonly projection: ProjectionStore,
  ) {
    super(config.PROJECTION_POLL_MS, config.PROJECTION_BATCH);
  }

  protected async batch(): Promise<PollBatch> {
    const horizon = await this.log.horizon();
    const generations = (await this.projection.generations()).filter((g) => g.state !== 'retired');
    let claimed = 0;
    let done = 0;
    for (const g of generations) {
      if (BigInt(g.position) >= BigInt(horizon)) continue;
      const n = await this.applyBatch(g, horizon);
      claimed = Math.max(claimed, n);
      done += n;
    }
    const after = await this.projection.generations();
    const live = after.find((g) => g.state === 'live');
    const building = after.find((g) => g.state === 'building');
    if (live) lag.set(Number(BigInt(horizon) - BigInt(live.position)));
    if (
      live &&
      building &&
      BigInt(building.position) >= BigInt(live.position) &&
      BigInt(building.position) >= BigInt(horizon)
    ) {
      if (await this.projection.swapIfCaughtUp(building.id, live.id)) {
        this.logger.log(`generation ${building.id} caught up at ${building.position}: it is live, ${live.id} retired`);
        await this.projection.dropRetired();
      }
    }
    return { claimed, done };
  }

  /** One batch of one generation: up to the first control entry, so lateness follows the log's order. */
  private async applyBatch(g: GenerationRow, horizon: string): Promise<number> {
    return this.dataSource.transaction(async (m) => {
      const row = await this.projection.lock(m, g.id);
      if (!row) return 0;
      const entries = await this.entriesAfter(g.id, row.position, horizon);
      const control = entries.findIndex((e) => isControl(e.envelope.type));
      const batch = control >= 0 ? entries.slice(0, control + 1) : entries;
      if (batch.length === 0) return 0;
      const last = batch[batch.length - 1].seq;
      if (batch.length === this.batchSize) this.readAhead(g.id, last, horizon);
      const state = await this.projection.loadState(m, g.id, stateKeysOf(batch));
      const effects = projectBatch(batch, state);
      await this.projection.write(m, g.id, state, effects, last);
      await this.projection.setPosition(m, g.id, last);
      applied.inc({ state: row.state }, batch.length);
      // a short batch cut at a control entry is not the end of the log
      return control >= 0 && batch.length < entries.length ? this.batchSize : batch.length;
    });
  }

  /** The entries after a position: those read ahead when they are the ones, else read now. */
  private async entriesAfter(generation: number, after: string, horizon: string): Promise<LogEntry[]> {
    const ahead = this.ahead.get(generation);
    this.ahead.delete(generation);
    if (ahead && ahead.after === after) {
      const entries = await ahead.entries.catch(() => undefined);
      if (entries) return entries;
    }
    return this.log.read(this.dataSource.manager, after, horizon, this.batchSize);
  }

  /** Starts reading the next batch (on another connection) while this one is projected and written. */
  private readAhead(generation: number, after: string, horizon: string): void {
    const entries = this.log.read(this.dataSource.manager, after, horizon, this.batchSize);
    entries.catch(() => undefined); // read again in its turn if this fails
    this.ahead.set(generation, { after, entries });
  }

  /** Waits (ticking) until the live projection has applied the log up to `position`; false after `timeoutMs`. */
  async caughtUp(position: string, timeoutMs: number): Promise<boolean> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      await this.tick();
      const live = (await this.projection.generations()).find((g) => g.state === 'live');
      if (live && BigInt(live.position) >= BigInt(position)) return true;
      if (Date.now() > until) return false;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}
