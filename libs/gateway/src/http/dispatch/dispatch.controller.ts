import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  AssignmentActionRequest,
  AssignmentListQuery,
  AssignmentView,
  ConfirmDispatchRequest,
  DepartmentQueue,
  DispatchCaseView,
  DispatchRoutes,
  HandBackRequest,
  OverdueQuery,
  PublishResponsibilityRequest,
  ResponsibilityListView,
  ResponsibilityQuery,
  ResultRequest,
  type Actor,
  type Page,
} from '@gz/contracts';
import { BusClient } from '@gz/platform';
import { CurrentActor } from '../../auth/auth';
import { streetOf } from '../ticketing/street';

@ApiTags('dispatch')
@ApiBearerAuth()
@Controller('api/v1/tickets')
export class TicketDispatchController {
  constructor(private readonly bus: BusClient) {}

  @Get(':id/dispatch')
  @ApiOperation({ summary: 'The dispatch of a ticket: the proposal from the responsibility list, and the assignments' })
  @ApiOkResponse({ type: DispatchCaseView })
  get(@Param('id', new ParseUUIDPipe()) id: string, @CurrentActor() actor: Actor) {
    return this.bus.request(DispatchRoutes.caseGet, streetOf(actor), { ticketId: id }, { actor });
  }

  @Post(':id/dispatch')
  @HttpCode(200)
  @ApiOperation({
    summary: '指挥派遣 (command centre): confirm the proposal, or name the lead and co-departments (joint dispatch)',
  })
  @ApiOkResponse({ type: DispatchCaseView })
  confirm(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: ConfirmDispatchRequest,
    @CurrentActor() actor: Actor,
  ) {
    return this.bus.request(
      DispatchRoutes.confirm,
      streetOf(actor),
      { ...body, ticketId: id },
      { actor },
    );
  }
}

@ApiTags('dispatch')
@ApiBearerAuth()
@Controller('api/v1/assignments')
export class AssignmentsController {
  constructor(private readonly bus: BusClient) {}

  @Get()
  @ApiOperation({
    summary: 'Work dispatched to your department (department officers and their partner systems), or to your places',
  })
  list(@Query() query: AssignmentListQuery, @CurrentActor() actor: Actor) {
    return this.bus.request(DispatchRoutes.assignmentList, streetOf(actor), query, { actor });
  }

  @Get('overdue')
  @ApiOperation({ summary: 'Work past its deadline to acknowledge or to handle' })
  overdue(@Query() query: OverdueQuery, @CurrentActor() actor: Actor) {
    return this.bus.request(DispatchRoutes.overdue, streetOf(actor), query, { actor });
  }

  @Get('queues')
  @ApiOperation({ summary: 'Per-department queues: pending, acknowledged, overdue' })
  @ApiOkResponse({ type: [DepartmentQueue] })
  queues(@CurrentActor() actor: Actor) {
    return this.bus.request(DispatchRoutes.queues, streetOf(actor), {}, { actor });
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  @ApiOperation({ summary: '签收: the department takes the work' })
  @ApiOkResponse({ type: AssignmentView })
  acknowledge(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: AssignmentActionRequest,
    @CurrentActor() actor: Actor,
  ) {
    return this.bus.request(DispatchRoutes.acknowledge, streetOf(actor), { ...body, id }, { actor });
  }

  @Post(':id/hand-back')
  @HttpCode(200)
  @ApiOperation({ summary: '"Not ours": hand the work back with a reason' })
  @ApiOkResponse({ type: AssignmentView })
  handBack(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: HandBackRequest, @CurrentActor() actor: Actor) {
    return this.bus.request(DispatchRoutes.handBack, streetOf(actor), { ...body, id }, { actor });
  }

  @Post(':id/result')
  @HttpCode(200)
  @ApiOperation({ summary: '处理反馈: the result and after-photos' })
  @ApiOkResponse({ type: AssignmentView })
  result(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: ResultRequest, @CurrentActor() actor: Actor) {
    return this.bus.request(DispatchRoutes.result, streetOf(actor), { ...body, id }, { actor });
  }
}

@ApiTags('dispatch')
@ApiBearerAuth()
@Controller('api/v1/responsibility-lists')
export class ResponsibilityListsController {
  constructor(private readonly bus: BusClient) {}

  @Get()
  @ApiOperation({ summary: 'The responsibility list (责任清单) in force for a street' })
  @ApiOkResponse({ type: ResponsibilityListView })
  get(@Query() query: ResponsibilityQuery, @CurrentActor() actor: Actor) {
    return this.bus.request(DispatchRoutes.responsibilityGet, query.street, query, { actor });
  }

  @Post()
  @ApiOperation({ summary: 'Publish a new version of a street’s responsibility list (street and district admins)' })
  @ApiCreatedResponse({ type: ResponsibilityListView })
  publish(@Body() body: PublishResponsibilityRequest, @CurrentActor() actor: Actor) {
    return this.bus.request(DispatchRoutes.responsibilityPublish, body.street, body, { actor });
  }
}
