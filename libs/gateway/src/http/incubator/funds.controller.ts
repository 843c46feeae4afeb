import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Res,
  StreamableFile,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import {
  ApproveSpendingRequest,
  CreateFundRequest,
  DonorPhoneView,
  FundEntryFilter,
  FundEntryView,
  FundListQuery,
  FundPiiAccessEntry,
  FundPiiAccessQuery,
  FundSpendingView,
  FundStatementExportQuery,
  FundStatementQuery,
  FundStatementView,
  FundView,
  IncubatorRoutes,
  PaySpendingRequest,
  RecordDonationRequest,
  RejectSpendingRequest,
  RequestSpendingRequest,
  RevealDonorPhoneRequest,
  ReverseFundEntryRequest,
  SpendingFilter,
  type Actor,
} from '@gz/contracts';
import { BusClient } from '@gz/platform';
import { idempotencyKey } from '../idempotency';
import type { FastifyReply } from 'fastify';
import { CurrentActor } from '../../auth/auth';
import { ApiPageResponse } from '../openapi';
import { toStreet } from '../street';
import { statementCsv, statementWorkbook, XLSX_TYPE } from './fund-statement-export';

/** Community funds and micro-funds (社区基金, 微基金): the ledger, spending, the public statement. */
@ApiTags('incubator: community funds')
@ApiBearerAuth()
@Controller('api/v1/incubator/funds')
export class FundsController {
  constructor(private readonly bus: BusClient) {}

