import { Body, Controller, Get, Param, ParseIntPipe, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  DefineSchemeRequest,
  EvaluationRoutes,
  SCHEME_CODE,
  SchemeListQuery,
  SchemeView,
  type Actor,
} from '@gz/contracts';
import { BusClient, invalid } from '@gz/platform';
import { CurrentActor } from '../../auth/auth';
import { districtOf, toEvaluation } from './evaluation-street';

function code(value: string): string {
  if (!SCHEME_CODE.test(value)) throw invalid('code is not valid', { fields: { code: ['invalid'] } });
  return value;
}

/** Scoring schemes (考核方案): per district and unit kind, versioned, unchangeable once a scorecard used them. */
@ApiTags('evaluation')
@ApiBearerAuth()
@Controller('api/v1/evaluation/schemes')
export class SchemesController {
  constructor(private readonly bus: BusClient) {}

  @Get()
  @ApiOperation({ summary: "The district's schemes, every version (staff)" })
  @ApiOkResponse({ type: [SchemeView] })
  list(@Query() query: SchemeListQuery, @CurrentActor() actor: Actor) {
    return toEvaluation(this.bus, EvaluationRoutes.schemeList, actor, { ...query, district: districtOf(actor) });
  }

  @Post()
  @ApiOperation({
    summary: 'Define a scheme, or the next version of one (district admin)',
    description:
      'The weights must add up to the total (100 unless the scheme says another), else 422 saying what they add up to.',
  })
  @ApiCreatedResponse({ type: SchemeView })
  define(@Body() body: DefineSchemeRequest, @CurrentActor() actor: Actor) {
    return toEvaluation(this.bus, EvaluationRoutes.schemeDefine, actor, { ...body, district: districtOf(actor) });
  }

  @Get(':code/versions/:version')
  @ApiOperation({ summary: 'One version of a scheme (staff)' })
  @ApiOkResponse({ type: SchemeView })
  get(@Param('code') c: string, @Param('version', ParseIntPipe) version: number, @CurrentActor() actor: Actor) {
    return toEvaluation(this.bus, EvaluationRoutes.schemeGet, actor, {
      district: districtOf(actor),
      code: code(c),
      version,
    });
  }

  @Put(':code/versions/:version')
  @ApiOperation({ summary: 'Correct a version no scorecard has used yet (district admin); one in use is 409' })
  @ApiOkResponse({ type: SchemeView })
  revise(
    @Param('code') c: string,
    @Param('version', ParseIntPipe) version: number,
    @Body() body: DefineSchemeRequest,
    @CurrentActor() actor: Actor,
  ) {
    if (body.code !== c)
      throw invalid('The body’s code is the path’s', { fields: { code: ['differs from the path'] } });
    return toEvaluation(this.bus, EvaluationRoutes.schemeRevise, actor, {
      ...body,
      district: districtOf(actor),
      code: code(c),
      version,
    });
  }
}
