import { Injectable, Logger } from '@nestjs/common';
import { PollingJob, type PollBatch } from '@gz/platform';
import { Counter, Gauge } from 'prom-client';
import { DataSource, type EntityManager } from 'typeorm';
import { isControl, projectBatch, stateKeysOf, type BatchEffects } from '../domain/batch';
import { EvaluationConfig } from '../evaluation.config';
import { LogStore } from '../persistence/log.store';
import { ProjectionStore, type GenerationRow } from '../persistence/projection.store';
import { ProjectionState, type LogEntry } from '../domain/projection';

const applied = new Counter({
  name: 'gz_evaluation_log_applied_total',
  help: 'Log entries the evaluation projector applied, by generation state (live, building)',
  labelNames: ['state'] as const,
});
const lag = new Gauge({
  name: 'gz_evaluation_projection_lag_entries',
  help: 'Log entries not yet applied to the live projection',
});

/** A batch read and projected, waiting to be written. */
interface Prepared {
  entries: LogEntry[];
  batch: LogEntry[];
  control: number;
  state: ProjectionState;
  effects: BatchEffects;
}

const EMPTY: BatchEffects = { facts: new Map(), durations: new Map(), controls: [], unknown: 0 };

/**
 * Applies evaluation's log to the facts: each generation (the live one, and a rebuild beside it)
 * goes through the log in order, one batch per transaction that also moves its position, so an
 * entry is applied exactly once per generation whatever crashes. A rebuilt generation replaces
 * the live one when it has caught up; the old one's rows are then dropped. With more waiting
 * than a batch, the next batch is read and projected while this one is written (two cores: the
 * database writes one batch while this process projects the next).
 */
@Injectable()
export class ProjectorJob extends PollingJob {
  protected readonly logger = new Logger('EvaluationProjector');
  /** per generation, its next batch read and projected while this one is written */
  private readonly next = new Map<number, { after: string; work: Promise<Prepared> }>();
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
    for (const id of [...this.next.keys(), ...this.ahead.keys()])
      if (!generations.some((g) => g.id === id)) {
        this.next.delete(id);
        this.ahead.delete(id);
      }
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
      // derived data, redone from the log if a crash loses the commit: no need to wait for its flush
      await m.query(`SET LOCAL synchronous_commit = off`);
      const row = await this.projection.lock(m, g.id);
      if (!row) return 0;
      const next = this.next.get(g.id);
      this.next.delete(g.id);
      const p =
        (next && next.after === row.position ? await next.work.catch(() => undefined) : undefined) ??
        (await this.prepare(m, g.id, row.position, horizon));
      if (p.batch.length === 0) return 0;
      const last = p.batch[p.batch.length - 1].seq;
      // more waiting: project the next batch (on another connection) while this one is written
      if (p.batch.length === this.batchSize) {
        const work = this.prepare(this.dataSource.manager, g.id, last, horizon, p.state);
        work.catch(() => undefined); // prepared again in its turn if this fails
        this.next.set(g.id, { after: last, work });
      }
      await this.projection.write(m, g.id, p.state, p.effects, last);
      await this.projection.setPosition(m, g.id, last);
      applied.inc({ state: row.state }, p.batch.length);
      // a short batch cut at a control entry is not the end of the log
      return p.control >= 0 && p.batch.length < p.entries.length ? this.batchSize : p.batch.length;
    });
  }

  /**
   * Reads and projects the batch after `after`. `carried` is the state of the batch before it
   * when that one is still being written: its keys are taken from it, the rest read from the
   * tables (which that batch does not change). Used only once the position is `after`.
   */
  private async prepare(
    m: EntityManager,
    generation: number,
    after: string,
    horizon: string,
    carried?: ProjectionState,
  ): Promise<Prepared> {
    const entries = await this.entriesAfter(generation, after, horizon);
    const control = entries.findIndex((e) => isControl(e.envelope.type));
    const batch = control >= 0 ? entries.slice(0, control + 1) : entries;
    if (batch.length === 0) return { entries, batch, control, state: new ProjectionState(), effects: EMPTY };
    if (batch.length === this.batchSize) this.readAhead(generation, batch[batch.length - 1].seq, horizon);
    const state = await this.projection.loadState(m, generation, stateKeysOf(batch), carried);
    return { entries, batch, control, state, effects: projectBatch(batch, state) };
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
