import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  AssessmentListQuery,
  CapacityAssessmentView,
  IncubationListQuery,
  IncubationView,
  IncubatorRoutes,
  MentoringView,
  MoveIncubationStageRequest,
  NameAssessorRequest,
  PageQuery,
  RecordMentoringRequest,
  SubmitAssessmentRequest,
  type Actor,
} from '@gz/contracts';
import { BusClient } from '@gz/platform';
import { CurrentActor } from '../../auth/auth';
import { ApiPageResponse } from '../openapi';
import { toStreet } from '../street';

/** Organisations' incubation: stages with their history, first reviews, mentoring, capacity assessments. */
@ApiTags('incubator: incubation')
@ApiBearerAuth()
@Controller('api/v1/incubator')
export class IncubationsController {
  constructor(private readonly bus: BusClient) {}

  @Get('incubations')
  @ApiOperation({
    summary: 'Incubations you see, by park, organisation, stage or place; overdue=true lists first reviews past due',
  })
  @ApiPageResponse(IncubationView)
  list(@Query() query: IncubationListQuery, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, IncubatorRoutes.incubationList, actor, query, query.within);
  }

  @Get('incubations/:id')
  @ApiOperation({ summary: 'An incubation with the whole history of its stages (who, when, why)' })
  @ApiOkResponse({ type: IncubationView })
  get(@Param('id', new ParseUUIDPipe()) id: string, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, IncubatorRoutes.incubationGet, actor, { id });
  }

  @Post('incubations/:id/stage')
  @HttpCode(200)
  @ApiOperation({
    summary:
      "Move to the next stage (applied → admitted → incubating → assessed → graduated) or leave with a reason (the park's keepers; the organisation may withdraw); 409 names the allowed stages",
  })
  @ApiOkResponse({ type: IncubationView })
  move(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: MoveIncubationStageRequest,
    @CurrentActor() actor: Actor,
  ) {
    return toStreet(this.bus, IncubatorRoutes.incubationMove, actor, { ...body, id });
  }

  @Post('incubations/:id/mentoring')
  @ApiOperation({ summary: "Record a mentoring session while incubation is under way (the park's keepers)" })
  @ApiCreatedResponse({ type: MentoringView })
  recordMentoring(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: RecordMentoringRequest,
    @CurrentActor() actor: Actor,
  ) {
    return toStreet(this.bus, IncubatorRoutes.mentoringRecord, actor, { ...body, incubationId: id });
  }

  @Get('incubations/:id/mentoring')
  @ApiPageResponse(MentoringView)
  mentoring(@Param('id', new ParseUUIDPipe()) id: string, @Query() query: PageQuery, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, IncubatorRoutes.mentoringList, actor, { ...query, incubationId: id });
  }

  @Post('incubations/:id/assessments')
  @ApiOperation({
    summary:
      "Name a third-party assessor (a user, who submits the scores) or record one by name with their scores (the park's keepers)",
  })
  @ApiCreatedResponse({ type: CapacityAssessmentView })
  nameAssessor(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: NameAssessorRequest,
    @CurrentActor() actor: Actor,
  ) {
    return toStreet(this.bus, IncubatorRoutes.assessorName, actor, { ...body, incubationId: id });
  }

  @Get('incubations/:id/assessments')
  @ApiPageResponse(CapacityAssessmentView)
  assessmentsOf(@Param('id', new ParseUUIDPipe()) id: string, @Query() query: PageQuery, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, IncubatorRoutes.assessmentList, actor, { ...query, incubationId: id });
  }

  @Get('assessments')
  @ApiOperation({ summary: 'Capacity assessments: mine=true lists those you are named for' })
  @ApiPageResponse(CapacityAssessmentView)
  assessments(@Query() query: AssessmentListQuery, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, IncubatorRoutes.assessmentList, actor, query);
  }

  @Post('assessments/:id/scores')
  @HttpCode(200)
  @ApiOperation({ summary: 'Submit the scores (0–100 on each fixed dimension) of an assessment you are named for' })
  @ApiOkResponse({ type: CapacityAssessmentView })
  submit(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: SubmitAssessmentRequest,
    @CurrentActor() actor: Actor,
  ) {
    return toStreet(this.bus, IncubatorRoutes.assessmentSubmit, actor, { ...body, id });
  }
}
