import { Injectable } from '@nestjs/common';
import {
  type Actor,
  type CreateReminderRuleRequest,
  type Page,
  type ReminderDoneCommand,
  type ReminderListQuery,
  type ReminderRuleListQuery,
  type ReminderRuleView,
  type ReminderStatus,
  type ReminderView,
  type SetReminderRuleActiveCommand,
} from '@gz/contracts';
import { conflict, forbidden, newId, notFound } from '@gz/platform';
import { DataSource } from 'typeorm';
import { checkWrite, checkWritePath, requireReader, requireRoles, requireWriter, who } from './actors';
import { effectiveScopes, scopeSql } from './domain/access';
import { todayInChina } from './domain/dates';
import { districtCode } from './domain/life-events';
import { requireKnownTags } from './district-tags.service';
import { Params } from './sql';

interface RuleRow {
  id: string;
  district: string;
  title: string;
  age_years: number;
  tag: string | null;
  since: string;
  active: boolean;
}

interface ReminderRow {
  id: string;
  rule_id: string;
  title: string;
  person_id: string;
  person_name: string;
  path: string;
  due_on: string;
  status: ReminderStatus;
  created_at: Date;
  done_by_name: string | null;
  done_by: string | null;
  done_at: Date | null;
  note: string | null;
}

const ruleView = (r: RuleRow): ReminderRuleView => ({
  id: r.id,
  district: r.district,
  title: r.title,
  ageYears: r.age_years,
  tag: r.tag,
  since: r.since,
  active: r.active,
});

const reminderView = (r: ReminderRow): ReminderView => ({
  id: r.id,
  ruleId: r.rule_id,
  title: r.title,
  personId: r.person_id,
  personName: r.person_name,
  path: r.path,
  dueOn: r.due_on,
  status: r.status,
  createdAt: r.created_at.toISOString(),
  doneBy: r.done_by_name ?? r.done_by,
  doneAt: r.done_at ? r.done_at.toISOString() : null,
  note: r.note,
});

const REMINDER_COLUMNS = `x.id, x.rule_id, x.title, x.person_id, p.name AS person_name, x.path, x.due_on::text AS due_on, x.status,
  x.created_at, x.done_by, x.done_by_name, x.done_at, x.note`;

/** Life-event rules per district (defaults `*` for all) and the reminders staff work through. */
@Injectable()
export class RemindersService {
  constructor(private readonly dataSource: DataSource) {}

  /** Rules in force for a district (its own and the defaults), each with whether it is active there. */
  async rules(query: ReminderRuleListQuery, actor: Actor | undefined): Promise<ReminderRuleView[]> {
    const a = requireReader(actor);
    const district = this.district(a, query.district);
    const rows: RuleRow[] = await this.dataSource.query(
      `SELECT id, district, title, age_years, tag, since::text AS since, NOT ($1 = ANY (disabled_in)) AS active
         FROM "registry".reminder_rule WHERE district IN ('*', $1) ORDER BY age_years, title, id`,
      [district],
    );
    return rows.map(ruleView);
  }

  /** A new rule of a district (district admins). */
  async createRule(req: CreateReminderRuleRequest, actor: Actor | undefined): Promise<ReminderRuleView> {
    const a = requireRoles(actor, ['district_admin']);
    const district = this.district(a, req.district);
    checkWritePath(a, district);
    if (req.tag) await requireKnownTags(this.dataSource, district, [req.tag], 'tag');
    const id = newId();
    await this.dataSource.query(
      `INSERT INTO "registry".reminder_rule (id, district, title, age_years, tag, since, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [id, district, req.title.trim(), req.ageYears, req.tag ?? null, req.since ?? todayInChina(), a.id],
    );
    return (await this.rules({ district }, a)).find((r) => r.id === id) as ReminderRuleView;
  }

  /** Disables (or enables again) a rule in a district; a default rule is disabled for that district only. */
  async setActive(cmd: SetReminderRuleActiveCommand, actor: Actor | undefined): Promise<ReminderRuleView> {
    const a = requireRoles(actor, ['district_admin']);
    const district = this.district(a, cmd.district);
    checkWritePath(a, district);
    const [rule]: Array<{ district: string }> = await this.dataSource.query(
      `SELECT district FROM "registry".reminder_rule WHERE id = $1`,
      [cmd.id],
    );
    if (!rule || (rule.district !== '*' && rule.district !== district)) throw notFound('Reminder rule', { id: cmd.id });
    await this.dataSource.query(
      cmd.active
        ? `UPDATE "registry".reminder_rule SET disabled_in = array_remove(disabled_in, $2) WHERE id = $1`
        : `UPDATE "registry".reminder_rule SET disabled_in = array_append(array_remove(disabled_in, $2), $2) WHERE id = $1`,
      [cmd.id, district],
    );
    return (await this.rules({ district }, a)).find((r) => r.id === cmd.id) as ReminderRuleView;
  }

  /** Reminders of a place within the caller's scope (a grid for a grid worker), oldest due first. */
  async list(query: ReminderListQuery, actor: Actor | undefined): Promise<Page<ReminderView>> {
    const a = requireReader(actor);
    const scopes = effectiveScopes(a.scopes, query.path);
    if (query.path && scopes.length === 0) throw forbidden(`Outside your scope: ${query.path}`, { path: query.path });
    const p = new Params();
    const where = [scopeSql('x.path', scopes, p.add)];
    if (query.status) where.push(`x.status = ${p.add(query.status)}`);
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const rows: Array<ReminderRow & { total: number }> = await this.dataSource.query(
      `SELECT ${REMINDER_COLUMNS}, count(*) OVER ()::int AS total
         FROM "registry".reminder x JOIN "registry".person p ON p.id = x.person_id
        WHERE ${where.join(' AND ')} ORDER BY x.due_on, x.id LIMIT ${p.add(pageSize)} OFFSET ${p.add((page - 1) * pageSize)}`,
      p.values,
    );
    return { items: rows.map(reminderView), total: rows[0]?.total ?? 0, page, pageSize };
  }

  /** Marks a reminder done (staff within scope), with an optional note; done twice is 409. */
  async done(cmd: ReminderDoneCommand, actor: Actor | undefined): Promise<ReminderView> {
    const a = requireWriter(actor);
    const w = who(a);
    return this.dataSource.transaction(async (m) => {
      const [row]: Array<{ path: string; status: ReminderStatus }> = await m.query(
        `SELECT path, status FROM "registry".reminder WHERE id = $1 FOR UPDATE`,
        [cmd.id],
      );
      checkWrite(a, row, 'Reminder', cmd.id);
      if (row.status === 'done') throw conflict('The reminder is already done', { status: row.status });
      await m.query(
        `UPDATE "registry".reminder SET status = 'done', done_by = $2, done_by_name = $3, done_at = now(), note = $4 WHERE id = $1`,
        [cmd.id, w.id, w.name, cmd.note?.trim() ?? null],
      );
      const [view]: ReminderRow[] = await m.query(
        `SELECT ${REMINDER_COLUMNS} FROM "registry".reminder x JOIN "registry".person p ON p.id = x.person_id WHERE x.id = $1`,
        [cmd.id],
      );
      return reminderView(view);
    });
  }

  private district(a: Actor, asked?: string): string {
    const district = asked ?? districtCode(a.scopes[0] ?? '');
    if (!a.scopes.some((s) => districtCode(s) === district))
      throw forbidden(`Outside your scope: ${district}`, { path: district });
    return district;
  }
}
