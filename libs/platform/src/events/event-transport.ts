import type { EventEnvelope } from '@gz/contracts';

/** One delivery of an event to a consumer; the consumer settles it exactly once. */
export interface Delivery {
  envelope: EventEnvelope;
  /** 1 on first delivery */
  attempt: number;
  /** when the bus stored the event (ms since the epoch) */
  storedAt?: number;
  ack(): void;
  retry(delayMs: number): void;
}

export interface OutgoingEvent {
  subject: string;
  envelope: EventEnvelope;
  headers: Record<string, string>;
}

export type Deliver = (delivery: Delivery) => Promise<void>;

/**
 * Where the outbox relay publishes and where consumers read. JetStream when NATS_URL is set,
 * in-process otherwise; both redeliver until the consumer acks.
 */
export interface EventTransport {
  readonly kind: 'jetstream' | 'local';
  /** Publishes once per event id (the stream drops a repeat within its duplicate window). */
  publish(subject: string, envelope: EventEnvelope, headers: Record<string, string>): Promise<void>;
  /**
   * Publishes events in the given order; the answer tells, per event, whether it is stored.
   * JetStream pipelines them on one connection (which keeps their order) and waits for all the
   * acknowledgements at once; in-process they go one after the other.
   */
  publishAll(events: ReadonlyArray<OutgoingEvent>): Promise<Array<PromiseSettledResult<void>>>;
  /** A durable consumer named `durable` over the events whose subject matches `filter`. */
  consume(durable: string, filter: string, deliver: Deliver): Promise<() => Promise<void>>;
  /**
   * Every event published from now on whose subject matches `filter`, for live views: no
   * durability, no redelivery, nothing when disconnected (a live screen reloads on reconnect).
   */
  subscribe(filter: string, listener: (envelope: EventEnvelope) => void): Promise<() => Promise<void>>;
  isConnected(): boolean;
}

export const EVENT_TRANSPORT = Symbol('EVENT_TRANSPORT');

export class EventTransportError extends Error {}
