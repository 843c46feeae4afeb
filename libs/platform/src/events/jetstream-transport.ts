import { Logger } from '@nestjs/common';
import { eventStreamName, type EventEnvelope } from '@gz/contracts';
import {
  AckPolicy,
  DeliverPolicy,
  jetstream,
  jetstreamManager,
  RetentionPolicy,
  StorageType,
  type JetStreamClient,
  type JetStreamManager,
} from '@nats-io/jetstream';
import { headers as natsHeaders, nanos, type NatsConnection } from '@nats-io/transport-node';
import type { NatsConnector } from '../bus/nats-connector';
import { EventTransportError, type Deliver, type EventTransport, type OutgoingEvent } from './event-transport';
import { aggregateKey, KeyedQueue } from './keyed-queue';

const DUPLICATE_WINDOW_MS = 2 * 60_000;
/** how long an acknowledgement waits for others, to go to the server in the same write */
const ACK_BATCH_MS = 5;
const MAX_AGE_MS = 7 * 24 * 3600_000;

/**
 * Events on the JetStream stream of the bus root (`GZ_EVENTS`, subjects `gz.evt.>`), published
 * with the event id as message id and read by one durable pull consumer per service.
 */
export class JetStreamEventTransport implements EventTransport {
  readonly kind = 'jetstream' as const;
  private readonly logger = new Logger('JetStream');
  private readonly stream: string;
  private streamReady?: Promise<void>;
  private streamConnection?: NatsConnection;
  private pendingAcks: Array<{ ack(): void }> = [];
  private ackTimer?: NodeJS.Timeout;

  constructor(
    private readonly connector: NatsConnector,
    private readonly root: string,
    /** events handled at once per consumer (one aggregate's events still one after the other) */
    private readonly concurrency = 16,
  ) {
    this.stream = eventStreamName(root);
  }

  /** Creates the stream if it is missing (once per connection, again after a server loses it). */
  private ensureStream(nc: NatsConnection): Promise<void> {
    if (this.streamReady && this.streamConnection === nc) return this.streamReady;
    this.streamConnection = nc;
    this.streamReady = (async () => {
      const jsm = await jetstreamManager(nc);
      try {
        await jsm.streams.info(this.stream);
      } catch {
        await jsm.streams.add({
          name: this.stream,
          subjects: [`${this.root}.evt.>`],
          storage: StorageType.File,
          retention: RetentionPolicy.Limits,
          duplicate_window: nanos(DUPLICATE_WINDOW_MS),
          max_age: nanos(MAX_AGE_MS),
        });
        this.logger.log(`created stream ${this.stream}`);
      }
    })();
    this.streamReady.catch(() => {
      this.streamReady = undefined;
    });
    return this.streamReady;
  }

  async publish(subject: string, envelope: EventEnvelope, headers: Record<string, string>): Promise<void> {
    const [result] = await this.publishAll([{ subject, envelope, headers }]);
    if (result.status === 'rejected') throw result.reason;
  }

  async publishAll(events: ReadonlyArray<OutgoingEvent>): Promise<Array<PromiseSettledResult<void>>> {
    const nc = this.connector.current;
    if (!nc) throw new EventTransportError('NATS is not connected');
    await this.ensureStream(nc);
    const js: JetStreamClient = jetstream(nc);
    // Every publish is written to the one connection before any acknowledgement is awaited, so
    // the stream stores them in this order and a batch costs one round trip, not one per event.
    return Promise.allSettled(
      events.map(async ({ subject, envelope, headers }) => {
        const h = natsHeaders();
        for (const [k, v] of Object.entries(headers)) h.set(k, v);
        await js.publish(subject, JSON.stringify(envelope), { msgID: envelope.id, headers: h, timeout: 5000 });
      }),
    );
  }