  @Post()
  @ApiOperation({
    summary:
      'Set up a community fund or micro-fund held in a charity’s accounts, with its managers (the keepers of its community or street)',
  })
  @ApiCreatedResponse({ type: FundView })
  create(@Body() body: CreateFundRequest, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, IncubatorRoutes.fundCreate, actor, body, body.placePath);
  }

  @Get()
  @ApiOperation({ summary: 'Funds: staff within their scope, managers, and the residents of each fund’s place' })
  @ApiPageResponse(FundView)
  list(@Query() query: FundListQuery, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, IncubatorRoutes.fundList, actor, query);
  }

  @Get('pii-access')
  @ApiOperation({ summary: "Who read which donor's full phone, when and why (auditors, district admins)" })
  @ApiPageResponse(FundPiiAccessEntry)
  piiAccess(@Query() query: FundPiiAccessQuery, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, IncubatorRoutes.fundPiiAccess, actor, query);
  }

  @Get(':id')
  @ApiOkResponse({ type: FundView })
  get(@Param('id', new ParseUUIDPipe()) id: string, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, IncubatorRoutes.fundGet, actor, { id });
  }

  @Post(':id/donations')
  @ApiOperation({
    summary:
      'Book a donation into the ledger (managers, keepers); the donor’s phone is sealed. A retry with the same Idempotency-Key books it once.',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: '8–100 characters, unique per donation' })
  @ApiCreatedResponse({ type: FundEntryView })
  donate(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: RecordDonationRequest,
    @CurrentActor() actor: Actor,
    @Headers('idempotency-key') key?: string,
  ) {
    return toStreet(this.bus, IncubatorRoutes.fundDonationRecord, actor, {
      ...body,
      fundId: id,
      ...idempotencyKey(key),
    });
  }

  @Get(':id/entries')
  @ApiOperation({ summary: 'The ledger, newest first (donors’ phones masked): managers and staff' })
  @ApiPageResponse(FundEntryView)
  entries(@Param('id', new ParseUUIDPipe()) id: string, @Query() query: FundEntryFilter, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, IncubatorRoutes.fundEntryList, actor, { ...query, fundId: id });
  }

  @Post(':id/entries/:entryId/reverse')
  @ApiOperation({
    summary:
      'Correct an entry with a reversing entry referring to it (once; 409 if it would take the balance below zero)',
  })
  @ApiCreatedResponse({ type: FundEntryView })
  reverse(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('entryId', new ParseUUIDPipe()) entryId: string,
    @Body() body: ReverseFundEntryRequest,
    @CurrentActor() actor: Actor,
  ) {
    return toStreet(this.bus, IncubatorRoutes.fundEntryReverse, actor, { ...body, fundId: id, entryId });
  }

  @Post(':id/entries/:entryId/reveal')
  @HttpCode(200)
  @ApiOperation({
    summary: "A donor's full phone, with a reason (the keepers of the fund's place); every read is audited",
  })
  @ApiOkResponse({ type: DonorPhoneView })
  reveal(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('entryId', new ParseUUIDPipe()) entryId: string,
    @Body() body: RevealDonorPhoneRequest,
    @CurrentActor() actor: Actor,
  ) {
    return toStreet(this.bus, IncubatorRoutes.fundDonorReveal, actor, { ...body, fundId: id, entryId });
  }

  @Post(':id/spending')
  @ApiOperation({ summary: 'Ask to spend from the fund: purpose, payee, amount (managers, keepers)' })
  @ApiCreatedResponse({ type: FundSpendingView })
  requestSpending(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: RequestSpendingRequest,
    @CurrentActor() actor: Actor,
  ) {
    return toStreet(this.bus, IncubatorRoutes.fundSpendingRequest, actor, { ...body, fundId: id });
  }

  @Get(':id/spending')
  @ApiOperation({ summary: "The fund's spending requests, newest first" })
  @ApiPageResponse(FundSpendingView)
  spending(@Param('id', new ParseUUIDPipe()) id: string, @Query() query: SpendingFilter, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, IncubatorRoutes.fundSpendingList, actor, { ...query, fundId: id });
  }

  @Post('spending/:id/approve')
  @HttpCode(200)
  @ApiOperation({ summary: 'Approve a spending: someone other than its requester (403 for the requester)' })
  @ApiOkResponse({ type: FundSpendingView })
  approve(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: ApproveSpendingRequest,
    @CurrentActor() actor: Actor,
  ) {
    return toStreet(this.bus, IncubatorRoutes.fundSpendingApprove, actor, { ...body, id });
  }

  @Post('spending/:id/reject')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reject a spending with the reason: someone other than its requester' })
  @ApiOkResponse({ type: FundSpendingView })
  reject(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: RejectSpendingRequest,
    @CurrentActor() actor: Actor,
  ) {
    return toStreet(this.bus, IncubatorRoutes.fundSpendingReject, actor, { ...body, id });
  }

  @Post('spending/:id/pay')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Pay an approved spending: booked into the ledger and published (fund.spending_published); 409 naming the balance when it cannot cover it',
  })
  @ApiOkResponse({ type: FundSpendingView })
  pay(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: PaySpendingRequest, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, IncubatorRoutes.fundSpendingPay, actor, { ...body, id });
  }

  @Get(':id/statement')
  @ApiOperation({
    summary:
      "The public statement of a period: opening balance, each donation and spending in order, closing balance (residents of the fund's place, staff)",
  })
  @ApiOkResponse({ type: FundStatementView })
  statement(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() query: FundStatementQuery,
    @CurrentActor() actor: Actor,
  ) {
    return toStreet(this.bus, IncubatorRoutes.fundStatement, actor, { ...query, fundId: id });
  }

  @Get(':id/statement/export')
  @ApiOperation({ summary: 'The statement as a CSV (UTF-8) or XLSX file with Chinese headings' })
  @ApiProduces('text/csv', XLSX_TYPE)
  @ApiOkResponse({ description: 'the file' })
  async export(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Query() query: FundStatementExportQuery,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    const statement = await toStreet(this.bus, IncubatorRoutes.fundStatement, actor, {
      from: query.from,
      to: query.to,
      fundId: id,
    });
    const data = query.format === 'csv' ? statementCsv(statement) : await statementWorkbook(statement);
    void reply
      .header(
        'content-disposition',
        `attachment; filename="fund-statement-${statement.from}-${statement.to}.${query.format}"`,
      )
      .header('x-content-type-options', 'nosniff');
    return new StreamableFile(data, {
      type: query.format === 'csv' ? 'text/csv; charset=utf-8' : XLSX_TYPE,
      length: data.length,
    });
  }
}
