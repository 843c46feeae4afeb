import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  AcceptDeliverableRequest,
  AddDeliverablesRequest,
  CreateServiceContractRequest,
  DeliverableView,
  IncubatorRoutes,
  PageQuery,
  PayDeliverableRequest,
  PayDeliverableResult,
  ReportDeliverableRequest,
  ReturnDeliverableRequest,
  ServiceContractDetailView,
  ServiceContractListQuery,
  ServiceContractView,
  ServicePaymentView,
  type Actor,
} from '@gz/contracts';
import { BusClient } from '@gz/platform';
import { idempotencyKey } from '../idempotency';
import { CurrentActor } from '../../auth/auth';
import { ApiPageResponse } from '../openapi';
import { toStreet } from '../street';

/** Services purchased by government (政府购买服务): contracts, deliverables, acceptance, payments. */
@ApiTags('incubator: purchased services')
@ApiBearerAuth()
@Controller('api/v1/incubator/contracts')
export class ServiceContractsController {
  constructor(private readonly bus: BusClient) {}

  @Post()
  @ApiOperation({
    summary:
      'Sign a contract with an organisation: service items, budget (fen), period and deliverables (the street or district admins of the buyer)',
  })
  @ApiCreatedResponse({ type: ServiceContractDetailView })
  create(@Body() body: CreateServiceContractRequest, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, IncubatorRoutes.serviceContractCreate, actor, body, body.buyerPath);
  }

  @Get()
  @ApiOperation({
    summary:
      "Contracts: the buyer's and the organisation's staff within their scope, auditors, the organisation's own staff",
  })
  @ApiPageResponse(ServiceContractView)
  list(@Query() query: ServiceContractListQuery, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, IncubatorRoutes.serviceContractList, actor, query);
  }

  @Get(':id')
  @ApiOkResponse({ type: ServiceContractDetailView })
  get(@Param('id', new ParseUUIDPipe()) id: string, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, IncubatorRoutes.serviceContractGet, actor, { id });
  }

  @Post(':id/deliverables')
  @ApiOperation({ summary: 'Add deliverables (within the period; together never over the budget)' })
  @ApiCreatedResponse({ type: ServiceContractDetailView })
  addDeliverables(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: AddDeliverablesRequest,
    @CurrentActor() actor: Actor,
  ) {
    return toStreet(this.bus, IncubatorRoutes.deliverablesAdd, actor, { ...body, contractId: id });
  }

  @Get(':id/payments')
  @ApiOperation({ summary: "The contract's payments, oldest first" })
  @ApiPageResponse(ServicePaymentView)
  payments(@Param('id', new ParseUUIDPipe()) id: string, @Query() query: PageQuery, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, IncubatorRoutes.serviceContractPayments, actor, { ...query, contractId: id });
  }

  @Post('deliverables/:id/report')
  @HttpCode(200)
  @ApiOperation({ summary: "Report a deliverable done (the organisation's staff; the buyer for a report on paper)" })
  @ApiOkResponse({ type: DeliverableView })
  report(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: ReportDeliverableRequest,
    @CurrentActor() actor: Actor,
  ) {
    return toStreet(this.bus, IncubatorRoutes.deliverableReport, actor, { ...body, id });
  }

  @Post('deliverables/:id/accept')
  @HttpCode(200)
  @ApiOperation({ summary: 'Accept a reported deliverable (the buyer); publishes deliverable.accepted' })
  @ApiOkResponse({ type: DeliverableView })
  accept(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: AcceptDeliverableRequest,
    @CurrentActor() actor: Actor,
  ) {
    return toStreet(this.bus, IncubatorRoutes.deliverableAccept, actor, { ...body, id });
  }

  @Post('deliverables/:id/return')
  @HttpCode(200)
  @ApiOperation({ summary: 'Return a reported deliverable to the organisation with the reason (the buyer)' })
  @ApiOkResponse({ type: DeliverableView })
  sendBack(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: ReturnDeliverableRequest,
    @CurrentActor() actor: Actor,
  ) {
    return toStreet(this.bus, IncubatorRoutes.deliverableReturn, actor, { ...body, id });
  }

  @Post('deliverables/:id/payments')
  @ApiOperation({
    summary:
      "Pay an accepted deliverable (the buyer): 409 before acceptance, or beyond what is left of it or of the contract's budget. A retry with the same Idempotency-Key pays once.",
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: '8–100 characters, unique per payment' })
  @ApiCreatedResponse({ type: PayDeliverableResult })
  pay(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: PayDeliverableRequest,
    @CurrentActor() actor: Actor,
    @Headers('idempotency-key') key?: string,
  ) {
    return toStreet(this.bus, IncubatorRoutes.deliverablePay, actor, { ...body, id, ...idempotencyKey(key) });
  }
}
