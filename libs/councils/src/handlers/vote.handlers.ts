import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  AssignConvenorCommand,
  CastBallotCommand,
  CorrectBallotCommand,
  CouncilsRoutes,
  CreateVoteCommand,
  NonVoterCommand,
  VoteIdRequest,
  VoteListCommand,
  type Actor,
} from '@gz/contracts';
import { BusHandler, CallerActor } from '@gz/platform';
import { BallotService } from '../services/ballot.service';
import { VoteAdminService } from '../services/vote-admin.service';
import { VoteTallyService } from '../services/vote-tally.service';

/** Owners' votes: creating and reading them, ballots, the live tally and the non-voters. */
@Controller()
export class VoteHandlers {
  constructor(
    private readonly admin: VoteAdminService,
    private readonly ballots: BallotService,
    private readonly tallies: VoteTallyService,
  ) {}

  @BusHandler(CouncilsRoutes.convenorAssign)
  assignConvenor(@Payload() cmd: AssignConvenorCommand, @CallerActor() actor?: Actor) {
    return this.admin.assignConvenor(cmd, actor);
  }

  @BusHandler(CouncilsRoutes.voteCreate)
  create(@Payload() cmd: CreateVoteCommand, @CallerActor() actor?: Actor) {
    return this.admin.create(cmd, actor);
  }

  @BusHandler(CouncilsRoutes.voteList)
  list(@Payload() cmd: VoteListCommand, @CallerActor() actor?: Actor) {
    return this.admin.list(cmd, actor);
  }

  @BusHandler(CouncilsRoutes.voteGet)
  get(@Payload() req: VoteIdRequest, @CallerActor() actor?: Actor) {
    return this.admin.get(req, actor);
  }

  @BusHandler(CouncilsRoutes.voteTally)
  tally(@Payload() req: VoteIdRequest, @CallerActor() actor?: Actor) {
    return this.tallies.tally(req, actor);
  }

  @BusHandler(CouncilsRoutes.voteNonVoters)
  nonVoters(@Payload() cmd: NonVoterCommand, @CallerActor() actor?: Actor) {
    return this.tallies.nonVoters(cmd, actor);
  }

  @BusHandler(CouncilsRoutes.ballotCast)
  cast(@Payload() cmd: CastBallotCommand, @CallerActor() actor?: Actor) {
    return this.ballots.cast(cmd, actor);
  }

  @BusHandler(CouncilsRoutes.ballotCorrect)
  correct(@Payload() cmd: CorrectBallotCommand, @CallerActor() actor?: Actor) {
    return this.ballots.correct(cmd, actor);
  }
}
