import { Injectable } from '@nestjs/common';
import { streetOfPath, TicketingRoutes, type Actor, type ReportTicketCommand } from '@gz/contracts';
import { BusClient, BusError, DomainError, unprocessable } from '@gz/platform';

/**
 * Reports a ticket to ticketing over the bus as the compound's joint council (the councils service
 * meets ticketing only there). Its idempotency key makes a retry report the same ticket. What
 * ticketing refuses is 422 naming `field`; ticketing away is 503/504, never 500.
 */
@Injectable()
export class TicketReporter {
  constructor(private readonly bus: BusClient) {}

  /** The council as a caller ticketing accepts: a system actor with a secretary's role in the community. */
  councilActor(communityPath: string, name: string | undefined): Actor {
    return { kind: 'system', id: 'councils', username: name ?? '联席会', roles: ['community_secretary'], scopes: [communityPath] };
  }

  async report(report: ReportTicketCommand, council: Actor, field: string): Promise<string> {
    try {
      const ticket = await this.bus.request(TicketingRoutes.report, streetOfPath(report.location.gridPath), report, { actor: council });
      return ticket.id;
    } catch (error) {
      if (!(error instanceof BusError)) throw error;
      const code = error.body.code;
      if (code === 'unprocessable' || code === 'invalid')
        throw unprocessable(`Ticketing refused the ticket: ${error.body.message}`, { field });
      throw new DomainError(
        code === 'timeout' ? 'timeout' : 'unavailable',
        `The ticket could not be reported to ticketing (${error.body.message}); try again`,
      );
    }
  }
}
