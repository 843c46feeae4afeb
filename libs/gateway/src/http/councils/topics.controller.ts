import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CouncilMemberRequest,
  CouncilMemberView,
  CouncilsRoutes,
  CouncilView,
  CreateCouncilRequest,
  MyTopicsQuery,
  RecordRhythmRequest,
  RhythmHeldView,
  RhythmScheduleQuery,
  RhythmScheduleView,
  SubmitTopicRequest,
  TopicDetailView,
  TopicListQuery,
  TopicView,
  TriageTopicRequest,
  type Actor,
} from '@gz/contracts';
import { BusClient } from '@gz/platform';
import { CurrentActor } from '../../auth/auth';
import { ApiPageResponse } from '../openapi';
import { streetOf } from '../street';

/** Joint councils of compounds (members, the meeting rhythm and what is due) and the topics residents bring them. */
@ApiTags('councils')
@ApiBearerAuth()
@Controller('api/v1/councils')
export class TopicsController {
  constructor(private readonly bus: BusClient) {}

  @Post('compounds/:compoundId/council')
  @ApiOperation({
    summary: "Set up a compound's joint council (红色物业联席会) with its members (community secretary, street admin)",
  })
  @ApiCreatedResponse({ type: CouncilView })
  createCouncil(
    @Param('compoundId', new ParseUUIDPipe()) compoundId: string,
    @Body() body: CreateCouncilRequest,
    @CurrentActor() actor: Actor,
  ) {
    return this.bus.request(CouncilsRoutes.councilCreate, streetOf(actor), { ...body, compoundId }, { actor });
  }

  @Get('compounds/:compoundId/council')
  @ApiOkResponse({ type: CouncilView })
  council(@Param('compoundId', new ParseUUIDPipe()) compoundId: string, @CurrentActor() actor: Actor) {
    return this.bus.request(CouncilsRoutes.councilGet, streetOf(actor), { compoundId }, { actor });
  }

  @Post('compounds/:compoundId/council/members')
  @ApiOperation({
    summary: 'Add a member to the joint council, with their side and role (a user id or a named person)',
  })
  @ApiCreatedResponse({ type: CouncilMemberView })
  addMember(
    @Param('compoundId', new ParseUUIDPipe()) compoundId: string,
    @Body() body: CouncilMemberRequest,
    @CurrentActor() actor: Actor,
  ) {
    return this.bus.request(CouncilsRoutes.councilMemberAdd, streetOf(actor), { ...body, compoundId }, { actor });
  }

  @Post('compounds/:compoundId/council/rhythm')
  @ApiOperation({
    summary: 'Record a meeting of the rhythm as held (daily contact, weekly meeting, monthly council …)',
  })
  @ApiCreatedResponse({ type: RhythmHeldView })
  recordHeld(
    @Param('compoundId', new ParseUUIDPipe()) compoundId: string,
    @Body() body: RecordRhythmRequest,
    @CurrentActor() actor: Actor,
  ) {
    return this.bus.request(CouncilsRoutes.councilRhythmHeld, streetOf(actor), { ...body, compoundId }, { actor });
  }

  @Get('compounds/:compoundId/council/schedule')
  @ApiOperation({ summary: "What the council's rhythm owes as of a day: held, due or overdue (Asia/Shanghai days)" })
  @ApiOkResponse({ type: RhythmScheduleView })
  schedule(
    @Param('compoundId', new ParseUUIDPipe()) compoundId: string,
    @Query() query: RhythmScheduleQuery,
    @CurrentActor() actor: Actor,
  ) {
    return this.bus.request(CouncilsRoutes.councilSchedule, streetOf(actor), { ...query, compoundId }, { actor });
  }

  @Post('compounds/:compoundId/topics')
  @ApiOperation({
    summary: "Submit a topic (议题) to the compound's council: its residents, or its agenda collectors (议题收集员)",
  })
  @ApiCreatedResponse({ type: TopicView })
  submit(
    @Param('compoundId', new ParseUUIDPipe()) compoundId: string,
    @Body() body: SubmitTopicRequest,
    @CurrentActor() actor: Actor,
  ) {
    return this.bus.request(CouncilsRoutes.topicSubmit, streetOf(actor), { ...body, compoundId }, { actor });
  }

  @Get('compounds/:compoundId/topics')
  @ApiOperation({ summary: "A compound's topics, urgent ones first" })
  @ApiPageResponse(TopicView)
  list(
    @Param('compoundId', new ParseUUIDPipe()) compoundId: string,
    @Query() query: TopicListQuery,
    @CurrentActor() actor: Actor,
  ) {
    return this.bus.request(CouncilsRoutes.topicList, streetOf(actor), { ...query, compoundId }, { actor });
  }

  @Get('topics/mine')
  @ApiOperation({ summary: 'The topics I submitted, each with its state and history' })
  @ApiPageResponse(TopicDetailView)
  mine(@Query() query: MyTopicsQuery, @CurrentActor() actor: Actor) {
    return this.bus.request(CouncilsRoutes.topicMine, streetOf(actor), { ...query }, { actor });
  }

  @Get('topics/:id')
  @ApiOperation({ summary: 'A topic with its whole history' })
  @ApiOkResponse({ type: TopicDetailView })
  get(@Param('id', new ParseUUIDPipe()) id: string, @CurrentActor() actor: Actor) {
    return this.bus.request(CouncilsRoutes.topicGet, streetOf(actor), { id }, { actor });
  }

  @Post('topics/:id/triage')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Triage a topic: accept it with its class, merge it into another, or decline it with a reason',
    description:
      'Declined as not ours, it is reported to ticketing as a ticket (forward: category and location) and the ticket kept on the topic. ' +
      'Urgent topics take the fast path: the shortest deadlines, first in lists.',
  })
  @ApiOkResponse({ type: TopicView })
  triage(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: TriageTopicRequest, @CurrentActor() actor: Actor) {
    return this.bus.request(CouncilsRoutes.topicTriage, streetOf(actor), { ...body, id }, { actor });
  }
}
