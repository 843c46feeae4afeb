import type { Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';

/** What one pass of a polling job did: the rows it claimed (a full batch means more may wait) and those it acted on. */
export interface PollBatch {
  claimed: number;
  done: number;
}

/**
 * A job that polls due rows (deadlines, vote times, reminders) every `pollMs`: the rows are its
 * state, claimed with FOR UPDATE SKIP LOCKED by `batch()`, so replicas share the work and a
 * restart loses nothing. One pass at a time; a pass drains full batches until one comes back short;
 * shutdown waits for the pass under way. `pollMs` 0 turns the timer off (tests call `tick()`).
 */
export abstract class PollingJob implements OnApplicationBootstrap, OnApplicationShutdown {
  protected abstract readonly logger: Logger;
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(
    private readonly pollMs: number,
    /** the largest batch `batch()` claims */
    protected readonly batchSize: number,
  ) {}

  /** Claims up to `batchSize` due rows and acts on them, in one transaction. */
  protected abstract batch(): Promise<PollBatch>;

  onApplicationBootstrap(): void {
    if (this.pollMs <= 0) return;
    this.timer = setInterval(() => void this.tick().catch((e: unknown) => this.logger.error(String(e))), this.pollMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** Acts on every row due now; answers how many it acted on. A pass already under way is joined. */
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
      const { claimed, done } = await this.batch();
      total += done;
      if (claimed < this.batchSize) return total;
    }
  }
}
