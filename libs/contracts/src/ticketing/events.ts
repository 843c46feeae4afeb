import type { EventPerson } from '../actor';
import type { CategoryKind, Severity, TicketSource, TicketState } from './dto';


/** The data of every `ticket.*` event. */
export interface TicketEventData {
  ticketId: string;
  street: string;
  gridPath: string;
  categoryCode: string;
  from: TicketState | null;
  to: TicketState;
  /** when it happened (the service's clock) */
  at: string;
  by: EventPerson;
  note?: string;
}

/** `ticket.opened` and `ticket.reopened`: what dispatch needs to propose departments and set deadlines. */
export interface TicketOpenedData extends TicketEventData {
  categoryName: string;
  categoryKind: CategoryKind;
  severity: Severity;
  source: TicketSource;
  ackMinutes: number;
  handleMinutes: number;
  gridClosable: boolean;
}

export interface TicketRejectedData extends TicketEventData {
  reason: string;
}

export interface TicketMergedData extends TicketEventData {
  intoTicketId: string;
}

export interface TicketHandledData extends TicketEventData {
  result: string;
  /** true: handled in the grid without dispatch */
  inGrid: boolean;
}

export interface TicketRatedData extends TicketEventData {
  stars: number;
  comment?: string;
}

export interface TicketEscalatedData extends TicketEventData {
  level: number;
  reason: string;
  department: string;
}

/** Events the ticketing service publishes (`ticket.<event>`), one per transition of the loop. */
export const TicketingEvents = {
  reported: 'ticket.reported',
  opened: 'ticket.opened',
  rejected: 'ticket.rejected',
  merged: 'ticket.merged',
  dispatched: 'ticket.dispatched',
  acknowledged: 'ticket.acknowledged',
  handedBack: 'ticket.handed_back',
  handled: 'ticket.handled',
  checked: 'ticket.checked',
  closed: 'ticket.closed',
  reopened: 'ticket.reopened',
  escalated: 'ticket.escalated',
  rated: 'ticket.rated',
  /** a party member (or anyone allowed) follows a resident's request in the ledger */
  claimed: 'ticket.claimed',
  claimReleased: 'ticket.claim_released',
} as const satisfies Record<string, keyof TicketingEventMap>;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- until each ticket event names its payload
type Untyped = any;

/** Ticketing's part of the event map: event type → payload. */
export interface TicketingEventMap {
  'ticket.reported': TicketEventData;
  'ticket.opened': TicketOpenedData;
  'ticket.rejected': TicketRejectedData;
  'ticket.merged': TicketMergedData;
  'ticket.dispatched': Untyped;
  'ticket.acknowledged': Untyped;
  'ticket.handed_back': Untyped;
  'ticket.handled': TicketHandledData;
  'ticket.checked': Untyped;
  'ticket.closed': TicketEventData;
  'ticket.reopened': TicketOpenedData;
  'ticket.escalated': TicketEscalatedData;
  'ticket.rated': TicketRatedData;
  'ticket.claimed': Untyped;
  'ticket.claim_released': Untyped;
}
