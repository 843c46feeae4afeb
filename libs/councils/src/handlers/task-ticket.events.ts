import { Injectable } from '@nestjs/common';
import { TicketingEvents, type EventEnvelope, type TicketEventData, type TicketMergedData } from '@gz/contracts';
import { OnEvent } from '@gz/platform';
import type { EntityManager } from 'typeorm';
import { ResolutionsService } from '../services/resolutions.service';

/** What ticketing tells councils: the ticket a resolution's task was sent as has ended, so the task is done. */
@Injectable()
export class TaskTicketEvents {
  constructor(private readonly resolutions: ResolutionsService) {}

  @OnEvent(TicketingEvents.closed)
  closed(e: EventEnvelope<TicketEventData>, m: EntityManager): Promise<void> {
    return this.resolutions.onTicketEnded(m, e.data.ticketId, 'ticket.closed');
  }

  @OnEvent(TicketingEvents.rejected)
  rejected(e: EventEnvelope<TicketEventData>, m: EntityManager): Promise<void> {
    return this.resolutions.onTicketEnded(m, e.data.ticketId, 'ticket.rejected');
  }

  @OnEvent(TicketingEvents.merged)
  merged(e: EventEnvelope<TicketMergedData>, m: EntityManager): Promise<void> {
    return this.resolutions.onTicketEnded(m, e.data.ticketId, 'ticket.merged');
  }
}
