import { Injectable } from '@nestjs/common';
import {
  DispatchEvents,
  type AssignmentAcknowledgedData,
  type AssignmentEscalatedData,
  type AssignmentHandedBackData,
  type AssignmentHandledData,
  type DispatchConfirmedData,
  type DispatchProposedData,
  type EventEnvelope,
} from '@gz/contracts';
import { OnEvent, OnEventInOneStatement, type InboxRecord } from '@gz/platform';
import type { EntityManager } from 'typeorm';
import { DispatchOutcomesService } from '../services/dispatch-outcomes.service';

/** Dispatch's events, consumed by ticketing: each goes to what it does to the ticket. */
@Injectable()
export class DispatchEventsHandlers {
  constructor(private readonly outcomes: DispatchOutcomesService) {}

  @OnEventInOneStatement(DispatchEvents.proposed)
  proposed(e: EventEnvelope<DispatchProposedData>, inbox: InboxRecord): Promise<boolean> {
    return this.outcomes.proposed(e.data, inbox);
  }

  @OnEventInOneStatement(DispatchEvents.confirmed)
  confirmed(e: EventEnvelope<DispatchConfirmedData>, inbox: InboxRecord): Promise<boolean> {
    return this.outcomes.confirmed(e.data, inbox);
  }

  @OnEvent(DispatchEvents.acknowledged)
  acknowledged(e: EventEnvelope<AssignmentAcknowledgedData>, m: EntityManager): Promise<void> {
    return this.outcomes.acknowledged(e.data, m);
  }

  @OnEvent(DispatchEvents.handedBack)
  handedBack(e: EventEnvelope<AssignmentHandedBackData>, m: EntityManager): Promise<void> {
    return this.outcomes.handedBack(e.data, m);
  }

  @OnEvent(DispatchEvents.handled)
  handled(e: EventEnvelope<AssignmentHandledData>, m: EntityManager): Promise<void> {
    return this.outcomes.handled(e.data, m);
  }

  @OnEvent(DispatchEvents.escalated)
  escalated(e: EventEnvelope<AssignmentEscalatedData>, m: EntityManager): Promise<void> {
    return this.outcomes.escalated(e.data, m);
  }
}
