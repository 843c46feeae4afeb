import { Logger } from '@nestjs/common';
import type { EventEnvelope } from '@gz/contracts';
import { subjectMatches } from '../bus/transport';
import type { Deliver, Delivery, EventTransport, OutgoingEvent } from './event-transport';

interface LocalConsumer {
  durable: string;
  filter: string;
  deliver: Deliver;
}

/**
 * Events in one process. `publish` resolves only when every consumer has settled the event
 * (handled, or dead-lettered after its retries), so the relay marks an outbox row published only
 * then: a crash before that re-publishes it at the next start, and the inbox makes it harmless.
 */
export class LocalEventTransport implements EventTransport {
  private static readonly byRoot = new Map<string, LocalEventTransport>();

  /** One in-process event bus per bus root, shared by every Nest app of the process. */
  static shared(root: string): LocalEventTransport {
    let events = LocalEventTransport.byRoot.get(root);
    if (!events) {
      events = new LocalEventTransport();
      LocalEventTransport.byRoot.set(root, events);
    }
    return events;
  }

  readonly kind = 'local' as const;
  private readonly logger = new Logger('LocalEvents');
  private consumers: LocalConsumer[] = [];
  private listeners: Array<{ filter: string; listener: (envelope: EventEnvelope) => void }> = [];

  async publish(subject: string, envelope: EventEnvelope): Promise<void> {
    for (const l of this.listeners) {
      if (!subjectMatches(l.filter, subject)) continue;
      try {
        l.listener(JSON.parse(JSON.stringify(envelope)) as EventEnvelope);
      } catch (error) {
        this.logger.warn(`live listener failed on ${envelope.type}: ${String(error)}`);
      }
    }
    const targets = this.consumers.filter((c) => subjectMatches(c.filter, subject));
    const storedAt = Date.now();
    await Promise.all(
      targets.map((c) =>
        this.deliverUntilSettled(c, JSON.parse(JSON.stringify(envelope)) as EventEnvelope, storedAt),
      ),
    );
  }

  async publishAll(events: ReadonlyArray<OutgoingEvent>): Promise<Array<PromiseSettledResult<void>>> {
    // One after the other: a consumer sees an aggregate's events in order.
    const results: Array<PromiseSettledResult<void>> = [];
    for (const e of events) {
      try {
        await this.publish(e.subject, e.envelope);
        results.push({ status: 'fulfilled', value: undefined });
      } catch (reason) {
        results.push({ status: 'rejected', reason });
      }
    }
    return results;
  }

  private async deliverUntilSettled(consumer: LocalConsumer, envelope: EventEnvelope, storedAt: number): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      let retryIn: number | undefined;
      let settled = false;
      const delivery: Delivery = {
        envelope,
        attempt,
        storedAt,
        ack: () => {
          settled = true;
        },
        retry: (delayMs) => {
          retryIn = delayMs;
        },
      };
      try {
        await consumer.deliver(delivery);
      } catch (error) {
        this.logger.error(`${consumer.durable} failed on ${envelope.type}: ${String(error)}`);
        retryIn = 1000;
      }
      if (settled || retryIn === undefined) return;
      await new Promise((r) => setTimeout(r, retryIn));
    }
  }

  async consume(durable: string, filter: string, deliver: Deliver): Promise<() => Promise<void>> {
    const consumer = { durable, filter, deliver };
    this.consumers.push(consumer);
    return async () => {
      this.consumers = this.consumers.filter((c) => c !== consumer);
    };
  }

  async subscribe(filter: string, listener: (envelope: EventEnvelope) => void): Promise<() => Promise<void>> {
    const entry = { filter, listener };
    this.listeners.push(entry);
    return async () => {
      this.listeners = this.listeners.filter((l) => l !== entry);
    };
  }

  isConnected(): boolean {
    return true;
  }
}
