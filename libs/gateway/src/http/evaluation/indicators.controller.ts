import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  DefineIndicatorRequest,
  EvaluationRoutes,
  INDICATOR_CODE,
  IndicatorFigureView,
  IndicatorValueQuery,
  IndicatorView,
  type Actor,
} from '@gz/contracts';
import { BusClient, invalid } from '@gz/platform';
import { CurrentActor } from '../../auth/auth';
import { districtOf, toEvaluation } from './evaluation-street';

/** Indicators (考核指标): versioned definitions, in words and as their rule; one indicator's figures for a unit. */
@ApiTags('evaluation')
@ApiBearerAuth()
@Controller('api/v1/evaluation/indicators')
export class IndicatorsController {
  constructor(private readonly bus: BusClient) {}

  @Get()
  @ApiOperation({
    summary: 'The indicators your district may use: the built-in ones and its own, every version (staff)',
    description:
      'Each in words and as its rule: numerator and denominator (measure, the time that decides the period, a filter), the units it is attributed to, Asia/Shanghai days, whether higher is better; a zero denominator is not applicable.',
  })
  @ApiOkResponse({ type: [IndicatorView] })
  list(@CurrentActor() actor: Actor) {
    return toEvaluation(this.bus, EvaluationRoutes.indicatorList, actor, { district: districtOf(actor) });
  }

  @Post()
  @ApiOperation({
    summary:
      "Define the district's own indicator from the same measures (district admin); a code defined again is its next version",
  })
  @ApiCreatedResponse({ type: IndicatorView })
  define(@Body() body: DefineIndicatorRequest, @CurrentActor() actor: Actor) {
    return toEvaluation(this.bus, EvaluationRoutes.indicatorDefine, actor, { ...body, district: districtOf(actor) });
  }

  @Get(':code/value')
  @ApiOperation({
    summary:
      "One indicator's figures for a unit and period: numerator, denominator, the value rounded half up (staff within scope)",
  })
  @ApiOkResponse({ type: IndicatorFigureView })
  value(@Param('code') code: string, @Query() query: IndicatorValueQuery, @CurrentActor() actor: Actor) {
    if (!INDICATOR_CODE.test(code)) throw invalid('code is not valid', { fields: { code: ['invalid'] } });
    return toEvaluation(this.bus, EvaluationRoutes.indicatorValue, actor, { ...query, code, district: districtOf(actor) });
  }
}
