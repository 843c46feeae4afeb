import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  CreateReminderRuleRequest,
  DefineTagRequest,
  DuplicateListQuery,
  MergeDuplicateCommand,
  RegistryIdRequest,
  RegistryLifeRoutes,
  ReminderDoneCommand,
  ReminderListQuery,
  ReminderRuleListQuery,
  SetReminderRuleActiveCommand,
  TagListQuery,
  type Actor,
} from '@gz/contracts';
import { BusHandler, CallerActor } from '@gz/platform';
import { DistrictTagsService } from './district-tags.service';
import { DuplicatesService } from './duplicates.service';
import { RemindersService } from './reminders.service';

/** Life-event rules and reminders. */
@Controller()
export class RemindersController {
  constructor(private readonly reminders: RemindersService) {}

  @BusHandler(RegistryLifeRoutes.reminderRuleList)
  ruleList(@Payload() query: ReminderRuleListQuery, @CallerActor() actor?: Actor) {
    return this.reminders.rules(query, actor);
  }

  @BusHandler(RegistryLifeRoutes.reminderRuleCreate)
  ruleCreate(@Payload() req: CreateReminderRuleRequest, @CallerActor() actor?: Actor) {
    return this.reminders.createRule(req, actor);
  }

  @BusHandler(RegistryLifeRoutes.reminderRuleSetActive)
  ruleSetActive(@Payload() cmd: SetReminderRuleActiveCommand, @CallerActor() actor?: Actor) {
    return this.reminders.setActive(cmd, actor);
  }

  @BusHandler(RegistryLifeRoutes.reminderList)
  list(@Payload() query: ReminderListQuery, @CallerActor() actor?: Actor) {
    return this.reminders.list(query, actor);
  }

  @BusHandler(RegistryLifeRoutes.reminderDone)
  done(@Payload() cmd: ReminderDoneCommand, @CallerActor() actor?: Actor) {
    return this.reminders.done(cmd, actor);
  }
}

/** District-defined tags and likely duplicates. */
@Controller()
export class TagsDuplicatesController {
  constructor(
    private readonly tags: DistrictTagsService,
    private readonly duplicates: DuplicatesService,
  ) {}

  @BusHandler(RegistryLifeRoutes.tagList)
  tagList(@Payload() query: TagListQuery, @CallerActor() actor?: Actor) {
    return this.tags.list(query, actor);
  }

  @BusHandler(RegistryLifeRoutes.tagDefine)
  tagDefine(@Payload() req: DefineTagRequest, @CallerActor() actor?: Actor) {
    return this.tags.define(req, actor);
  }

  @BusHandler(RegistryLifeRoutes.duplicateList)
  duplicateList(@Payload() query: DuplicateListQuery, @CallerActor() actor?: Actor) {
    return this.duplicates.list(query, actor);
  }

  @BusHandler(RegistryLifeRoutes.duplicateMerge)
  merge(@Payload() cmd: MergeDuplicateCommand, @CallerActor() actor?: Actor) {
    return this.duplicates.merge(cmd, actor);
  }

  @BusHandler(RegistryLifeRoutes.duplicateKeepApart)
  keepApart(@Payload() req: RegistryIdRequest, @CallerActor() actor?: Actor) {
    return this.duplicates.keepApart(req, actor);
  }
}
