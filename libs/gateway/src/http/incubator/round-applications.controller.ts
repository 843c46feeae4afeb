import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  AcceptMilestoneRequest,
  AskRecusalRequest,
  AwardApplicationRequest,
  AwardView,
  DecideRecusalRequest,
  DisburseMilestoneRequest,
  FinalEvaluationRequest,
  IncubatorRoutes,
  MidtermReviewRequest,
  PageQuery,
  ProjectMilestoneView,
  RecusalListQuery,
  RecusalView,
  ReportMilestoneRequest,
  ReturnMilestoneRequest,
  RoundApplicationListQuery,
  RoundApplicationView,
  ScoreSheetView,
  SubmitScoreSheetRequest,
  type Actor,
} from '@gz/contracts';
import { BusClient } from '@gz/platform';
import { CurrentActor } from '../../auth/auth';
import { ApiPageResponse } from '../openapi';
import { toStreet } from '../street';

const uuid = () => new ParseUUIDPipe();

/**
 * Applications to venture-philanthropy rounds and the projects they fund: score sheets,
 * recusals, the award, milestones (report, acceptance, disbursement), the mid-term review and the
 * final evaluation. A reviewer with a conflict of interest gets 404 for the application everywhere.
 */
@ApiTags('incubator: round applications')
@ApiBearerAuth()
@Controller('api/v1/incubator/applications')
export class RoundApplicationsController {
  constructor(private readonly bus: BusClient) {}

