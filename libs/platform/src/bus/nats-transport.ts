import { Logger } from '@nestjs/common';
import { errors, headers as natsHeaders, type Msg, type MsgHdrs, type Subscription } from '@nats-io/transport-node';
import { dependencyDown } from '../dependencies';
import type { NatsConnector } from './nats-connector';
import { BusTransportError, type BusResponder, type BusTransport } from './transport';

function toRecord(h?: MsgHdrs): Record<string, string> {
  const out: Record<string, string> = {};
  if (!h) return out;
  for (const key of h.keys()) out[key] = h.get(key);
  return out;
}

function busDown(): BusTransportError {
  const body = dependencyDown('nats');
  return new BusTransportError('unavailable', body.message, body.details);
}

/** Request-reply over NATS core (no JetStream: requests are not stored). */
export class NatsBusTransport implements BusTransport {
  readonly kind = 'nats' as const;
  private readonly logger = new Logger('NatsBus');
  private readonly subscriptions = new Set<Subscription>();

  constructor(private readonly connector: NatsConnector) {}

  async request(subject: string, body: string, headers: Record<string, string>, timeoutMs: number): Promise<string> {
    const nc = this.connector.current;
    // While disconnected the client would buffer and wait for the timeout: fail fast instead.
    if (!nc) throw busDown();
    const h = natsHeaders();
    for (const [k, v] of Object.entries(headers)) h.set(k, v);
    try {
      const reply = await nc.request(subject, body, { timeout: timeoutMs, headers: h });
      return reply.string();
    } catch (error) {
      if (error instanceof errors.NoRespondersError) throw new BusTransportError('unavailable', `No service answers ${subject}`);
      if (error instanceof errors.RequestError && error.isNoResponders())
        throw new BusTransportError('unavailable', `No service answers ${subject}`);
      if (error instanceof errors.ClosedConnectionError || error instanceof errors.DrainingConnectionError)
        throw new BusTransportError('unavailable', 'The bus is closing');
      // The connection dropped while the request was out (nats-server restarting): the bus is
      // down, which a timeout would not say.
      if (!this.connector.isConnected()) throw busDown();
      if (error instanceof errors.TimeoutError) throw new BusTransportError('timeout', `${subject} did not answer within ${timeoutMs} ms`);
      throw error;
    }
  }

  async serve(subjects: string[], queue: string, responder: BusResponder): Promise<() => Promise<void>> {
    const subs: Subscription[] = [];
    // Subscribe once connected; until then the app runs and reports itself not ready.
    const subscribed = this.connector.ready.then(async (nc) => {
      for (const subject of subjects) {
        const sub = nc.subscribe(subject, {
          queue,
          callback: (err, msg) => {
            if (err) {
              this.logger.error(`subscription ${subject}: ${err.message}`);
              return;
            }
            void this.answer(msg, responder);
          },
        });
        subs.push(sub);
        this.subscriptions.add(sub);
      }
      // The server knows the subscriptions once the flush returns.
      await nc.flush();
      this.served = true;
    });
    subscribed.catch(() => undefined);
    return async () => {
      for (const sub of subs) {
        this.subscriptions.delete(sub);
        await sub.drain().catch(() => undefined);
      }
    };
  }

  private async answer(msg: Msg, responder: BusResponder) {
    try {
      const reply = await responder({ subject: msg.subject, body: msg.string(), headers: toRecord(msg.headers) });
      if (msg.reply) msg.respond(reply);
    } catch (error) {
      this.logger.error(`answering ${msg.subject}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private served = false;

  /** Connected, and serving its subjects if it serves any. */
  isConnected(): boolean {
    return this.connector.isConnected() && (this.subscriptions.size === 0 || this.served);
  }

  async close(): Promise<void> {
    for (const sub of this.subscriptions) await sub.drain().catch(() => undefined);
    this.subscriptions.clear();
  }
}
