import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CheckRequest,
  HandleRequest,
  MergeRequest,
  RateRequest,
  RejectRequest,
  ReportedTicket,
  ReportTicketRequest,
  streetOfPath,
  TicketingRoutes,
  TicketDetail,
  TicketListQuery,
  TicketStats,
  TicketStatsQuery,
  TicketView,
  TimelineEntry,
  TransitionRequest,
  type Actor,
} from '@gz/contracts';
import { BusClient } from '@gz/platform';
import { CurrentActor } from '../../auth/auth';
import { ApiPageResponse } from '../openapi';
import { idempotencyKey } from '../idempotency';
import { streetOf } from '../street';

@ApiTags('tickets')
@ApiBearerAuth()
@Controller('api/v1/tickets')
export class TicketsController {
  constructor(private readonly bus: BusClient) {}

  @Post()
  @ApiOperation({
    summary:
      'Report a problem (采集上报): grid patrol, a relayed informant, a resident, a 12345 call, a partner system',
    description:
      'Send an Idempotency-Key header so that a retried submission creates one ticket. The answer lists open tickets nearby that may be the same problem.',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: '8–100 characters, unique per submission' })
  @ApiCreatedResponse({ type: ReportedTicket })
  report(@Body() body: ReportTicketRequest, @CurrentActor() actor: Actor, @Headers('idempotency-key') key?: string) {
    return this.bus.request(
      TicketingRoutes.report,
      streetOfPath(body.location.gridPath),
      { ...body, ...idempotencyKey(key) },
      { actor },
    );
  }

  @Get()
  @ApiOperation({ summary: 'Tickets you may see: your places’, your department’s, your own reports' })
  @ApiPageResponse(TicketView)
  list(@Query() query: TicketListQuery, @CurrentActor() actor: Actor) {
    return this.bus.request(TicketingRoutes.list, streetOf(actor), query, { actor });
  }

  @Get('stats')
  @ApiOperation({ summary: 'The command centre’s figures: open tickets by state, escalated' })
  @ApiOkResponse({ type: TicketStats })
  stats(@Query() query: TicketStatsQuery, @CurrentActor() actor: Actor) {
    return this.bus.request(TicketingRoutes.stats, streetOf(actor), query, { actor });
  }

  @Get(':id')
  @ApiOkResponse({ type: TicketDetail })
  get(@Param('id', new ParseUUIDPipe()) id: string, @CurrentActor() actor: Actor) {
    return this.bus.request(TicketingRoutes.get, streetOf(actor), { id }, { actor });
  }

  @Get(':id/timeline')
  @ApiOperation({ summary: 'Every step of the ticket: who, when, note, photos' })
  @ApiOkResponse({ type: [TimelineEntry] })
  timeline(@Param('id', new ParseUUIDPipe()) id: string, @CurrentActor() actor: Actor) {
    return this.bus.request(TicketingRoutes.timeline, streetOf(actor), { id }, { actor });
  }

  @Post(':id/open')
  @HttpCode(200)
  @ApiOperation({ summary: '核实立案: verified, real and new (grid worker or command centre)' })
  @ApiOkResponse({ type: TicketView })
  open(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: TransitionRequest, @CurrentActor() actor: Actor) {
    return this.bus.request(TicketingRoutes.open, streetOf(actor), { ...body, id }, { actor });
  }

  @Post(':id/reject')
  @HttpCode(200)
  @ApiOperation({ summary: 'Not real or not ours: rejected with a reason' })
  @ApiOkResponse({ type: TicketView })
  reject(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: RejectRequest, @CurrentActor() actor: Actor) {
    return this.bus.request(TicketingRoutes.reject, streetOf(actor), { ...body, id }, { actor });
  }

  @Post(':id/merge')
  @HttpCode(200)
  @ApiOperation({ summary: 'A duplicate: merged into the open ticket it repeats' })
  @ApiOkResponse({ type: TicketView })
  merge(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: MergeRequest, @CurrentActor() actor: Actor) {
    return this.bus.request(TicketingRoutes.merge, streetOf(actor), { ...body, id }, { actor });
  }

  @Post(':id/handle')
  @HttpCode(200)
  @ApiOperation({ summary: 'Handled in the grid (categories the grid may close, 小事不出格)' })
  @ApiOkResponse({ type: TicketView })
  handle(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: HandleRequest, @CurrentActor() actor: Actor) {
    return this.bus.request(TicketingRoutes.handle, streetOf(actor), { ...body, id }, { actor });
  }

  @Post(':id/check')
  @HttpCode(200)
  @ApiOperation({ summary: '核查: checked on site; passed → checked, not passed → reopened and dispatched again' })
  @ApiOkResponse({ type: TicketView })
  check(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: CheckRequest, @CurrentActor() actor: Actor) {
    return this.bus.request(TicketingRoutes.check, streetOf(actor), { ...body, id }, { actor });
  }

  @Post(':id/close')
  @HttpCode(200)
  @ApiOperation({ summary: '结案' })
  @ApiOkResponse({ type: TicketView })
  close(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: TransitionRequest, @CurrentActor() actor: Actor) {
    return this.bus.request(TicketingRoutes.close, streetOf(actor), { ...body, id }, { actor });
  }

  @Post(':id/rating')
  @HttpCode(200)
  @ApiOperation({
    summary:
      '评价: 1–5 stars with a comment, once, after closing (the reporter, or a resident or grid worker of the place)',
  })
  @ApiOkResponse({ type: TicketView })
  rate(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: RateRequest, @CurrentActor() actor: Actor) {
    return this.bus.request(TicketingRoutes.rate, streetOf(actor), { ...body, id }, { actor });
  }
}
