import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  AddRoundReviewerCommand,
  CreateRoundRequest,
  DeclareConflictCommand,
  IncubatorRoutes,
  RoundRankingCommand,
  RankingExportCommand,
  RoundIdRequest,
  RoundListQuery,
  RoundPageCommand,
  SetRoundCriteriaCommand,
  type Actor,
} from '@gz/contracts';
import { BusHandler, CallerActor } from '@gz/platform';
import { RoundPanelService } from '../services/round-panel.service';
import { RoundScoringService } from '../services/round-scoring.service';
import { RoundsService } from '../services/rounds.service';

/** Venture-philanthropy rounds: the call and its course, the panel and its conflicts, the ranking. */
@Controller()
export class RoundHandlers {
  constructor(
    private readonly rounds: RoundsService,
    private readonly panel: RoundPanelService,
    private readonly scoring: RoundScoringService,
  ) {}

  @BusHandler(IncubatorRoutes.roundCreate)
  create(@Payload() req: CreateRoundRequest, @CallerActor() actor?: Actor) {
    return this.rounds.create(req, actor);
  }

  @BusHandler(IncubatorRoutes.roundGet)
  get(@Payload() req: RoundIdRequest, @CallerActor() actor?: Actor) {
    return this.rounds.get(req.id, actor);
  }

  @BusHandler(IncubatorRoutes.roundList)
  list(@Payload() query: RoundListQuery, @CallerActor() actor?: Actor) {
    return this.rounds.list(query, actor);
  }

  @BusHandler(IncubatorRoutes.roundCriteriaSet)
  setCriteria(@Payload() cmd: SetRoundCriteriaCommand, @CallerActor() actor?: Actor) {
    return this.rounds.setCriteria(cmd, actor);
  }

  @BusHandler(IncubatorRoutes.roundOpen)
  open(@Payload() req: RoundIdRequest, @CallerActor() actor?: Actor) {
    return this.rounds.transition(req.id, 'open', actor);
  }

  @BusHandler(IncubatorRoutes.roundCloseCall)
  closeCall(@Payload() req: RoundIdRequest, @CallerActor() actor?: Actor) {
    return this.rounds.transition(req.id, 'closeCall', actor);
  }

  @BusHandler(IncubatorRoutes.roundCloseReview)
  closeReview(@Payload() req: RoundIdRequest, @CallerActor() actor?: Actor) {
    return this.rounds.transition(req.id, 'closeReview', actor);
  }

  @BusHandler(IncubatorRoutes.roundClose)
  close(@Payload() req: RoundIdRequest, @CallerActor() actor?: Actor) {
    return this.rounds.transition(req.id, 'close', actor);
  }

  @BusHandler(IncubatorRoutes.roundReviewerAdd)
  addReviewer(@Payload() cmd: AddRoundReviewerCommand, @CallerActor() actor?: Actor) {
    return this.panel.addReviewer(cmd, actor);
  }

  @BusHandler(IncubatorRoutes.roundReviewerList)
  reviewers(@Payload() cmd: RoundPageCommand, @CallerActor() actor?: Actor) {
    return this.panel.reviewers(cmd, actor);
  }

  @BusHandler(IncubatorRoutes.roundConflictDeclare)
  declare(@Payload() cmd: DeclareConflictCommand, @CallerActor() actor?: Actor) {
    return this.panel.declare(cmd, actor);
  }

  @BusHandler(IncubatorRoutes.roundConflictList)
  conflicts(@Payload() cmd: RoundPageCommand, @CallerActor() actor?: Actor) {
    return this.panel.conflicts(cmd, actor);
  }

  @BusHandler(IncubatorRoutes.roundRanking)
  ranking(@Payload() cmd: RoundRankingCommand, @CallerActor() actor?: Actor) {
    return this.scoring.ranking(cmd, actor);
  }

  @BusHandler(IncubatorRoutes.roundRankingExport)
  rankingExport(@Payload() cmd: RankingExportCommand, @CallerActor() actor?: Actor) {
    return this.scoring.rankingExport(cmd, actor);
  }
}
