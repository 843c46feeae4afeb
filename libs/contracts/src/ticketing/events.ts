import type { CategoryKind, Severity, TicketSource, TicketState } from './dto';

/** Who did it, carried in event data so that consumers can show a name. */
export interface EventPerson {
  id: string;
  kind: 'user' | 'client' | 'system';
  name?: string;
}

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
