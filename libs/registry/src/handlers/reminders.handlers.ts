import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  CreateReminderRuleRequest,
  RegistryRoutes,
  ReminderDoneCommand,
  ReminderListQuery,
  ReminderRuleListQuery,
  SetReminderRuleActiveCommand,
  type Actor,
} from '@gz/contracts';
import { BusHandler, CallerActor } from '@gz/platform';
import { ReminderRulesService } from '../services/reminder-rules.service';
import { RemindersService } from '../services/reminders.service';

/** Life-event rules and reminders. */
@Controller()
export class RemindersHandlers {
  constructor(
    private readonly rules: ReminderRulesService,
    private readonly reminders: RemindersService,
  ) {}

  @BusHandler(RegistryRoutes.reminderRuleList)
  ruleList(@Payload() query: ReminderRuleListQuery, @CallerActor() actor?: Actor) {
    return this.rules.list(query, actor);
  }

  @BusHandler(RegistryRoutes.reminderRuleCreate)
  ruleCreate(@Payload() req: CreateReminderRuleRequest, @CallerActor() actor?: Actor) {
    return this.rules.create(req, actor);
  }

  @BusHandler(RegistryRoutes.reminderRuleSetActive)
  ruleSetActive(@Payload() cmd: SetReminderRuleActiveCommand, @CallerActor() actor?: Actor) {
    return this.rules.setActive(cmd, actor);
  }

  @BusHandler(RegistryRoutes.reminderList)
  list(@Payload() query: ReminderListQuery, @CallerActor() actor?: Actor) {
    return this.reminders.list(query, actor);
  }

  @BusHandler(RegistryRoutes.reminderDone)
  done(@Payload() cmd: ReminderDoneCommand, @CallerActor() actor?: Actor) {
    return this.reminders.done(cmd, actor);
  }
}