  @Get()
  @ApiOperation({
    summary:
      "Applications you may see: within your scope, your organisation's own, or those of a round you review (never a conflicted one)",
  })
  @ApiPageResponse(RoundApplicationView)
  list(@Query() query: RoundApplicationListQuery, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, IncubatorRoutes.roundApplicationList, actor, query);
  }

  @Get(':id')
  @ApiOkResponse({ type: RoundApplicationView })
  get(@Param('id', uuid()) id: string, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, IncubatorRoutes.roundApplicationGet, actor, { id });
  }

  @Put(':id/score-sheet')
  @ApiOperation({
    summary:
      'Write your score sheet (a reviewer of the round, while it is reviewing): every criterion 0–10 or not applicable',
    description:
      'One sheet per reviewer and application; sending it again replaces it (its version goes up) until the review closes.',
  })
  @ApiOkResponse({ type: ScoreSheetView })
  score(
    @Param('id', uuid()) applicationId: string,
    @Body() body: SubmitScoreSheetRequest,
    @CurrentActor() actor: Actor,
  ) {
    return toStreet(this.bus, IncubatorRoutes.scoreSheetSubmit, actor, { ...body, applicationId });
  }

  @Get(':id/score-sheets')
  @ApiOperation({
    summary: "The application's counted score sheets: all for the round's keepers and auditors, your own as a reviewer",
  })
  @ApiPageResponse(ScoreSheetView)
  sheets(@Param('id', uuid()) applicationId: string, @Query() query: PageQuery, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, IncubatorRoutes.scoreSheetList, actor, { ...query, applicationId });
  }

  @Post(':id/recusals')
  @ApiOperation({ summary: "Ask for a reviewer's recusal (the applicant); the round's keepers decide" })
  @ApiCreatedResponse({ type: RecusalView })
  askRecusal(
    @Param('id', uuid()) applicationId: string,
    @Body() body: AskRecusalRequest,
    @CurrentActor() actor: Actor,
  ) {
    return toStreet(this.bus, IncubatorRoutes.recusalAsk, actor, { ...body, applicationId });
  }

  @Get(':id/recusals')
  @ApiOperation({ summary: "The application's recusal requests (the applicant, the round's keepers and auditors)" })
  @ApiPageResponse(RecusalView)
  recusals(@Param('id', uuid()) applicationId: string, @Query() query: RecusalListQuery, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, IncubatorRoutes.recusalList, actor, { ...query, applicationId });
  }

  @Post(':id/recusals/:recusalId/decision')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Decide a recusal request (the round’s keepers): granted, the reviewer is conflicted with the application',
  })
  @ApiOkResponse({ type: RecusalView })
  decideRecusal(
    @Param('id', uuid()) applicationId: string,
    @Param('recusalId', uuid()) recusalId: string,
    @Body() body: DecideRecusalRequest,
    @CurrentActor() actor: Actor,
  ) {
    return toStreet(this.bus, IncubatorRoutes.recusalDecide, actor, { ...body, applicationId, recusalId });
  }

  @Post(':id/award')
  @HttpCode(200)
  @ApiOperation({
    summary:
      "Award the application once the review has closed (the round's keepers): within the remaining budget, never over it",
    description:
      "409 naming the remaining budget when it is too little (also when two awards race for it), or when the application lacks the round's score sheets. " +
      'The milestones are made from the plan: award × share, the last one taking the rounding remainder.',
  })
  @ApiOkResponse({ type: AwardView })
  award(
    @Param('id', uuid()) applicationId: string,
    @Body() body: AwardApplicationRequest,
    @CurrentActor() actor: Actor,
  ) {
    return toStreet(this.bus, IncubatorRoutes.roundApplicationAward, actor, { ...body, applicationId });
  }

  @Get(':id/milestones')
  @ApiOperation({ summary: "The funded project's milestones, in order" })
  @ApiPageResponse(ProjectMilestoneView)
  milestones(@Param('id', uuid()) applicationId: string, @Query() query: PageQuery, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, IncubatorRoutes.milestoneList, actor, { ...query, applicationId });
  }

  @Post(':id/milestones/:milestoneId/report')
  @HttpCode(200)
  @ApiOperation({ summary: "Report on a milestone (the organisation's staff, or a keeper of its community)" })
  @ApiOkResponse({ type: ProjectMilestoneView })
  report(
    @Param('id', uuid()) applicationId: string,
    @Param('milestoneId', uuid()) milestoneId: string,
    @Body() body: ReportMilestoneRequest,
    @CurrentActor() actor: Actor,
  ) {
    return toStreet(this.bus, IncubatorRoutes.milestoneReport, actor, { ...body, applicationId, milestoneId });
  }

  @Post(':id/milestones/:milestoneId/accept')
  @HttpCode(200)
  @ApiOperation({ summary: "Accept a milestone's report (the round's keepers)" })
  @ApiOkResponse({ type: ProjectMilestoneView })
  accept(
    @Param('id', uuid()) applicationId: string,
    @Param('milestoneId', uuid()) milestoneId: string,
    @Body() body: AcceptMilestoneRequest,
    @CurrentActor() actor: Actor,
  ) {
    return toStreet(this.bus, IncubatorRoutes.milestoneAccept, actor, { ...body, applicationId, milestoneId });
  }

  @Post(':id/milestones/:milestoneId/return')
  @HttpCode(200)
  @ApiOperation({
    summary: "Return a milestone's report with a note (the round's keepers); the organisation reports again",
  })
  @ApiOkResponse({ type: ProjectMilestoneView })
  return(
    @Param('id', uuid()) applicationId: string,
    @Param('milestoneId', uuid()) milestoneId: string,
    @Body() body: ReturnMilestoneRequest,
    @CurrentActor() actor: Actor,
  ) {
    return toStreet(this.bus, IncubatorRoutes.milestoneReturn, actor, { ...body, applicationId, milestoneId });
  }

  @Post(':id/milestones/:milestoneId/disburse')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Pay an accepted milestone, in order (the round’s keepers); 409 once a mid-term review has failed',
  })
  @ApiOkResponse({ type: ProjectMilestoneView })
  disburse(
    @Param('id', uuid()) applicationId: string,
    @Param('milestoneId', uuid()) milestoneId: string,
    @Body() body: DisburseMilestoneRequest,
    @CurrentActor() actor: Actor,
  ) {
    return toStreet(this.bus, IncubatorRoutes.milestoneDisburse, actor, { ...body, applicationId, milestoneId });
  }

  @Post(':id/midterm-review')
  @HttpCode(200)
  @ApiOperation({ summary: 'The mid-term review, once (the round’s keepers): fail stops every further disbursement' })
  @ApiOkResponse({ type: RoundApplicationView })
  midterm(
    @Param('id', uuid()) applicationId: string,
    @Body() body: MidtermReviewRequest,
    @CurrentActor() actor: Actor,
  ) {
    return toStreet(this.bus, IncubatorRoutes.midtermReview, actor, { ...body, applicationId });
  }

  @Post(':id/final-evaluation')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'The final evaluation, closing the project (the round’s keepers): score 0–100, the grade from it, findings',
  })
  @ApiOkResponse({ type: RoundApplicationView })
  final(
    @Param('id', uuid()) applicationId: string,
    @Body() body: FinalEvaluationRequest,
    @CurrentActor() actor: Actor,
  ) {
    return toStreet(this.bus, IncubatorRoutes.finalEvaluation, actor, { ...body, applicationId });
  }
}
