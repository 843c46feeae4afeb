import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  CreateSurveyCommand,
  DefineIndicatorCommand,
  DefineSchemeCommand,
  DistrictOnlyRequest,
  EvaluationRoutes,
  IndicatorListQuery,
  IndicatorValueCommand,
  PeriodCommand,
  RankingCommand,
  RecordIncidentCommand,
  ReviseSchemeCommand,
  SatisfactionImportCommand,
  SchemeListCommand,
  SchemeVersionRequest,
  ScorecardCommand,
  StreetRatingCommand,
  SurveyAnswerCommand,
  SurveyListQuery,
  TrendCommand,
  type Actor,
  type EmptyRequest,
} from '@gz/contracts';
import { BusHandler, CallerActor } from '@gz/platform';
import { CatalogueService } from '../services/catalogue.service';
import { InputsService } from '../services/inputs.service';
import { PeriodsService } from '../services/periods.service';
import { RebuildsService } from '../services/rebuilds.service';
import { SchemesService } from '../services/schemes.service';
import { ScorecardsService } from '../services/scorecards.service';
import { SurveysService } from '../services/surveys.service';

/** Indicators, schemes, scorecards, rankings and trends. */
@Controller()
export class EvaluationHandlers {
  constructor(
    private readonly catalogue: CatalogueService,
    private readonly schemes: SchemesService,
    private readonly scorecards: ScorecardsService,
  ) {}

  @BusHandler(EvaluationRoutes.indicatorList)
  indicators(@Payload() q: IndicatorListQuery, @CallerActor() actor?: Actor) {
    return this.catalogue.list(q, actor);
  }

  @BusHandler(EvaluationRoutes.indicatorDefine)
  defineIndicator(@Payload() cmd: DefineIndicatorCommand, @CallerActor() actor?: Actor) {
    return this.catalogue.define(cmd, actor);
  }

  @BusHandler(EvaluationRoutes.indicatorValue)
  value(@Payload() cmd: IndicatorValueCommand, @CallerActor() actor?: Actor) {
    return this.scorecards.figure(cmd, actor);
  }

  @BusHandler(EvaluationRoutes.schemeDefine)
  defineScheme(@Payload() cmd: DefineSchemeCommand, @CallerActor() actor?: Actor) {
    return this.schemes.define(cmd, actor);
  }

  @BusHandler(EvaluationRoutes.schemeRevise)
  reviseScheme(@Payload() cmd: ReviseSchemeCommand, @CallerActor() actor?: Actor) {
    return this.schemes.revise(cmd, actor);
  }

  @BusHandler(EvaluationRoutes.schemeGet)
  scheme(@Payload() req: SchemeVersionRequest, @CallerActor() actor?: Actor) {
    return this.schemes.get(req, actor);
  }

  @BusHandler(EvaluationRoutes.schemeList)
  schemeList(@Payload() q: SchemeListCommand, @CallerActor() actor?: Actor) {
    return this.schemes.list(q, actor);
  }

  @BusHandler(EvaluationRoutes.scorecard)
  scorecard(@Payload() cmd: ScorecardCommand, @CallerActor() actor?: Actor) {
    return this.scorecards.scorecard(cmd, actor);
  }

  @BusHandler(EvaluationRoutes.ranking)
  ranking(@Payload() cmd: RankingCommand, @CallerActor() actor?: Actor) {
    return this.scorecards.ranking(cmd, actor);
  }

  @BusHandler(EvaluationRoutes.trend)
  trend(@Payload() cmd: TrendCommand, @CallerActor() actor?: Actor) {
    return this.scorecards.trend(cmd, actor);
  }
}

/** Inputs: closing periods, incidents, streets' ratings, surveys, imports; rebuilds. */
@Controller()
export class EvaluationInputHandlers {
  constructor(
    private readonly periods: PeriodsService,
    private readonly inputs: InputsService,
    private readonly surveys: SurveysService,
    private readonly rebuilds: RebuildsService,
  ) {}

  @BusHandler(EvaluationRoutes.periodClose)
  close(@Payload() cmd: PeriodCommand, @CallerActor() actor?: Actor) {
    return this.periods.close(cmd, actor);
  }

  @BusHandler(EvaluationRoutes.periodReopen)
  reopen(@Payload() cmd: PeriodCommand, @CallerActor() actor?: Actor) {
    return this.periods.reopen(cmd, actor);
  }

  @BusHandler(EvaluationRoutes.periodList)
  periodList(@Payload() req: DistrictOnlyRequest, @CallerActor() actor?: Actor) {
    return this.periods.list(req, actor);
  }

  @BusHandler(EvaluationRoutes.incidentRecord)
  incident(@Payload() cmd: RecordIncidentCommand, @CallerActor() actor?: Actor) {
    return this.inputs.incident(cmd, actor);
  }

  @BusHandler(EvaluationRoutes.streetRating)
  streetRating(@Payload() cmd: StreetRatingCommand, @CallerActor() actor?: Actor) {
    return this.inputs.streetRating(cmd, actor);
  }

  @BusHandler(EvaluationRoutes.surveyCreate)
  surveyCreate(@Payload() cmd: CreateSurveyCommand, @CallerActor() actor?: Actor) {
    return this.surveys.create(cmd, actor);
  }

  @BusHandler(EvaluationRoutes.surveyList)
  surveyList(@Payload() q: SurveyListQuery, @CallerActor() actor?: Actor) {
    return this.surveys.list(q, actor);
  }

  @BusHandler(EvaluationRoutes.surveyAnswer)
  surveyAnswer(@Payload() cmd: SurveyAnswerCommand, @CallerActor() actor?: Actor) {
    return this.surveys.answer(cmd, actor);
  }

  @BusHandler(EvaluationRoutes.satisfactionImport)
  importResults(@Payload() cmd: SatisfactionImportCommand, @CallerActor() actor?: Actor) {
    return this.surveys.importResults(cmd, actor);
  }

  @BusHandler(EvaluationRoutes.rebuildStart)
  rebuild(@Payload() _req: EmptyRequest, @CallerActor() actor?: Actor) {
    return this.rebuilds.start(actor);
  }

  @BusHandler(EvaluationRoutes.rebuildStatus)
  rebuildStatus(@Payload() _req: EmptyRequest, @CallerActor() actor?: Actor) {
    return this.rebuilds.status(actor);
  }
}
