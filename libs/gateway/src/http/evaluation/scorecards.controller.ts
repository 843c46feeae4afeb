import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  EvaluationRoutes,
  RankingQuery,
  RankingView,
  ScorecardQuery,
  ScorecardView,
  TrendQuery,
  TrendView,
  type Actor,
} from '@gz/contracts';
import { BusClient } from '@gz/platform';
import { CurrentActor } from '../../auth/auth';
import { districtOf, toEvaluation } from './evaluation-street';

/** Scorecards, rankings and trends, computed from what happened. */
@ApiTags('evaluation')
@ApiBearerAuth()
@Controller('api/v1/evaluation')
export class ScorecardsController {
  constructor(private readonly bus: BusClient) {}

  @Get('scorecards')
  @ApiOperation({
    summary: "A unit's scorecard for a period under a scheme (staff within scope)",
    description:
      "Each indicator's numerator, denominator, value (rounded half up), points and explanation; not-applicable indicators apart; the veto; " +
      'the scheme version, a hash of the definitions used and the position in the event history. A department with `street` is scored ' +
      'from that street’s dispatch facts only, plus the street’s rating. A closed period shows its published figures, and restatements beside.',
  })
  @ApiOkResponse({ type: ScorecardView })
  scorecard(@Query() query: ScorecardQuery, @CurrentActor() actor: Actor) {
    return toEvaluation(this.bus, EvaluationRoutes.scorecard, actor, { ...query, district: districtOf(actor) });
  }

  @Get('rankings')
  @ApiOperation({
    summary: 'The units of one kind ranked for a period (district staff; a street’s staff for its street)',
    description:
      'Equal scores share a rank (1, 2, 2, 4); units with nothing due are listed apart; the top and bottom N (red and black lists).',
  })
  @ApiOkResponse({ type: RankingView })
  ranking(@Query() query: RankingQuery, @CurrentActor() actor: Actor) {
    return toEvaluation(this.bus, EvaluationRoutes.ranking, actor, { ...query, district: districtOf(actor) });
  }

  @Get('trends')
  @ApiOperation({ summary: "A unit's score and values month by month, from `period` (YYYY-MM) to `until`" })
  @ApiOkResponse({ type: TrendView })
  trend(@Query() query: TrendQuery, @CurrentActor() actor: Actor) {
    return toEvaluation(this.bus, EvaluationRoutes.trend, actor, { ...query, district: districtOf(actor) });
  }
}