  async consume(durable: string, filter: string, deliver: Deliver): Promise<() => Promise<void>> {
    let stopped = false;
    let stopCurrent: (() => void) | undefined;
    const run = async () => {
      const nc = await this.connector.ready;
      while (!stopped) {
        try {
          await this.ensureStream(nc);
          const jsm: JetStreamManager = await jetstreamManager(nc);
          await jsm.consumers
            .add(this.stream, {
              durable_name: durable,
              ack_policy: AckPolicy.Explicit,
              deliver_policy: DeliverPolicy.All,
              filter_subject: filter,
              ack_wait: nanos(30_000),
              max_deliver: -1,
            })
            .catch(async (error: unknown) => {
              // The durable exists with another filter (a release handles other events): keep its
              // position in the stream and move the filter.
              const existing = await jsm.consumers.info(this.stream, durable).catch(() => undefined);
              if (!existing || existing.config.filter_subject === filter) throw error;
              await jsm.consumers.update(this.stream, durable, { filter_subject: filter });
            });
          const consumer = await jetstream(nc).consumers.get(this.stream, durable);
          const messages = await consumer.consume({ max_messages: Math.max(64, this.concurrency * 2) });
          stopCurrent = () => void messages.stop();
          const queue = new KeyedQueue(this.concurrency);
          for await (const m of messages) {
            let envelope: EventEnvelope;
            try {
              envelope = m.json<EventEnvelope>();
            } catch {
              this.logger.error(`${durable}: dropping a message that is not JSON on ${m.subject}`);
              m.term();
              continue;
            }
            await queue.push(aggregateKey(envelope), async () => {
              let settled = false;
              try {
                await deliver({
                  envelope,
                  attempt: m.info.deliveryCount,
                  storedAt: m.info.timestampNanos / 1e6,
                  ack: () => {
                    settled = true;
                    this.ackSoon(m);
                  },
                  retry: (delayMs) => {
                    settled = true;
                    m.nak(delayMs);
                  },
                });
              } finally {
                if (!settled) m.nak(1000);
              }
            });
          }
          await queue.drain();
        } catch (error) {
          if (stopped) break;
          this.logger.warn(
            `${durable}: consumer interrupted (${error instanceof Error ? error.message : String(error)}); retrying`,
          );
          await new Promise((r) => setTimeout(r, 1000));
        }
      }
    };
    void run();
    return async () => {
      stopped = true;
      this.flushAcks();
      stopCurrent?.();
    };
  }

  /**
   * Acknowledgements of events handled within a few milliseconds of each other leave in one write
   * (the client writes what is queued in one go). A process that dies before sending them gets
   * the events again, which the inbox drops.
   */
  private ackSoon(m: { ack(): void }): void {
    this.pendingAcks.push(m);
    this.ackTimer ??= setTimeout(() => this.flushAcks(), ACK_BATCH_MS);
  }

  private flushAcks(): void {
    clearTimeout(this.ackTimer);
    this.ackTimer = undefined;
    const acks = this.pendingAcks;
    this.pendingAcks = [];
    for (const m of acks) {
      try {
        m.ack();
      } catch (error) {
        // the connection closed: the server sends the event again after its ack wait
        this.logger.warn(`an acknowledgement was not sent (${error instanceof Error ? error.message : String(error)})`);
      }
    }
  }

  /**
   * A core NATS subscription on the event subjects: JetStream's publishes pass through them.
   * When connected, it is in place at the server before this returns (a round trip, at most 2 s).
   */
  async subscribe(filter: string, listener: (envelope: EventEnvelope) => void): Promise<() => Promise<void>> {
    let sub: { unsubscribe(): void } | undefined;
    let stopped = false;
    const start = (nc: NatsConnection) => {
      if (stopped) return;
      sub = nc.subscribe(filter, {
        callback: (err, msg) => {
          if (err) return;
          try {
            listener(msg.json<EventEnvelope>());
          } catch (error) {
            this.logger.warn(`live listener failed on ${msg.subject}: ${String(error)}`);
          }
        },
      });
    };
    const nc = this.connector.current;
    if (nc) {
      start(nc);
      await Promise.race([nc.flush(), new Promise((r) => setTimeout(r, 2000).unref())]).catch(() => undefined);
    } else void this.connector.ready.then(start);
    return async () => {
      stopped = true;
      sub?.unsubscribe();
    };
  }

  isConnected(): boolean {
    return this.connector.isConnected();
  }
}
