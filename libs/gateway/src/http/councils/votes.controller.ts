import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  AssignConvenorRequest,
  BallotView,
  CastBallotRequest,
  ConvenorView,
  CorrectBallotRequest,
  CouncilsRoutes,
  CreateVoteRequest,
  NonVoterQuery,
  NonVoterView,
  VoteListQuery,
  VoteTallyView,
  VoteView,
  type Actor,
} from '@gz/contracts';
import { BusClient } from '@gz/platform';
import { CurrentActor } from '../../auth/auth';
import { ApiPageResponse } from '../openapi';
import { idempotencyKey } from '../idempotency';
import { streetOf } from '../street';

/** Owners' votes under Civil Code art. 278: votes, ballots through every channel, the live tally, the result, the non-voters. */
@ApiTags('councils')
@ApiBearerAuth()
@Controller('api/v1/councils')
export class VotesController {
  constructor(private readonly bus: BusClient) {}

  @Post('compounds/:compoundId/votes')
  @ApiOperation({
    summary: "Schedule an owners' vote (community secretary, street admin)",
    description:
      'The vote names its art. 278 matter, which decides the approval rule. It opens and closes on its own at its times; ' +
      'the electorate is the roll at the opening.',
  })
  @ApiCreatedResponse({ type: VoteView })
  create(
    @Param('compoundId', new ParseUUIDPipe()) compoundId: string,
    @Body() body: CreateVoteRequest,
    @CurrentActor() actor: Actor,
  ) {
    return this.bus.request(CouncilsRoutes.voteCreate, streetOf(actor), { ...body, compoundId }, { actor });
  }

  @Get('compounds/:compoundId/votes')
  @ApiOperation({ summary: "A compound's votes, newest first" })
  @ApiPageResponse(VoteView)
  list(
    @Param('compoundId', new ParseUUIDPipe()) compoundId: string,
    @Query() query: VoteListQuery,
    @CurrentActor() actor: Actor,
  ) {
    return this.bus.request(CouncilsRoutes.voteList, streetOf(actor), { ...query, compoundId }, { actor });
  }

  @Post('compounds/:compoundId/convenors')
  @ApiOperation({
    summary: 'Assign a building convenor (楼栋长), who enters the paper ballots of a building or of the compound',
  })
  @ApiCreatedResponse({ type: ConvenorView })
  assignConvenor(
    @Param('compoundId', new ParseUUIDPipe()) compoundId: string,
    @Body() body: AssignConvenorRequest,
    @CurrentActor() actor: Actor,
  ) {
    return this.bus.request(CouncilsRoutes.convenorAssign, streetOf(actor), { ...body, compoundId }, { actor });
  }

  @Get('votes/:id')
  @ApiOkResponse({ type: VoteView })
  get(@Param('id', new ParseUUIDPipe()) id: string, @CurrentActor() actor: Actor) {
    return this.bus.request(CouncilsRoutes.voteGet, streetOf(actor), { id }, { actor });
  }

  @Get('votes/:id/tally')
  @ApiOperation({ summary: 'The live tally while voting goes on; the result once closed (area and headcount)' })
  @ApiOkResponse({ type: VoteTallyView })
  tally(@Param('id', new ParseUUIDPipe()) id: string, @CurrentActor() actor: Actor) {
    return this.bus.request(CouncilsRoutes.voteTally, streetOf(actor), { id }, { actor });
  }

  @Get('votes/:id/non-voters')
  @ApiOperation({ summary: 'The owners who have not voted (community and building convenors)' })
  @ApiPageResponse(NonVoterView)
  nonVoters(@Param('id', new ParseUUIDPipe()) id: string, @Query() query: NonVoterQuery, @CurrentActor() actor: Actor) {
    return this.bus.request(CouncilsRoutes.voteNonVoters, streetOf(actor), { ...query, id }, { actor });
  }

  @Post('votes/:id/ballots')
  @ApiOperation({
    summary:
      'Cast a ballot: online by the owner, on paper by a building convenor (with the photo), at a meeting by the secretary',
    description:
      'One ballot per owner per vote across every channel (a second one is 409); final once cast; none before the opening or from the close on (409). ' +
      'Send an Idempotency-Key header so that a retried request casts one ballot.',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: '8–100 characters, unique per ballot' })
  @ApiCreatedResponse({ type: BallotView })
  cast(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: CastBallotRequest,
    @CurrentActor() actor: Actor,
    @Headers('idempotency-key') key?: string,
  ) {
    return this.bus.request(
      CouncilsRoutes.ballotCast,
      streetOf(actor),
      { ...body, voteId: id, ...idempotencyKey(key) },
      { actor },
    );
  }

  @Post('votes/:id/ballots/:ballotId/corrections')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Correct an entered paper ballot before the close (kept with who, when and why)',
  })
  @ApiOkResponse({ type: BallotView })
  correct(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('ballotId', new ParseUUIDPipe()) ballotId: string,
    @Body() body: CorrectBallotRequest,
    @CurrentActor() actor: Actor,
  ) {
    return this.bus.request(
      CouncilsRoutes.ballotCorrect,
      streetOf(actor),
      { ...body, voteId: id, ballotId },
      { actor },
    );
  }
}
