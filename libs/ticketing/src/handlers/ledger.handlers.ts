import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  ClaimCommand,
  LedgerQuery,
  LedgerStatsQuery,
  ReleaseClaimCommand,
  TicketingRoutes,
  type Actor,
} from '@gz/contracts';
import { BusHandler, CallerActor } from '@gz/platform';
import { LedgerService } from '../services/ledger.service';

/** The public-opinion ledger (民情账本). */
@Controller()
export class LedgerHandlers {
  constructor(private readonly ledger: LedgerService) {}

  @BusHandler(TicketingRoutes.ledgerList)
  list(@Payload() query: LedgerQuery, @CallerActor() actor?: Actor) {
    return this.ledger.list(query, actor);
  }

  @BusHandler(TicketingRoutes.ledgerStats)
  stats(@Payload() query: LedgerStatsQuery, @CallerActor() actor?: Actor) {
    return this.ledger.stats(query, actor);
  }

  @BusHandler(TicketingRoutes.ledgerClaim)
  claim(@Payload() cmd: ClaimCommand, @CallerActor() actor?: Actor) {
    return this.ledger.claim(cmd, actor);
  }

  @BusHandler(TicketingRoutes.ledgerRelease)
  release(@Payload() cmd: ReleaseClaimCommand, @CallerActor() actor?: Actor) {
    return this.ledger.release(cmd, actor);
  }
}
