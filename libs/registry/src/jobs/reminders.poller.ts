import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { todayInChina } from '../domain/dates';
import { ReminderStore } from '../persistence/reminder.store';
import { ReminderConfig } from '../reminders.config';

const BATCH = 500;

/**
 * The durable timer of the life tree. Nothing is held in memory: each tick inserts, set-based,
 * the reminders whose birthday is reached by today (China time) and that do not exist yet, each
 * with its `reminder.due` event in the same transaction; a second instance, a retry or a restart
 * produce nothing twice.
 */
@Injectable()
export class RemindersPoller implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Registry:Reminders');
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly reminders: ReminderStore,
    private readonly config: ReminderConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.REMINDER_POLL_MS <= 0) return;
    this.timer = setInterval(
      () => void this.tick().catch((e: unknown) => this.logger.error(String(e))),
      this.config.REMINDER_POLL_MS,
    );
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** Produces the reminders due by `today` (YYYY-MM-DD, default today in China); answers how many are new. */
  async tick(today: string = todayInChina()): Promise<number> {
    if (this.running) await this.running.catch(() => undefined);
    this.running = this.drain(today).finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async drain(today: string): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.dataSource.transaction((m) => this.reminders.insertDue(m, today, BATCH));
      total += n;
      if (n < BATCH) return total;
    }
  }
}
