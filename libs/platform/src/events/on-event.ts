import type { EventEnvelope } from '@gz/contracts';
import type { EntityManager } from 'typeorm';

const ON_EVENT = Symbol('gz:on-event');

/**
 * Marks a method as the handler of an event type. It runs inside the transaction that records
 * the event in the service's inbox, so it must write through the given EntityManager.
 */
export function OnEvent(type: string): MethodDecorator {
  return (target, key) => {
    const list: Array<{ type: string; key: string | symbol }> = Reflect.getMetadata(ON_EVENT, target.constructor) ?? [];
    Reflect.defineMetadata(ON_EVENT, [...list, { type, key }], target.constructor);
  };
}

export type EventHandlerFn = (envelope: EventEnvelope, manager: EntityManager) => Promise<void>;

export function eventHandlersOf(instance: object): Array<{ type: string; handle: EventHandlerFn }> {
  const list: Array<{ type: string; key: string | symbol }> = Reflect.getMetadata(ON_EVENT, instance.constructor) ?? [];
  return list.map(({ type, key }) => {
    const method = (instance as Record<string | symbol, EventHandlerFn>)[key];
    return { type, handle: method.bind(instance) };
  });
}
