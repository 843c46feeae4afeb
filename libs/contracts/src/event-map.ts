import type { CouncilsEventMap } from './councils/events';
import type { DispatchEventMap } from './dispatch/events';
import type { EvaluationEventMap } from './evaluation/events';
import type { EventEnvelope } from './events';
import type { IdentityEventMap } from './identity/events';
import type { IncubatorEventMap } from './incubator/events';
import type { RegistryEventMap } from './registry/events';
import type { TicketingEventMap } from './ticketing/events';

/**
 * Every event of the platform: its type (`<aggregate>.<event>`) → its payload. Publishing (the
 * outbox) and subscribing (`OnEvent`) are typed by it, so an event type is spelled only here and
 * in each context's constants, and a payload that does not match does not compile. Each context
 * declares its part next to its payload types.
 */
export interface EventMap
  extends IdentityEventMap,
    RegistryEventMap,
    TicketingEventMap,
    DispatchEventMap,
    CouncilsEventMap,
    IncubatorEventMap,
    EvaluationEventMap {}

export type EventType = keyof EventMap;

/** The envelope of one event type, as its handlers receive it. */
export type EventOf<K extends EventType> = EventEnvelope<EventMap[K]> & { type: K };

/** Any event of the map, as a union discriminated by `type`. */
export type AnyEventOf = { [K in EventType]: EventOf<K> }[EventType];
