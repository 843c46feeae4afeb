import { Injectable } from '@nestjs/common';
import {
  TicketingEvents,
  type EventEnvelope,
  type TicketEventData,
  type TicketHandledData,
  type TicketMergedData,
  type TicketOpenedData,
} from '@gz/contracts';
import { OnEvent, OnEventInOneStatement, type InboxRecord } from '@gz/platform';
import type { EntityManager } from 'typeorm';
import { ProposalService } from '../services/proposal.service';

/** What ticketing tells dispatch: a ticket to dispatch (opened, reopened), or one that needs no more. */
@Injectable()
export class TicketEventsHandlers {
  constructor(private readonly proposals: ProposalService) {}

  @OnEventInOneStatement(TicketingEvents.opened)
  opened(e: EventEnvelope<TicketOpenedData>, inbox: InboxRecord): Promise<boolean> {
    return this.proposals.openCase(e.data, inbox);
  }

  @OnEvent(TicketingEvents.reopened)
  reopened(e: EventEnvelope<TicketOpenedData>, m: EntityManager): Promise<void> {
    return this.proposals.onOpened(m, e.data, true);
  }

  @OnEvent(TicketingEvents.handled)
  handled(e: EventEnvelope<TicketHandledData>, m: EntityManager): Promise<void> {
    return this.proposals.onHandled(m, e.data);
  }

  @OnEvent(TicketingEvents.closed)
  closed(e: EventEnvelope<TicketEventData>, m: EntityManager): Promise<void> {
    return this.proposals.onFinished(m, e.data.ticketId);
  }

  @OnEvent(TicketingEvents.merged)
  merged(e: EventEnvelope<TicketMergedData>, m: EntityManager): Promise<void> {
    return this.proposals.onFinished(m, e.data.ticketId);
  }
}
