import type { EmptyRequest } from '../common';
import { deadLetterRoutes } from '../ops';
import { routesOf } from '../subjects';
import type {
  DefineIndicatorCommand,
  IndicatorFigureView,
  IndicatorListQuery,
  IndicatorValueCommand,
  IndicatorView,
} from './indicators';
import type {
  CreateSurveyCommand,
  RebuildView,
  RecordedView,
  RecordIncidentCommand,
  SatisfactionImportCommand,
  SatisfactionImportReport,
  StreetRatingCommand,
  SurveyAnswerCommand,
  SurveyListQuery,
  SurveyView,
} from './inputs';
import type { ClosedPeriodView, DistrictOnlyRequest, PeriodCommand } from './periods';
import type {
  DefineSchemeCommand,
  ReviseSchemeCommand,
  SchemeListCommand,
  SchemeVersionRequest,
  SchemeView,
} from './schemes';
import type {
  RankingCommand,
  RankingView,
  ScorecardCommand,
  ScorecardView,
  TrendCommand,
  TrendView,
} from './scorecards';

const r = routesOf('evaluation');

/** Requests the evaluation service answers (street token: the unit's street, or `all`). */
export const EvaluationRoutes = {
  indicatorList: r<IndicatorListQuery, IndicatorView[]>('indicators.list'),
  indicatorDefine: r<DefineIndicatorCommand, IndicatorView>('indicators.define'),
  indicatorValue: r<IndicatorValueCommand, IndicatorFigureView>('indicators.value'),
  schemeDefine: r<DefineSchemeCommand, SchemeView>('schemes.define'),
  schemeRevise: r<ReviseSchemeCommand, SchemeView>('schemes.revise'),
  schemeGet: r<SchemeVersionRequest, SchemeView>('schemes.get'),
  schemeList: r<SchemeListCommand, SchemeView[]>('schemes.list'),
  scorecard: r<ScorecardCommand, ScorecardView>('scorecards.get'),
  ranking: r<RankingCommand, RankingView>('rankings.get'),
  trend: r<TrendCommand, TrendView>('trends.get'),
  periodClose: r<PeriodCommand, ClosedPeriodView>('periods.close'),
  periodReopen: r<PeriodCommand, ClosedPeriodView>('periods.reopen'),
  periodList: r<DistrictOnlyRequest, ClosedPeriodView[]>('periods.list'),
  incidentRecord: r<RecordIncidentCommand, RecordedView>('incidents.record'),
  streetRating: r<StreetRatingCommand, RecordedView>('street-ratings.record'),
  surveyCreate: r<CreateSurveyCommand, SurveyView>('surveys.create'),
  surveyList: r<SurveyListQuery, SurveyView[]>('surveys.list'),
  surveyAnswer: r<SurveyAnswerCommand, RecordedView>('surveys.answer'),
  satisfactionImport: r<SatisfactionImportCommand, SatisfactionImportReport>('satisfaction.import'),
  rebuildStart: r<EmptyRequest, RebuildView>('rebuilds.start'),
  rebuildStatus: r<EmptyRequest, RebuildView[]>('rebuilds.status'),
  ...deadLetterRoutes('evaluation'),
} as const;
