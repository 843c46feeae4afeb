import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  AssignmentActionRequest,
  AssignmentListQuery,
  AssignmentView,
  DepartmentQueue,
  DispatchRoutes,
  HandBackRequest,
  OverdueQuery,
  ResultRequest,
  type Actor,
} from '@gz/contracts';
import { BusClient } from '@gz/platform';
import { CurrentActor } from '../../auth/auth';
import { ApiPageResponse } from '../openapi';
import { streetOf } from '../street';

/** The departments' work: their queues, what is overdue, and what they do with each assignment. */
@ApiTags('dispatch')
@ApiBearerAuth()
@Controller('api/v1/assignments')
export class AssignmentsController {
  constructor(private readonly bus: BusClient) {}

  @Get()
  @ApiOperation({
    summary: 'Work dispatched to your department (department officers and their partner systems), or to your places',
  })
  @ApiPageResponse(AssignmentView)
  list(@Query() query: AssignmentListQuery, @CurrentActor() actor: Actor) {
    return this.bus.request(DispatchRoutes.assignmentList, streetOf(actor), query, { actor });
  }

  @Get('overdue')
  @ApiOperation({ summary: 'Work past its deadline to acknowledge or to handle' })
  @ApiPageResponse(AssignmentView)
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
