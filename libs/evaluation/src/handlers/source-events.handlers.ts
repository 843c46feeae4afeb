import { Injectable } from '@nestjs/common';
import {
  CouncilsEvents,
  DispatchEvents,
  IncubatorEvents,
  RegistryEvents,
  TicketingEvents,
  type EventEnvelope,
} from '@gz/contracts';
import { OnEventInOneStatement, type InboxRecord } from '@gz/platform';
import { LogStore } from '../persistence/log.store';

/** Any event's envelope: the log keeps it whole. */
type Envelope = EventEnvelope<unknown>;

/**
 * What evaluation consumes: each event goes into its log with its inbox record in one statement
 * (exactly once); the projector turns the log into facts. One line per type, the types of
 * domain/sources (a spec checks the two lists agree).
 */
@Injectable()
export class SourceEventsHandlers {
  constructor(private readonly log: LogStore) {}

  private record(e: Envelope, inbox: InboxRecord): Promise<boolean> {
    return this.log.appendConsumed(e, inbox);
  }

  // ticketing
  @OnEventInOneStatement(TicketingEvents.reported)
  reported(e: Envelope, i: InboxRecord) {
    return this.record(e, i);
  }

  @OnEventInOneStatement(TicketingEvents.opened)
  opened(e: Envelope, i: InboxRecord) {
    return this.record(e, i);
  }

  @OnEventInOneStatement(TicketingEvents.rejected)
  rejected(e: Envelope, i: InboxRecord) {
    return this.record(e, i);
  }

  @OnEventInOneStatement(TicketingEvents.handled)
  handled(e: Envelope, i: InboxRecord) {
    return this.record(e, i);
  }

  @OnEventInOneStatement(TicketingEvents.reopened)
  reopened(e: Envelope, i: InboxRecord) {
    return this.record(e, i);
  }

  @OnEventInOneStatement(TicketingEvents.escalated)
  escalated(e: Envelope, i: InboxRecord) {
    return this.record(e, i);
  }

  @OnEventInOneStatement(TicketingEvents.closed)
  closed(e: Envelope, i: InboxRecord) {
    return this.record(e, i);
  }

  @OnEventInOneStatement(TicketingEvents.rated)
  rated(e: Envelope, i: InboxRecord) {
    return this.record(e, i);
  }

  // dispatch
  @OnEventInOneStatement(DispatchEvents.confirmed)
  dispatchConfirmed(e: Envelope, i: InboxRecord) {
    return this.record(e, i);
  }

  @OnEventInOneStatement(DispatchEvents.acknowledged)
  assignmentAcknowledged(e: Envelope, i: InboxRecord) {
    return this.record(e, i);
  }

  @OnEventInOneStatement(DispatchEvents.handedBack)
  assignmentHandedBack(e: Envelope, i: InboxRecord) {
    return this.record(e, i);
  }

  @OnEventInOneStatement(DispatchEvents.handled)
  assignmentHandled(e: Envelope, i: InboxRecord) {
    return this.record(e, i);
  }

  @OnEventInOneStatement(DispatchEvents.escalated)
  assignmentEscalated(e: Envelope, i: InboxRecord) {
    return this.record(e, i);
  }

  // registry
  @OnEventInOneStatement(RegistryEvents.visitCompleted)
  visitCompleted(e: Envelope, i: InboxRecord) {
    return this.record(e, i);
  }

  @OnEventInOneStatement(RegistryEvents.rentalGraded)
  rentalGraded(e: Envelope, i: InboxRecord) {
    return this.record(e, i);
  }

  // councils
  @OnEventInOneStatement(CouncilsEvents.topicAccepted)
  topicAccepted(e: Envelope, i: InboxRecord) {
    return this.record(e, i);
  }

  @OnEventInOneStatement(CouncilsEvents.topicResolved)
  topicResolved(e: Envelope, i: InboxRecord) {
    return this.record(e, i);
  }

  @OnEventInOneStatement(CouncilsEvents.voteClosed)
  voteClosed(e: Envelope, i: InboxRecord) {
    return this.record(e, i);
  }

  @OnEventInOneStatement(CouncilsEvents.propertyCompanyRated)
  propertyCompanyRated(e: Envelope, i: InboxRecord) {
    return this.record(e, i);
  }

  // incubator
  @OnEventInOneStatement(IncubatorEvents.incubationAdmitted)
  incubationAdmitted(e: Envelope, i: InboxRecord) {
    return this.record(e, i);
  }

  @OnEventInOneStatement(IncubatorEvents.incubationGraduated)
  incubationGraduated(e: Envelope, i: InboxRecord) {
    return this.record(e, i);
  }

  @OnEventInOneStatement(IncubatorEvents.incubationLeft)
  incubationLeft(e: Envelope, i: InboxRecord) {
    return this.record(e, i);
  }

  @OnEventInOneStatement(IncubatorEvents.volunteerHoursCredited)
  volunteerHoursCredited(e: Envelope, i: InboxRecord) {
    return this.record(e, i);
  }

  @OnEventInOneStatement(IncubatorEvents.fundSpendingPublished)
  fundSpendingPublished(e: Envelope, i: InboxRecord) {
    return this.record(e, i);
  }

  @OnEventInOneStatement(IncubatorEvents.fundDonationReceived)
  fundDonationReceived(e: Envelope, i: InboxRecord) {
    return this.record(e, i);
  }

  @OnEventInOneStatement(IncubatorEvents.fundEntryReversed)
  fundEntryReversed(e: Envelope, i: InboxRecord) {
    return this.record(e, i);
  }

  @OnEventInOneStatement(IncubatorEvents.deliverableAccepted)
  deliverableAccepted(e: Envelope, i: InboxRecord) {
    return this.record(e, i);
  }
}
