import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import {
  AssignStepRequest,
  CompleteStepRequest,
  ConfirmMinutesRequest,
  CouncilsRoutes,
  CreateMeetingRequest,
  DELIBERATION_STEPS,
  LinkTopicVoteRequest,
  MeetingMinutesRequest,
  MeetingView,
  OverdueStepsQuery,
  ProcessView,
  StepView,
  TrailVoteView,
  TrailView,
  type Actor,
  type DeliberationStep,
} from '@gz/contracts';
import { BusClient, invalid } from '@gz/platform';
import { CurrentActor } from '../../auth/auth';
import { ApiPageResponse } from '../openapi';
import { streetOf } from '../street';

function stepOf(step: string): DeliberationStep {
  if (!(DELIBERATION_STEPS as readonly string[]).includes(step))
    throw invalid(`step must be one of ${DELIBERATION_STEPS.join(', ')}`, { fields: { step: ['unknown step'] } });
  return step as DeliberationStep;
}

/** The seven steps of a topic's deliberation (民情协商七步), its trail, and the meetings of its deliberate step. */
@ApiTags('councils')
@ApiBearerAuth()
@Controller('api/v1/councils')
export class DeliberationController {
  constructor(private readonly bus: BusClient) {}

  @Get('topics/:topicId/steps')
  @ApiOperation({ summary: "A topic's seven steps with their owners, deadlines and records, and the next step" })
  @ApiOkResponse({ type: ProcessView })
  steps(@Param('topicId', new ParseUUIDPipe()) topicId: string, @CurrentActor() actor: Actor) {
    return this.bus.request(CouncilsRoutes.stepsGet, streetOf(actor), { topicId }, { actor });
  }

  @Put('topics/:topicId/steps/:step/owner')
  @ApiOperation({
    summary: "Assign a step's owner, duty and deadline (定人、定责、定时; community secretary, street admin)",
  })
  @ApiParam({ name: 'step', enum: DELIBERATION_STEPS })
  @ApiOkResponse({ type: StepView })
  assign(
    @Param('topicId', new ParseUUIDPipe()) topicId: string,
    @Param('step') step: string,
    @Body() body: AssignStepRequest,
    @CurrentActor() actor: Actor,
  ) {
    return this.bus.request(
      CouncilsRoutes.stepAssign,
      streetOf(actor),
      { ...body, topicId, step: stepOf(step) },
      { actor },
    );
  }

  @Post('topics/:topicId/steps/:step/complete')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Complete a step with its record (定效)',
    description:
      'Steps are done in their order, once each: 409 names the next step. The notice step records when the notice went ' +
      'up and came down and the meeting it announced; it must be up the configured days before the meeting (422).',
  })
  @ApiParam({ name: 'step', enum: DELIBERATION_STEPS })
  @ApiOkResponse({ type: StepView })
  complete(
    @Param('topicId', new ParseUUIDPipe()) topicId: string,
    @Param('step') step: string,
    @Body() body: CompleteStepRequest,
    @CurrentActor() actor: Actor,
  ) {
    return this.bus.request(
      CouncilsRoutes.stepComplete,
      streetOf(actor),
      { ...body, topicId, step: stepOf(step) },
      { actor },
    );
  }

  @Get('compounds/:compoundId/steps/overdue')
  @ApiOperation({ summary: "A compound's steps past their deadline and not done, the longest overdue first" })
  @ApiPageResponse(StepView)
  overdue(
    @Param('compoundId', new ParseUUIDPipe()) compoundId: string,
    @Query() query: OverdueStepsQuery,
    @CurrentActor() actor: Actor,
  ) {
    return this.bus.request(CouncilsRoutes.stepsOverdue, streetOf(actor), { ...query, compoundId }, { actor });
  }

  @Get('topics/:topicId/trail')
  @ApiOperation({ summary: 'The whole trail of a topic in one call: its steps, meetings and linked votes, in order' })
  @ApiOkResponse({ type: TrailView })
  trail(@Param('topicId', new ParseUUIDPipe()) topicId: string, @CurrentActor() actor: Actor) {
    return this.bus.request(CouncilsRoutes.topicTrail, streetOf(actor), { topicId }, { actor });
  }

  @Post('topics/:topicId/votes')
  @ApiOperation({ summary: "Link an owners' vote of the topic's compound to the topic's trail" })
  @ApiCreatedResponse({ type: TrailVoteView })
  linkVote(
    @Param('topicId', new ParseUUIDPipe()) topicId: string,
    @Body() body: LinkTopicVoteRequest,
    @CurrentActor() actor: Actor,
  ) {
    return this.bus.request(CouncilsRoutes.topicVoteLink, streetOf(actor), { ...body, topicId }, { actor });
  }

  @Post('topics/:topicId/meetings')
  @ApiOperation({ summary: "Schedule a meeting of the topic's deliberate step, with its invited attendees" })
  @ApiCreatedResponse({ type: MeetingView })
  createMeeting(
    @Param('topicId', new ParseUUIDPipe()) topicId: string,
    @Body() body: CreateMeetingRequest,
    @CurrentActor() actor: Actor,
  ) {
    return this.bus.request(CouncilsRoutes.meetingCreate, streetOf(actor), { ...body, topicId }, { actor });
  }

  @Get('meetings/:meetingId')
  @ApiOkResponse({ type: MeetingView })
  meeting(@Param('meetingId', new ParseUUIDPipe()) meetingId: string, @CurrentActor() actor: Actor) {
    return this.bus.request(CouncilsRoutes.meetingGet, streetOf(actor), { meetingId }, { actor });
  }

  @Put('meetings/:meetingId/minutes')
  @ApiOperation({
    summary: 'Record who was present, the positions taken and the minutes (drafted; 409 once final)',
    description: 'Confirmations start over with every change. The first record publishes meeting.held.',
  })
  @ApiOkResponse({ type: MeetingView })
  minutes(
    @Param('meetingId', new ParseUUIDPipe()) meetingId: string,
    @Body() body: MeetingMinutesRequest,
    @CurrentActor() actor: Actor,
  ) {
    return this.bus.request(CouncilsRoutes.meetingMinutes, streetOf(actor), { ...body, meetingId }, { actor });
  }

  @Post('meetings/:meetingId/confirmations')
  @HttpCode(200)
  @ApiOperation({ summary: 'A present attendee confirms the drafted minutes' })
  @ApiOkResponse({ type: MeetingView })
  confirm(
    @Param('meetingId', new ParseUUIDPipe()) meetingId: string,
    @Body() body: ConfirmMinutesRequest,
    @CurrentActor() actor: Actor,
  ) {
    return this.bus.request(CouncilsRoutes.meetingConfirm, streetOf(actor), { ...body, meetingId }, { actor });
  }

  @Post('meetings/:meetingId/final')
  @HttpCode(200)
  @ApiOperation({ summary: 'Make the minutes final once every present attendee confirmed them; unchangeable after' })
  @ApiOkResponse({ type: MeetingView })
  finalize(@Param('meetingId', new ParseUUIDPipe()) meetingId: string, @CurrentActor() actor: Actor) {
    return this.bus.request(CouncilsRoutes.meetingFinalize, streetOf(actor), { meetingId }, { actor });
  }
}
