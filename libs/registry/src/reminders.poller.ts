import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { RegistryLifeEvents, type ReminderDueEvent } from '@gz/contracts';
import { Outbox } from '@gz/platform';
import { DataSource } from 'typeorm';
import { todayInChina } from './domain/dates';
import { ReminderConfig } from './reminders.config';

const BATCH = 500;

interface DueRow {
  id: string;
  rule_id: string;
  person_id: string;
  street_code: string;
  path: string;
  title: string;
  due_on: string;
}

/**
 * The durable timer of the life tree. Nothing is held in memory: each tick inserts, set-based,
 * the reminders whose birthday is reached by today (China time) and that do not exist yet; the
 * unique (person_id, rule_id) with ON CONFLICT DO NOTHING makes a second instance, a retry or a
 * restart produce nothing twice. Each new reminder's `reminder.due` event is written to the
 * outbox in the same transaction.
 */
@Injectable()
export class RemindersPoller implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Registry:Reminders');
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
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
      const n = await this.batch(today);
      total += n;
      if (n < BATCH) return total;
    }
  }

  private async batch(today: string): Promise<number> {
    return this.dataSource.transaction(async (m) => {
      const rows: DueRow[] = await m.query(
        `WITH candidate AS (
           SELECT r.id AS rule_id, r.title, r.since, p.id AS person_id, p.street_code, p.path,
                  (p.birth_date + make_interval(years => r.age_years))::date AS due_on
             FROM "registry".reminder_rule r
             JOIN "registry".person p
               ON p.birth_date BETWEEN (r.since - make_interval(years => r.age_years))::date - 1
                                   AND ($1::date - make_interval(years => r.age_years))::date + 1
            WHERE p.present AND p.merged_into IS NULL
              AND (r.district = '*' OR r.district = split_part(p.path, '.', 1))
              AND NOT (split_part(p.path, '.', 1) = ANY (r.disabled_in))
              AND (r.tag IS NULL OR p.tags @> ARRAY[r.tag])
              AND NOT EXISTS (SELECT 1 FROM "registry".reminder x WHERE x.person_id = p.id AND x.rule_id = r.id)
         )
         INSERT INTO "registry".reminder (id, rule_id, person_id, street_code, path, title, due_on)
         SELECT gen_random_uuid(), rule_id, person_id, street_code, path, title, due_on
           FROM candidate WHERE due_on <= $1::date AND due_on >= since
          ORDER BY due_on, person_id LIMIT ${BATCH}
         ON CONFLICT (person_id, rule_id) DO NOTHING
         RETURNING id, rule_id, person_id, street_code, path, title, due_on::text AS due_on`,
        [today],
      );
      await this.outbox.addMany(
        m,
        rows.map((r) => ({
          type: RegistryLifeEvents.reminderDue,
          street: r.street_code,
          actor: { kind: 'system', id: 'registry' },
          data: {
            reminderId: r.id,
            ruleId: r.rule_id,
            personId: r.person_id,
            path: r.path,
            title: r.title,
            dueOn: r.due_on,
          },
        })),
      );
      return rows.length;
    });
  }
}
