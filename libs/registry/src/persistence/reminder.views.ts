import type { ReminderRuleView, ReminderStatus, ReminderView } from '@gz/contracts';

export interface RuleRow {
  id: string;
  district: string;
  title: string;
  age_years: number;
  tag: string | null;
  since: string;
  active: boolean;
}

export interface ReminderRow {
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

export const ruleView = (r: RuleRow): ReminderRuleView => ({
  id: r.id,
  district: r.district,
  title: r.title,
  ageYears: r.age_years,
  tag: r.tag,
  since: r.since,
  active: r.active,
});

export const reminderView = (r: ReminderRow): ReminderView => ({
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

export const REMINDER_COLUMNS = `x.id, x.rule_id, x.title, x.person_id, p.name AS person_name, x.path, x.due_on::text AS due_on, x.status,
  x.created_at, x.done_by, x.done_by_name, x.done_at, x.note`;
export const REMINDER_FROM = `"registry".reminder x JOIN "registry".person p ON p.id = x.person_id`;
