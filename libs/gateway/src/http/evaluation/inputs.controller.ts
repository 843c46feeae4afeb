import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Req } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import {
  ClosedPeriodView,
  CreateSurveyRequest,
  EvaluationRoutes,
  PeriodRequest,
  RebuildView,
  RecordedView,
  RecordIncidentRequest,
  SATISFACTION_IMPORT_MAX_ROWS,
  SatisfactionImportReport,
  StreetRatingCommand,
  SurveyAnswerRequest,
  SurveyListQuery,
  SurveyView,
  type Actor,
} from '@gz/contracts';
import { BusClient, invalid, readSpreadsheet, unprocessable } from '@gz/platform';
import type { FastifyRequest } from 'fastify';
import { CurrentActor } from '../../auth/auth';
import { districtOf, toEvaluation } from './evaluation-street';

const IMPORT_TIMEOUT_MS = 60_000;

/** What people give evaluation: closed periods, grave incidents, streets' ratings, surveys and third-party results; rebuilds. */
@ApiTags('evaluation')
@ApiBearerAuth()
@Controller('api/v1/evaluation')
export class EvaluationInputsController {
  constructor(private readonly bus: BusClient) {}

  @Get('periods')
  @ApiOperation({
    summary: "The district's closed periods (封账), with the late facts waiting in each (district staff)",
  })
  @ApiOkResponse({ type: [ClosedPeriodView] })
  periods(@CurrentActor() actor: Actor) {
    return toEvaluation(this.bus, EvaluationRoutes.periodList, actor, { district: districtOf(actor) });
  }

  @Post('periods/close')
  @HttpCode(201)
  @ApiOperation({
    summary:
      'Close a month, quarter or year (district admin): later events for it become restatements beside the published figures',
  })
  @ApiCreatedResponse({ type: ClosedPeriodView })
  close(@Body() body: PeriodRequest, @CurrentActor() actor: Actor) {
    return toEvaluation(this.bus, EvaluationRoutes.periodClose, actor, { ...body, district: districtOf(actor) });
  }

  @Post('periods/reopen')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reopen a closed period (district admin): its restatements join its figures' })
  @ApiOkResponse({ type: ClosedPeriodView })
  reopen(@Body() body: PeriodRequest, @CurrentActor() actor: Actor) {
    return toEvaluation(this.bus, EvaluationRoutes.periodReopen, actor, { ...body, district: districtOf(actor) });
  }

  @Post('incidents')
  @ApiOperation({
    summary: 'Record a grave incident against a unit (district admin): what a veto rule (一票否决) counts',
  })
  @ApiCreatedResponse({ type: RecordedView })
  incident(@Body() body: RecordIncidentRequest, @CurrentActor() actor: Actor) {
    return toEvaluation(this.bus, EvaluationRoutes.incidentRecord, actor, { ...body, district: districtOf(actor) });
  }

  @Post('street-ratings')
  @ApiOperation({ summary: "A street's rating of a department for a month, 0–100 (the street's admin)" })
  @ApiCreatedResponse({ type: RecordedView })
  streetRating(@Body() body: StreetRatingCommand, @CurrentActor() actor: Actor) {
    return toEvaluation(this.bus, EvaluationRoutes.streetRating, actor, body);
  }

  @Post('surveys')
  @ApiOperation({
    summary:
      'Set up a questionnaire: after closed tickets, or a periodic survey of a community (community secretary, street and district admins)',
  })
  @ApiCreatedResponse({ type: SurveyView })
  createSurvey(@Body() body: CreateSurveyRequest, @CurrentActor() actor: Actor) {
    return toEvaluation(this.bus, EvaluationRoutes.surveyCreate, actor, body);
  }

  @Get('surveys')
  @ApiOperation({ summary: 'Questionnaires within your scope' })
  @ApiOkResponse({ type: [SurveyView] })
  surveys(@Query() query: SurveyListQuery, @CurrentActor() actor: Actor) {
    return toEvaluation(this.bus, EvaluationRoutes.surveyList, actor, query);
  }

  @Post('surveys/:id/answers')
  @ApiOperation({
    summary:
      'Answer a questionnaire: every question 1–5 (a resident of the place, or staff entering a paper sheet); once per ticket',
  })
  @ApiCreatedResponse({ type: RecordedView })
  answer(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: SurveyAnswerRequest,
    @CurrentActor() actor: Actor,
  ) {
    return toEvaluation(this.bus, EvaluationRoutes.surveyAnswer, actor, { ...body, surveyId: id });
  }

  @Post('satisfaction/imports')
  @HttpCode(201)
  @ApiOperation({
    summary:
      'Import third-party survey results from XLSX or CSV (multipart: file, mode) with a row report (street and district admins)',
    description: `Columns 单位路径, 日期 (YYYY-MM-DD), 样本数, 满意数. all-or-nothing (default): any wrong row rejects the file (422, the report in details.import); valid-rows imports the good ones. At most ${SATISFACTION_IMPORT_MAX_ROWS} rows.`,
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      properties: {
        file: { type: 'string', format: 'binary' },
        mode: { type: 'string', enum: ['all-or-nothing', 'valid-rows'] },
      },
      required: ['file'],
    },
  })
  @ApiCreatedResponse({ type: SatisfactionImportReport })
  async importResults(@Req() req: FastifyRequest, @CurrentActor() actor: Actor): Promise<SatisfactionImportReport> {
    if (!req.isMultipart())
      throw invalid('Send the file as multipart/form-data with a part named file', { fields: { file: ['missing'] } });
    const part = await req.file();
    if (!part || part.fieldname !== 'file')
      throw invalid('Send the file in a part named file', { fields: { file: ['missing'] } });
    const data = await part.toBuffer();
    const field = (part.fields as Record<string, { value?: unknown } | undefined>).mode?.value;
    const mode = typeof field === 'string' ? field : 'all-or-nothing';
    if (mode !== 'all-or-nothing' && mode !== 'valid-rows')
      throw invalid('The request is not valid', { fields: { mode: ['all-or-nothing or valid-rows'] } });
    const cells = await readSpreadsheet(data, part.filename ?? 'upload');
    if (cells.length - 1 > SATISFACTION_IMPORT_MAX_ROWS || Buffer.byteLength(JSON.stringify(cells)) > 900_000)
      throw unprocessable(`At most ${SATISFACTION_IMPORT_MAX_ROWS} rows per upload`, {
        field: 'file',
        rows: cells.length - 1,
      });
    const report = await toEvaluation(
      this.bus,
      EvaluationRoutes.satisfactionImport,
      actor,
      { fileName: part.filename ?? 'upload', mode, cells },
      IMPORT_TIMEOUT_MS,
    );
    if (mode === 'all-or-nothing' && report.refused > 0)
      throw unprocessable(`The file has ${report.refused} wrong row(s); nothing was imported`, { import: report });
    return report;
  }

  @Post('rebuilds')
  @HttpCode(202)
  @ApiOperation({
    summary:
      "Rebuild the facts from evaluation's log beside the live ones; they replace them once caught up (district admin)",
  })
  @ApiOkResponse({ type: RebuildView })
  rebuild(@CurrentActor() actor: Actor) {
    return toEvaluation(this.bus, EvaluationRoutes.rebuildStart, actor, {});
  }

  @Get('rebuilds')
  @ApiOperation({ summary: 'The projection generations: live, building, and how far each is into the log' })
  @ApiOkResponse({ type: [RebuildView] })
  rebuilds(@CurrentActor() actor: Actor) {
    return toEvaluation(this.bus, EvaluationRoutes.rebuildStatus, actor, {});
  }
}
