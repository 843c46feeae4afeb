import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DispatchEvents } from '../dispatch/events';
import type { EventType } from '../event-map';
import { TicketingEvents } from './events';
import { PersonRef, TICKET_STATES, type TicketState } from './tickets';

/**
 * What a ticket's timeline entry says happened: the past tense of the event it stands for, i.e.
 * the last part of an event type (`ticket.opened` → `opened`, `dispatch.proposed` → `proposed`).
 * A step of the ticket is named by the ticket event it publishes. What is only recorded on the
 * ticket takes the name of the same step, with `toState` null because the ticket did not move: a
 * step that no longer applied (`dispatched`), one department of several handing back or handling
 * its part (`handed_back`, `handled`), a duplicate merged into this ticket (`merged`).
 */
export const TIMELINE_ACTIONS = [
  'reported',
  'opened',
  'rejected',
  'merged',
  'proposed',
  'dispatched',
  'acknowledged',
  'handed_back',
  'handled',
  'checked',
  'closed',
  'reopened',
  'rated',
  'escalated',
  'claimed',
  'claim_released',
] as const;
export type TimelineAction = (typeof TIMELINE_ACTIONS)[number];

/** The last part of an event type: `ticket.handed_back` → `handed_back`. */
export type PastOf<T extends string> = T extends `${string}.${infer P}` ? P : never;

/** The event each timeline action is named after. */
export const TIMELINE_EVENTS = {
  reported: TicketingEvents.reported,
  opened: TicketingEvents.opened,
  rejected: TicketingEvents.rejected,
  merged: TicketingEvents.merged,
  proposed: DispatchEvents.proposed,
  dispatched: TicketingEvents.dispatched,
  acknowledged: TicketingEvents.acknowledged,
  handed_back: TicketingEvents.handedBack,
  handled: TicketingEvents.handled,
  checked: TicketingEvents.checked,
  closed: TicketingEvents.closed,
  reopened: TicketingEvents.reopened,
  rated: TicketingEvents.rated,
  escalated: TicketingEvents.escalated,
  claimed: TicketingEvents.claimed,
  claim_released: TicketingEvents.claimReleased,
} as const satisfies { [A in TimelineAction]: Extract<EventType, `${string}.${A}`> };

/** An event a timeline entry may stand for. */
export type TimelineEvent = (typeof TIMELINE_EVENTS)[TimelineAction];

/** The timeline's name of an event (of the entry it writes on the ticket). */
export function timelineActionOf<K extends TimelineEvent>(type: K): PastOf<K> {
  return type.slice(type.indexOf('.') + 1) as PastOf<K>;
}

export class TimelineEntry {
  @ApiProperty() id!: string;
  @ApiProperty() seq!: number;
  @ApiProperty({
    enum: TIMELINE_ACTIONS,
    example: 'opened',
    description:
      'what happened: the past tense of the event the entry stands for; toState null when it did not move the ticket',
  })
  action!: TimelineAction;
  @ApiPropertyOptional({ enum: TICKET_STATES, nullable: true }) fromState!: TicketState | null;
  @ApiPropertyOptional({ enum: TICKET_STATES, nullable: true }) toState!: TicketState | null;
  @ApiProperty() at!: string;
  @ApiProperty({ type: PersonRef }) by!: PersonRef;
  @ApiPropertyOptional({ type: String, nullable: true }) note!: string | null;
  @ApiProperty({ type: [String] }) photos!: string[];
  @ApiProperty({ type: Object }) data!: Record<string, unknown>;
}
