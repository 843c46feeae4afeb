import {
  TicketingEvents,
  type EventPerson,
  type TicketCategoryFacts,
  type TicketEventData,
  type TicketEventType,
  type TicketingEventMap,
  type TicketState,
} from '@gz/contracts';
import type { NewEvent } from '@gz/platform';
import type { TicketRow } from './views';

/** What a ticket event is built from: the ticket's row, or the one about to be written. */
export type TicketFacts = Pick<
  TicketRow,
  | 'id'
  | 'street_code'
  | 'grid_path'
  | 'category_code'
  | 'state'
  | 'category_name'
  | 'category_kind'
  | 'severity'
  | 'source'
  | 'ack_minutes'
  | 'handle_minutes'
  | 'grid_closable'
>;

type CommonFields = TicketEventData & TicketCategoryFacts;

/** The keys of payload `T` that are its own: not common to every ticket event, unless it gives them another type. */
type OwnKeys<T> = {
  [P in keyof T]-?: P extends keyof CommonFields ? ([T[P]] extends [CommonFields[P]] ? never : P) : P;
}[keyof T];

/**
 * What an event of type `K` carries besides the fields every ticket event has (and the category's
 * facts), which come from the ticket: e.g. `{ reason }` for `ticket.rejected`. An escalation's
 * `to` (street or district, not a state) is its own.
 */
export type TicketEventExtra<K extends TicketEventType> = Pick<TicketingEventMap[K], OwnKeys<TicketingEventMap[K]>>;

/** An event of type `K` with its own data (optional when it has none). */
type TicketEventOf<K extends TicketEventType> = [keyof TicketEventExtra<K>] extends [never]
  ? { type: K; data?: TicketEventExtra<K> }
  : { type: K; data: TicketEventExtra<K> };

/** A ticket event to write, of one of the types `K`: its type and its own data. */
export type TicketEventInput<K extends TicketEventType = TicketEventType> = { [P in K]: TicketEventOf<P> }[K];

/** The fields of a ticket event that say what happened to it: its change of state, when, who, why. */
export interface TicketEventCommon {
  from: TicketState | null;
  /** the state it is in after (default: the ticket's) */
  to?: TicketState;
  at: Date;
  by: EventPerson;
  note?: string;
}

/** The events that start (or restart) a ticket's work: they carry its category's facts for dispatch. */
const WITH_CATEGORY: ReadonlySet<TicketEventType> = new Set([
  TicketingEvents.reported,
  TicketingEvents.opened,
  TicketingEvents.reopened,
]);

/** A ticket event, as dispatch, evaluation and the live view read it. */
export function ticketEvent(t: TicketFacts, event: TicketEventInput, common: TicketEventCommon): NewEvent {
  const { by } = common;
  const base: TicketEventData = {
    ticketId: t.id,
    street: t.street_code,
    gridPath: t.grid_path,
    categoryCode: t.category_code,
    from: common.from,
    to: common.to ?? t.state,
    at: common.at.toISOString(),
    by,
    ...(common.note ? { note: common.note } : {}),
  };
  const category: TicketCategoryFacts | undefined = WITH_CATEGORY.has(event.type)
    ? {
        categoryName: t.category_name,
        categoryKind: t.category_kind,
        severity: t.severity,
        source: t.source,
        ackMinutes: t.ack_minutes,
        handleMinutes: t.handle_minutes,
        gridClosable: t.grid_closable,
      }
    : undefined;
  // The payload of each type is the common fields, the category's facts for the events above, and
  // the type's own data (which the input's type checks): the compiler does not pair a union's
  // types with their data through the spread.
  return {
    type: event.type,
    street: t.street_code,
    actor: { kind: by.kind, id: by.id },
    data: { ...base, ...category, ...event.data },
    occurredAt: common.at,
  } as NewEvent;
}
