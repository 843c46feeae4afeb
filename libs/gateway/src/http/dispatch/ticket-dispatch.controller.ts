import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ConfirmDispatchRequest, DispatchCaseView, DispatchRoutes, type Actor } from '@gz/contracts';
import { BusClient } from '@gz/platform';
import { CurrentActor } from '../../auth/auth';
import { streetOf } from '../street';

/** A ticket's dispatch: the proposal, the assignments, and the command centre's confirmation. */
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
    return this.bus.request(DispatchRoutes.confirm, streetOf(actor), { ...body, ticketId: id }, { actor });
  }
}
