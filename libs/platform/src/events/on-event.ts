import type { EventEnvelope, EventMap } from '@gz/contracts';
import type { EntityManager } from 'typeorm';

const ON_EVENT = Symbol('gz:on-event');

/** How a handler records its event in the service's inbox. */
export type InboxMode = 'transaction' | 'statement';

interface Marked {
  type: string;
  key: string | symbol;
  mode: InboxMode;
}

function mark(type: string, mode: InboxMode): MethodDecorator {
  return (target, key) => {
    const list: Marked[] = Reflect.getMetadata(ON_EVENT, target.constructor) ?? [];
    Reflect.defineMetadata(ON_EVENT, [...list, { type, key, mode }], target.constructor);
  };
}

/** The envelope of event `K` of map `M`, as its handler receives it. */
export type EnvelopeOf<M, K extends keyof M> = EventEnvelope<M[K]> & { type: K };

/** A handler of event `K`: it writes through the EntityManager of the transaction that records the event. */
export type EventHandlerOf<M, K extends keyof M> = (envelope: EnvelopeOf<M, K>, manager: EntityManager) => Promise<void>;

/** A one-statement handler of event `K` (see `InboxStatementHandlerFn`). */
export type StatementHandlerOf<M, K extends keyof M> = (envelope: EnvelopeOf<M, K>, inbox: InboxRecord) => Promise<boolean>;

/**
 * The event decorators, typed by an event map: a handler of `'ticket.opened'` must take that
 * event's envelope, and a type the map does not hold does not compile. Services use the
 * platform's map (`OnEvent`, `OnEventInOneStatement` below); a test may bring its own.
 */
export function eventDecorators<M>() {
  return {
    /**
     * Marks a method as the handler of an event type. It runs inside the transaction that
     * records the event in the service's inbox, so it must write through the given EntityManager.
     */
    OnEvent:
      <K extends keyof M & string>(type: K) =>
      <F extends EventHandlerOf<M, K>>(target: object, key: string | symbol, descriptor: TypedPropertyDescriptor<F>): void => {
        mark(type, 'transaction')(target, key, descriptor);
      },
    /**
     * Marks a method as the handler of an event type that writes its effect and the inbox record
     * in one statement (one round trip, no transaction): a hot path. It is the type's only
     * handler; see `InboxStatementHandlerFn`.
     */
    OnEventInOneStatement:
      <K extends keyof M & string>(type: K) =>
      <F extends StatementHandlerOf<M, K>>(target: object, key: string | symbol, descriptor: TypedPropertyDescriptor<F>): void => {
        mark(type, 'statement')(target, key, descriptor);
      },
  };
}

export const { OnEvent, OnEventInOneStatement } = eventDecorators<EventMap>();

export type EventHandlerFn = (envelope: EventEnvelope, manager: EntityManager) => Promise<void>;

/**
 * Handles an event with one statement that holds `inbox.insert(…)` as a CTE and writes its effect
 * only when that CTE returns a row (the event is new). Answers whether it applied the event.
 * A case the one statement does not cover goes through `inbox.inTransaction`.
 */
export type InboxStatementHandlerFn = (envelope: EventEnvelope, inbox: InboxRecord) => Promise<boolean>;

export interface InboxRecord {
  /**
   * `INSERT INTO <schema>.inbox … RETURNING event_id` for this event, its parameters from
   * `$<offset + 1>` on; with `guard`, written only `WHERE <guard>`.
   */
  insert(offset: number, guard?: string): { sql: string; params: unknown[] };
  /** The usual way: the inbox record and `handle` in one transaction (false: handled before). */
  inTransaction(handle: EventHandlerFn): Promise<boolean>;
}

export type MarkedHandler =
  | { type: string; mode: 'transaction'; handle: EventHandlerFn }
  | { type: string; mode: 'statement'; handle: InboxStatementHandlerFn };

export function eventHandlersOf(instance: object): MarkedHandler[] {
  const list: Marked[] = Reflect.getMetadata(ON_EVENT, instance.constructor) ?? [];
  return list.map(({ type, key, mode }) => {
    const method = (instance as Record<string | symbol, (...args: never[]) => unknown>)[key];
    return { type, mode, handle: method.bind(instance) } as MarkedHandler;
  });
}
