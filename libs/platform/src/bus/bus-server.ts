import { Logger } from '@nestjs/common';
import { Server, type CustomTransportStrategy } from '@nestjs/microservices';
import { parseRequestSubject } from '@gz/contracts';
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { Counter } from 'prom-client';
import { lastValueFrom } from 'rxjs';
import { findUnstorableText, toErrorBody, unstorableTextError } from '../errors';
import { EVERY_STREET } from '../platform-config';
import { extractTrace } from '../telemetry';
import { BusContext } from './bus-context';
import type { BusMessage, BusTransport } from './transport';
import type { ReplyEnvelope, RequestEnvelope } from './wire';

const tracer = trace.getTracer('gongzhi-bus');

/** What this instance answered, by street token: shows which instance serves which street. */
export const busRequestsServed = new Counter({
  name: 'gz_bus_requests_served_total',
  help: 'Bus requests this instance answered, by service, street token and outcome (ok or the error code)',
  labelNames: ['service', 'street', 'outcome'] as const,
});

/**
 * The Nest transport strategy that serves `@BusHandler` methods. Street selection is made by
 * the subscriptions themselves: an instance configured for `s01` subscribes only to
 * `<root>.<service>.s01.>`, so it never receives another street's request; one for `s02,all` to
 * s02's and the district-wide (`all`) subjects; one for every street (`*`) to
 * `<root>.<service>.*.>`.
 */
export class BusServer extends Server implements CustomTransportStrategy {
  private readonly log = new Logger('BusServer');
  private readonly stops: Array<() => Promise<void>> = [];
  private readonly routes = new Map<string, ReturnType<Server['getHandlerByPattern']>>();

  constructor(
    private readonly transport: BusTransport,
    private readonly root: string,
    private readonly streets: string[],
  ) {
    super();
  }

  /** The services whose handlers this app holds, from the handler patterns `<service>.<action>`. */
  services(): string[] {
    return [...new Set([...this.messageHandlers.keys()].map((p) => p.split('.')[0]))];
  }

  /** `*`: every street token (district-wide `all` among them); else each listed token (`s01`, `all`). */
  subjectsFor(service: string): string[] {
    return this.streets.includes(EVERY_STREET)
      ? [`${this.root}.${service}.*.>`]
      : this.streets.map((street) => `${this.root}.${service}.${street}.>`);
  }

  async listen(callback: (...optionalParams: unknown[]) => unknown): Promise<void> {
    for (const service of this.services()) {
      this.stops.push(await this.transport.serve(this.subjectsFor(service), service, (m) => this.answer(m)));
      this.log.log(`serving ${service} on ${this.subjectsFor(service).join(', ')}`);
    }
    callback();
  }

  private async answer(message: BusMessage): Promise<string> {
    const route = parseRequestSubject(this.root, message.subject);
    const handler = route ? this.handlerFor(`${route.service}.${route.action}`) : null;
    if (!route || !handler) {
      return reply({ ok: false, error: { code: 'not_found', message: `No handler for ${message.subject}` } });
    }
    let envelope: RequestEnvelope;
    try {
      envelope = JSON.parse(message.body) as RequestEnvelope;
    } catch {
      return reply({ ok: false, error: { code: 'invalid', message: 'The request body is not JSON' } });
    }
    // Text PostgreSQL cannot store is refused before any handler, whoever sends it (gateway, CLI,
    // a partner on the bus). JSON can carry a NUL or a lone surrogate only as a `\u` escape.
    if (message.body.includes('\\u')) {
      const found = findUnstorableText(envelope.data);
      if (found) return reply({ ok: false, error: unstorableTextError(found).body });
    }
    const parent = extractTrace(message.headers);
    const span = tracer.startSpan(`handle ${route.service}.${route.action}`, { kind: SpanKind.SERVER }, parent);
    return context.with(trace.setSpan(parent, span), async () => {
      const ctx = new BusContext([message.subject, route.street, envelope.actor, message.headers]);
      try {
        const result$ = this.transformToObservable(await handler(envelope.data ?? {}, ctx));
        const data = await lastValueFrom(result$, { defaultValue: null });
        busRequestsServed.inc({ service: route.service, street: route.street, outcome: 'ok' });
        return reply({ ok: true, data });
      } catch (error) {
        const body = toErrorBody(error, this.log);
        busRequestsServed.inc({ service: route.service, street: route.street, outcome: body.code });
        span.setStatus({ code: SpanStatusCode.ERROR, message: body.code });
        return reply({ ok: false, error: body });
      } finally {
        span.end();
      }
    });
  }

  /** Nest's lookup normalises the pattern on every call; the answer never changes, so keep it. */
  private handlerFor(pattern: string) {
    let handler = this.routes.get(pattern);
    if (handler === undefined) {
      handler = this.getHandlerByPattern(pattern);
      if (this.routes.size < 10_000) this.routes.set(pattern, handler);
    }
    return handler;
  }

  on(): void {
    // No transport events to listen to: connection state is read from the transport.
  }

  unwrap<T>(): T {
    return this.transport as T;
  }

  async close(): Promise<void> {
    for (const stop of this.stops.splice(0)) await stop();
  }
}

function reply(envelope: ReplyEnvelope): string {
  return JSON.stringify(envelope);
}
