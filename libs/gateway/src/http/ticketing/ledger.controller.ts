import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ClaimRequest,
  LedgerClaim,
  LedgerQuery,
  LedgerStats,
  LedgerStatsQuery,
  streetOfPath,
  TicketingRoutes,
  LedgerEntry,
  type Actor,
} from '@gz/contracts';
import { BusClient } from '@gz/platform';
import { CurrentActor } from '../../auth/auth';
import { ApiPageResponse } from '../openapi';
import { streetOf } from '../street';

/**
 * The public-opinion ledger (民情账本): residents' requests (source resident or 12345) per
 * community, who follows (认领) which, and collected / resolved figures.
 */
@ApiTags('ledger')
@ApiBearerAuth()
@Controller('api/v1/ledger')
export class LedgerController {
  constructor(private readonly bus: BusClient) {}

  @Get()
  @ApiOperation({ summary: 'Residents’ requests of a community (or street) with their state and who follows them' })
  @ApiPageResponse(LedgerEntry)
  list(@Query() query: LedgerQuery, @CurrentActor() actor: Actor) {
    return this.bus.request(TicketingRoutes.ledgerList, streetOfPath(query.path), query, { actor });
  }

  @Get('stats')
  @ApiOperation({ summary: 'Per community: requests collected in the period, resolved of them (and %), followed' })
  @ApiOkResponse({ type: LedgerStats })
  stats(@Query() query: LedgerStatsQuery, @CurrentActor() actor: Actor) {
    return this.bus.request(TicketingRoutes.ledgerStats, streetOfPath(query.path), query, { actor });
  }

  @Post(':ticketId/claims')
  @ApiOperation({
    summary:
      '认领: follow a request of your community (community secretaries, grid workers, residents); once per person',
  })
  @ApiCreatedResponse({ type: LedgerClaim })
  claim(
    @Param('ticketId', new ParseUUIDPipe()) ticketId: string,
    @Body() body: ClaimRequest,
    @CurrentActor() actor: Actor,
  ) {
    return this.bus.request(TicketingRoutes.ledgerClaim, streetOf(actor), { ...body, ticketId }, { actor });
  }

  @Delete(':ticketId/claims/mine')
  @HttpCode(200)
  @ApiOperation({ summary: 'Stop following a request (releases your claim)' })
  @ApiOkResponse({ type: LedgerClaim })
  release(@Param('ticketId', new ParseUUIDPipe()) ticketId: string, @CurrentActor() actor: Actor) {
    return this.bus.request(TicketingRoutes.ledgerRelease, streetOf(actor), { ticketId }, { actor });
  }
}
