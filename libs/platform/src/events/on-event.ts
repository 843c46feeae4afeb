import type { EventEnvelope } from '@gz/contracts';
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

/**
 * Marks a method as the handler of an event type. It runs inside the transaction that records
 * the event in the service's inbox, so it must write through the given EntityManager.
 */
export function OnEvent(type: string): MethodDecorator {
  return mark(type, 'transaction');
}

/**
 * Marks a method as the handler of an event type that writes its effect and the inbox record in
 * one statement (one round trip, no transaction): a hot path. It is the type's only handler; see
 * `InboxStatementHandlerFn`.
 */
export function OnEventInOneStatement(type: string): MethodDecorator {
  return mark(type, 'statement');
}

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
