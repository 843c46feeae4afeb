import { Injectable } from '@nestjs/common';
import {
  TicketingEvents,
  type EventEnvelope,
  type TicketHandledData,
  type TicketOpenedData,
  type TicketEventData,
} from '@gz/contracts';
import { OnEvent, OnEventInOneStatement, type InboxRecord } from '@gz/platform';
import type { EntityManager } from 'typeorm';
import { DispatchService } from './dispatch.service';

/** What ticketing tells dispatch: a ticket to dispatch (opened, reopened), or one that needs no more. */
@Injectable()
export class TicketEventsHandler {
  constructor(private readonly dispatch: DispatchService) {}

  @OnEventInOneStatement(TicketingEvents.opened)
  opened(e: EventEnvelope<TicketOpenedData>, inbox: InboxRecord): Promise<boolean> {
    return this.dispatch.openCase(e.data, inbox);
  }

  @OnEvent(TicketingEvents.reopened)
  reopened(e: EventEnvelope<TicketOpenedData>, m: EntityManager): Promise<void> {
    return this.dispatch.onOpened(m, e.data, true);
  }

  @OnEvent(TicketingEvents.handled)
  async handled(e: EventEnvelope<TicketHandledData>, m: EntityManager): Promise<void> {
    // handled in the grid: the proposal is moot
    if (e.data.inGrid) await this.dispatch.onFinished(m, e.data.ticketId);
  }

  @OnEvent(TicketingEvents.closed)
  closed(e: EventEnvelope<TicketEventData>, m: EntityManager): Promise<void> {
    return this.dispatch.onFinished(m, e.data.ticketId);
  }

  @OnEvent(TicketingEvents.merged)
  merged(e: EventEnvelope<TicketEventData>, m: EntityManager): Promise<void> {
    return this.dispatch.onFinished(m, e.data.ticketId);
  }
}
