import { Injectable } from '@nestjs/common';
import {
  RegistryEvents,
  type Page,
  type ReminderRuleView,
  type ReminderStatus,
  type ReminderView,
} from '@gz/contracts';
import { Outbox, Params, withinScopes } from '@gz/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { readViews, type PageWanted } from './lists';
import {
  REMINDER_COLUMNS,
  REMINDER_FROM,
  reminderView,
  ruleView,
  type ReminderRow,
  type RuleRow,
} from './reminder.views';

export interface NewRule {
  id: string;
  district: string;
  title: string;
  ageYears: number;
  tag: string | null;
  /** YYYY-MM-DD */
  since: string;
  createdBy: string;
}

interface DueRow {
  id: string;
  rule_id: string;
  person_id: string;
  street_code: string;
  path: string;
  title: string;
  due_on: string;
}

/** Life-event rules (per district, `*` for the defaults) and the reminders they produce. */
@Injectable()
export class ReminderStore {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
  ) {}

  /** Rules in force for a district (its own and the defaults), each with whether it is active there. */
  async rules(district: string): Promise<ReminderRuleView[]> {
    const rows: RuleRow[] = await this.dataSource.query(
      `SELECT id, district, title, age_years, tag, since::text AS since, NOT ($1 = ANY (disabled_in)) AS active
         FROM "registry".reminder_rule WHERE district IN ('*', $1) ORDER BY age_years, title, id`,
      [district],
    );
    return rows.map(ruleView);
  }

  async insertRule(rule: NewRule): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO "registry".reminder_rule (id, district, title, age_years, tag, since, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [rule.id, rule.district, rule.title, rule.ageYears, rule.tag, rule.since, rule.createdBy],
    );
  }

  /** The district of a rule (`*` for a default), undefined when there is none. */
  async ruleDistrict(id: string): Promise<string | undefined> {
    const [rule]: Array<{ district: string }> = await this.dataSource.query(
      `SELECT district FROM "registry".reminder_rule WHERE id = $1`,
      [id],
    );
    return rule?.district;
  }

  /** Enables or disables a rule in one district. */
  async setActive(id: string, district: string, active: boolean): Promise<void> {
    await this.dataSource.query(
      active
        ? `UPDATE "registry".reminder_rule SET disabled_in = array_remove(disabled_in, $2) WHERE id = $1`
        : `UPDATE "registry".reminder_rule SET disabled_in = array_append(array_remove(disabled_in, $2), $2) WHERE id = $1`,
      [id, district],
    );
  }

  /** Reminders within `scopes`, oldest due first, optionally of one status. */
  page(scopes: readonly string[], status: ReminderStatus | undefined, want: PageWanted): Promise<Page<ReminderView>> {
    const p = new Params();
    const where = [withinScopes('x.path', scopes, p)];
    if (status) where.push(`x.status = ${p.add(status)}`);
    return readViews(
      this.dataSource,
      {
        columns: REMINDER_COLUMNS,
        from: `FROM ${REMINDER_FROM} WHERE ${where.join(' AND ')}`,
        orderBy: 'x.due_on, x.id',
        params: p.values,
      },
      want,
      reminderView,
    );
  }

  async lock(m: EntityManager, id: string): Promise<{ path: string; status: ReminderStatus } | undefined> {
    const [row]: Array<{ path: string; status: ReminderStatus }> = await m.query(
      `SELECT path, status FROM "registry".reminder WHERE id = $1 FOR UPDATE`,
      [id],
    );
    return row;
  }

  /** Marks the reminder done and answers it as it is then. */
  async markDone(
    m: EntityManager,
    id: string,
    by: { id: string; name: string | null },
    note: string | null,
  ): Promise<ReminderView> {
    await m.query(
      `UPDATE "registry".reminder SET status = 'done', done_by = $2, done_by_name = $3, done_at = now(), note = $4 WHERE id = $1`,
      [id, by.id, by.name, note],
    );
    const [view]: ReminderRow[] = await m.query(`SELECT ${REMINDER_COLUMNS} FROM ${REMINDER_FROM} WHERE x.id = $1`, [
      id,
    ]);
    return reminderView(view);
  }

  /**
   * Inserts, set-based, up to `limit` reminders whose birthday is reached by `today` and that do
   * not exist yet, with their `reminder.due` events in the same transaction; answers how many.
   * The unique (person_id, rule_id) with ON CONFLICT DO NOTHING makes a second instance, a retry
   * or a restart produce nothing twice.
   */
  async insertDue(m: EntityManager, today: string, limit: number): Promise<number> {
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
        ORDER BY due_on, person_id LIMIT ${limit}
       ON CONFLICT (person_id, rule_id) DO NOTHING
       RETURNING id, rule_id, person_id, street_code, path, title, due_on::text AS due_on`,
      [today],
    );
    await this.outbox.addMany(
      m,
      rows.map((r) => ({
        type: RegistryEvents.reminderDue,
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
  }
}
