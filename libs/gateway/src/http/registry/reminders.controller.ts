import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CreateReminderRuleRequest,
  DefineTagRequest,
  DuplicateListQuery,
  DuplicateView,
  MergeDuplicateRequest,
  RegistryRoutes,
  ReminderDoneRequest,
  ReminderListQuery,
  ReminderRuleListQuery,
  ReminderRuleView,
  ReminderView,
  SetReminderRuleActiveRequest,
  TagDefinitionView,
  TagListQuery,
  type Actor,
} from '@gz/contracts';
import { BusClient } from '@gz/platform';
import { CurrentActor } from '../../auth/auth';
import { ApiPageResponse } from '../openapi';
import { toStreet } from '../street';

@ApiTags('registry: life-event reminders')
@ApiBearerAuth()
@Controller('api/v1/registry')
export class RegistryRemindersController {
  constructor(private readonly bus: BusClient) {}

  @Get('reminder-rules')
  @ApiOperation({ summary: 'Life-event rules in force in a district (its own and the defaults), each active or not there' })
  @ApiOkResponse({ type: [ReminderRuleView] })
  rules(@Query() query: ReminderRuleListQuery, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, RegistryRoutes.reminderRuleList, actor, query);
  }

  @Post('reminder-rules')
  @HttpCode(201)
  @ApiOperation({ summary: 'Add a rule of your district (district admins): age in years, optional tag, title' })
  @ApiCreatedResponse({ type: ReminderRuleView })
  createRule(@Body() body: CreateReminderRuleRequest, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, RegistryRoutes.reminderRuleCreate, actor, body);
  }

  @Put('reminder-rules/:id/active')
  @ApiOperation({ summary: 'Disable (or enable again) a rule in your district; a default rule is disabled for your district only' })
  @ApiOkResponse({ type: ReminderRuleView })
  setActive(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: SetReminderRuleActiveRequest, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, RegistryRoutes.reminderRuleSetActive, actor, { ...body, id });
  }

  @Get('reminders')
  @ApiPageResponse(ReminderView)
  @ApiOperation({ summary: 'Reminders due for persons of a grid (or any place) within your scope, oldest first' })
  list(@Query() query: ReminderListQuery, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, RegistryRoutes.reminderList, actor, query, query.path);
  }

  @Post('reminders/:id/done')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark a reminder done, with an optional note' })
  @ApiOkResponse({ type: ReminderView })
  done(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: ReminderDoneRequest, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, RegistryRoutes.reminderDone, actor, { ...body, id });
  }
}

@ApiTags('registry: tags and duplicates')
@ApiBearerAuth()
@Controller('api/v1/registry')
export class RegistryTagsDuplicatesController {
  constructor(private readonly bus: BusClient) {}

  @Get('tags')
  @ApiOperation({ summary: 'Tags persons may carry in a district: the seven built-in special-care tags and those the district defined' })
  @ApiOkResponse({ type: [TagDefinitionView] })
  tags(@Query() query: TagListQuery, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, RegistryRoutes.tagList, actor, query);
  }

  @Post('tags')
  @HttpCode(201)
  @ApiOperation({ summary: 'Define a tag of your district (district admins): code and Chinese name' })
  @ApiCreatedResponse({ type: TagDefinitionView })
  defineTag(@Body() body: DefineTagRequest, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, RegistryRoutes.tagDefine, actor, body);
  }

  @Get('duplicates')
  @ApiPageResponse(DuplicateView)
  @ApiOperation({ summary: 'Likely duplicates (same name and birth date in one community, one without identity number) for review' })
  duplicates(@Query() query: DuplicateListQuery, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, RegistryRoutes.duplicateList, actor, query);
  }

  @Post('duplicates/:id/merge')
  @HttpCode(200)
  @ApiOperation({ summary: 'Merge: keep one person; the other is marked merged into it (its tags and current residence move over)' })
  @ApiOkResponse({ type: DuplicateView })
  merge(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: MergeDuplicateRequest, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, RegistryRoutes.duplicateMerge, actor, { ...body, id });
  }

  @Post('duplicates/:id/keep-apart')
  @HttpCode(200)
  @ApiOperation({ summary: 'Keep the two persons apart: the flag is resolved' })
  @ApiOkResponse({ type: DuplicateView })
  keepApart(@Param('id', new ParseUUIDPipe()) id: string, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, RegistryRoutes.duplicateKeepApart, actor, { id });
  }
}
