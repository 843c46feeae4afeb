import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  AddRoundReviewerRequest,
  CreateRoundRequest,
  DeclareConflictRequest,
  IncubatorRoutes,
  PageQuery,
  RecusalListQuery,
  RecusalView,
  ReviewerConflictView,
  RoundApplicationView,
  RoundListQuery,
  RoundReviewerView,
  RoundView,
  SetRoundCriteriaRequest,
  SubmitRoundApplicationRequest,
  type Actor,
} from '@gz/contracts';
import { BusClient } from '@gz/platform';
import { CurrentActor } from '../../auth/auth';
import { ApiPageResponse } from '../openapi';
import { toStreet } from '../street';

/** Venture-philanthropy rounds (公益创投): the call, its course, the panel and its conflicts, applying. */
@ApiTags('incubator: rounds')
@ApiBearerAuth()
@Controller('api/v1/incubator/rounds')
export class RoundsController {
  constructor(private readonly bus: BusClient) {}

  @Post()
  @ApiOperation({
    summary:
      'Draft a round: budget, call, eligibility, deadlines, criteria with weights adding up to 100 (street and district admins)',
    description:
      'track small_grants (社区微公益创投) is the lighter one for resident groups: 1–3 criteria, one score sheet is enough to award, ' +
      'a per-award cap (awardCapFen) is required, only filed and informal groups apply. Standard rounds take 3–10 criteria and ' +
      'minScoreSheets (2–15, default 3) sheets per application before an award.',
  })
  @ApiCreatedResponse({ type: RoundView })
  create(@Body() body: CreateRoundRequest, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, IncubatorRoutes.roundCreate, actor, body, body.place);
  }

  @Get()
  @ApiOperation({ summary: 'Rounds: every published call, and drafts within your scope; newest first' })
  @ApiPageResponse(RoundView)
  list(@Query() query: RoundListQuery, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, IncubatorRoutes.roundList, actor, query);
  }

  @Get(':id')
  @ApiOkResponse({ type: RoundView })
  get(@Param('id', new ParseUUIDPipe()) id: string, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, IncubatorRoutes.roundGet, actor, { id });
  }

  @Put(':id/criteria')
  @ApiOperation({ summary: "Replace a draft's criteria (weights adding up to 100); fixed once the call opens (409)" })
  @ApiOkResponse({ type: RoundView })
  setCriteria(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: SetRoundCriteriaRequest,
    @CurrentActor() actor: Actor,
  ) {
    return toStreet(this.bus, IncubatorRoutes.roundCriteriaSet, actor, { ...body, id });
  }

  @Post(':id/open')
  @HttpCode(200)
  @ApiOperation({ summary: 'Publish the call (draft → open): applications are taken from opensAt until closesAt' })
  @ApiOkResponse({ type: RoundView })
  open(@Param('id', new ParseUUIDPipe()) id: string, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, IncubatorRoutes.roundOpen, actor, { id });
  }

  @Post(':id/close-call')
  @HttpCode(200)
  @ApiOperation({ summary: 'Close the call once closesAt has passed (open → reviewing): the panel scores' })
  @ApiOkResponse({ type: RoundView })
  closeCall(@Param('id', new ParseUUIDPipe()) id: string, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, IncubatorRoutes.roundCloseCall, actor, { id });
  }

  @Post(':id/close-review')
  @HttpCode(200)
  @ApiOperation({ summary: 'Close the review (reviewing → awarded): score sheets are fixed, awards may be made' })
  @ApiOkResponse({ type: RoundView })
  closeReview(@Param('id', new ParseUUIDPipe()) id: string, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, IncubatorRoutes.roundCloseReview, actor, { id });
  }

  @Post(':id/close')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Close the round (awarded → closed) once every funded project has had its final evaluation',
  })
  @ApiOkResponse({ type: RoundView })
  close(@Param('id', new ParseUUIDPipe()) id: string, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, IncubatorRoutes.roundClose, actor, { id });
  }

  @Post(':id/applications')
  @ApiOperation({
    summary: "Apply while the call is open: the organisation's staff, or a keeper of its community on its behalf",
    description:
      'Budget lines add up to amountFen (422 naming the difference); milestone shares add up to 10000 basis points; the ' +
      "organisation meets the round's eligibility and serves the project's community. One application per organisation and round.",
  })
  @ApiCreatedResponse({ type: RoundApplicationView })
  apply(
    @Param('id', new ParseUUIDPipe()) roundId: string,
    @Body() body: SubmitRoundApplicationRequest,
    @CurrentActor() actor: Actor,
  ) {
    return toStreet(this.bus, IncubatorRoutes.roundApplicationSubmit, actor, { ...body, roundId });
  }

  @Post(':id/reviewers')
  @ApiOperation({ summary: 'Name a reviewer of the panel by user id (the round’s keepers, until the review closes)' })
  @ApiCreatedResponse({ type: RoundReviewerView })
  addReviewer(
    @Param('id', new ParseUUIDPipe()) roundId: string,
    @Body() body: AddRoundReviewerRequest,
    @CurrentActor() actor: Actor,
  ) {
    return toStreet(this.bus, IncubatorRoutes.roundReviewerAdd, actor, { ...body, roundId });
  }

  @Get(':id/reviewers')
  @ApiOperation({
    summary: "The panel: for the round's keepers and auditors, its reviewers, and its applicants' staff",
  })
  @ApiPageResponse(RoundReviewerView)
  reviewers(
    @Param('id', new ParseUUIDPipe()) roundId: string,
    @Query() query: PageQuery,
    @CurrentActor() actor: Actor,
  ) {
    return toStreet(this.bus, IncubatorRoutes.roundReviewerList, actor, { ...query, roundId });
  }

  @Post(':id/conflicts')
  @ApiOperation({
    summary:
      'Declare a conflict of interest with an application (a reviewer): an interest, or a post there left less than two years ago',
    description:
      'From then on the reviewer neither scores nor sees the application: lists, the ranking, its export, a single read (404).',
  })
  @ApiCreatedResponse({ type: ReviewerConflictView })
  declare(
    @Param('id', new ParseUUIDPipe()) roundId: string,
    @Body() body: DeclareConflictRequest,
    @CurrentActor() actor: Actor,
  ) {
    return toStreet(this.bus, IncubatorRoutes.roundConflictDeclare, actor, { ...body, roundId });
  }

  @Get(':id/conflicts')
  @ApiOperation({
    summary: "The round's conflicts of interest: all for its keepers and auditors, a reviewer's own for them",
  })
  @ApiPageResponse(ReviewerConflictView)
  conflicts(
    @Param('id', new ParseUUIDPipe()) roundId: string,
    @Query() query: PageQuery,
    @CurrentActor() actor: Actor,
  ) {
    return toStreet(this.bus, IncubatorRoutes.roundConflictList, actor, { ...query, roundId });
  }

  @Get(':id/recusals')
  @ApiOperation({ summary: "The round's recusal requests (its keepers and auditors)" })
  @ApiPageResponse(RecusalView)
  recusals(
    @Param('id', new ParseUUIDPipe()) roundId: string,
    @Query() query: RecusalListQuery,
    @CurrentActor() actor: Actor,
  ) {
    return toStreet(this.bus, IncubatorRoutes.recusalList, actor, { ...query, roundId });
  }
}
