import { Injectable } from '@nestjs/common';
import {
  type Actor,
  type CreateReminderRuleRequest,
  type ReminderRuleListQuery,
  type ReminderRuleView,
  type SetReminderRuleActiveCommand,
} from '@gz/contracts';
import { newId, notFound } from '@gz/platform';
import { checkWritePath, requireDistrict, requireReader, requireRoles } from '../domain/actors';
import { todayInChina } from '../domain/dates';
import { ReminderStore } from '../persistence/reminder.store';
import { DistrictTagsService } from './district-tags.service';

/** Life-event rules per district (defaults `*` for all), each active or not in a district. */
@Injectable()
export class ReminderRulesService {
  constructor(
    private readonly reminders: ReminderStore,
    private readonly tags: DistrictTagsService,
  ) {}

  /** Rules in force for a district (its own and the defaults), each with whether it is active there. */
  async list(query: ReminderRuleListQuery, actor: Actor | undefined): Promise<ReminderRuleView[]> {
    const a = requireReader(actor);
    return this.reminders.rules(requireDistrict(a, query.district));
  }

  /** A new rule of a district (district admins). */
  async create(req: CreateReminderRuleRequest, actor: Actor | undefined): Promise<ReminderRuleView> {
    const a = requireRoles(actor, ['district_admin']);
    const district = requireDistrict(a, req.district);
    checkWritePath(a, district);
    if (req.tag) await this.tags.requireKnown(district, [req.tag], 'tag');
    const id = newId();
    await this.reminders.insertRule({
      id,
      district,
      title: req.title.trim(),
      ageYears: req.ageYears,
      tag: req.tag ?? null,
      since: req.since ?? todayInChina(),
      createdBy: a.id,
    });
    return this.ruleIn(district, id);
  }

  /** Disables (or enables again) a rule in a district; a default rule is disabled for that district only. */
  async setActive(cmd: SetReminderRuleActiveCommand, actor: Actor | undefined): Promise<ReminderRuleView> {
    const a = requireRoles(actor, ['district_admin']);
    const district = requireDistrict(a, cmd.district);
    checkWritePath(a, district);
    const ruleDistrict = await this.reminders.ruleDistrict(cmd.id);
    if (!ruleDistrict || (ruleDistrict !== '*' && ruleDistrict !== district))
      throw notFound('Reminder rule', { id: cmd.id });
    await this.reminders.setActive(cmd.id, district, cmd.active);
    return this.ruleIn(district, cmd.id);
  }

  private async ruleIn(district: string, id: string): Promise<ReminderRuleView> {
    const rule = (await this.reminders.rules(district)).find((r) => r.id === id);
    if (!rule) throw notFound('Reminder rule', { id });
    return rule;
  }
}
