import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  AcceptMilestoneCommand,
  AskRecusalCommand,
  AwardApplicationCommand,
  DecideRecusalCommand,
  DisburseMilestoneCommand,
  FinalEvaluationCommand,
  IncubatorRoutes,
  MidtermReviewCommand,
  MilestoneListCommand,
  RecusalListCommand,
  ReportMilestoneCommand,
  ReturnMilestoneCommand,
  RoundApplicationIdRequest,
  RoundApplicationListQuery,
  ScoreSheetListCommand,
  SubmitRoundApplicationCommand,
  SubmitScoreSheetCommand,
  type Actor,
} from '@gz/contracts';
import { BusHandler, CallerActor } from '@gz/platform';
import { RoundApplicationsService } from '../services/round-applications.service';
import { RoundAwardsService } from '../services/round-awards.service';
import { RoundPanelService } from '../services/round-panel.service';
import { RoundProjectsService } from '../services/round-projects.service';
import { RoundScoringService } from '../services/round-scoring.service';

/** Applications to rounds: submission, score sheets, recusals, awards, and the funded projects' milestones and reviews. */
@Controller()
export class RoundApplicationHandlers {
  constructor(
    private readonly applications: RoundApplicationsService,
    private readonly scoring: RoundScoringService,
    private readonly panel: RoundPanelService,
    private readonly awards: RoundAwardsService,
    private readonly projects: RoundProjectsService,
  ) {}

  @BusHandler(IncubatorRoutes.roundApplicationSubmit)
  submit(@Payload() cmd: SubmitRoundApplicationCommand, @CallerActor() actor?: Actor) {
    return this.applications.submit(cmd, actor);
  }

  @BusHandler(IncubatorRoutes.roundApplicationGet)
  get(@Payload() req: RoundApplicationIdRequest, @CallerActor() actor?: Actor) {
    return this.applications.get(req.id, actor);
  }

  @BusHandler(IncubatorRoutes.roundApplicationList)
  list(@Payload() query: RoundApplicationListQuery, @CallerActor() actor?: Actor) {
    return this.applications.list(query, actor);
  }

  @BusHandler(IncubatorRoutes.scoreSheetSubmit)
  score(@Payload() cmd: SubmitScoreSheetCommand, @CallerActor() actor?: Actor) {
    return this.scoring.submit(cmd, actor);
  }

  @BusHandler(IncubatorRoutes.scoreSheetList)
  sheets(@Payload() cmd: ScoreSheetListCommand, @CallerActor() actor?: Actor) {
    return this.scoring.sheets(cmd, actor);
  }

  @BusHandler(IncubatorRoutes.recusalAsk)
  askRecusal(@Payload() cmd: AskRecusalCommand, @CallerActor() actor?: Actor) {
    return this.panel.askRecusal(cmd, actor);
  }

  @BusHandler(IncubatorRoutes.recusalDecide)
  decideRecusal(@Payload() cmd: DecideRecusalCommand, @CallerActor() actor?: Actor) {
    return this.panel.decideRecusal(cmd, actor);
  }

  @BusHandler(IncubatorRoutes.recusalList)
  recusals(@Payload() cmd: RecusalListCommand, @CallerActor() actor?: Actor) {
    return this.panel.recusals(cmd, actor);
  }

  @BusHandler(IncubatorRoutes.roundApplicationAward)
  award(@Payload() cmd: AwardApplicationCommand, @CallerActor() actor?: Actor) {
    return this.awards.award(cmd, actor);
  }

  @BusHandler(IncubatorRoutes.milestoneList)
  milestones(@Payload() cmd: MilestoneListCommand, @CallerActor() actor?: Actor) {
    return this.projects.list(cmd, actor);
  }

  @BusHandler(IncubatorRoutes.milestoneReport)
  report(@Payload() cmd: ReportMilestoneCommand, @CallerActor() actor?: Actor) {
    return this.projects.report(cmd, actor);
  }

  @BusHandler(IncubatorRoutes.milestoneAccept)
  accept(@Payload() cmd: AcceptMilestoneCommand, @CallerActor() actor?: Actor) {
    return this.projects.accept(cmd, actor);
  }

  @BusHandler(IncubatorRoutes.milestoneReturn)
  return(@Payload() cmd: ReturnMilestoneCommand, @CallerActor() actor?: Actor) {
    return this.projects.return(cmd, actor);
  }

  @BusHandler(IncubatorRoutes.milestoneDisburse)
  disburse(@Payload() cmd: DisburseMilestoneCommand, @CallerActor() actor?: Actor) {
    return this.projects.disburse(cmd, actor);
  }

  @BusHandler(IncubatorRoutes.midtermReview)
  midterm(@Payload() cmd: MidtermReviewCommand, @CallerActor() actor?: Actor) {
    return this.projects.midterm(cmd, actor);
  }

  @BusHandler(IncubatorRoutes.finalEvaluation)
  final(@Payload() cmd: FinalEvaluationCommand, @CallerActor() actor?: Actor) {
    return this.projects.final(cmd, actor);
  }
}
