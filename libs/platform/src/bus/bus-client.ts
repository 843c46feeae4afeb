import { Inject, Injectable } from '@nestjs/common';
import { requestSubject, type Actor, type ErrorBody, type AnyRoute, type RequestOf, type ResponseOf } from '@gz/contracts';
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { Histogram } from 'prom-client';
import { PlatformConfig } from '../platform-config';
import { injectTrace } from '../telemetry';
import { BUS_TRANSPORT, BusTransportError, type BusTransport } from './transport';
import { REQUEST_ID_HEADER, type ReplyEnvelope, type RequestEnvelope } from './wire';

/** A service's typed error, or the bus's own (`unavailable`, `timeout`), as seen by a caller. */
export class BusError extends Error {
  constructor(readonly body: ErrorBody) {
    super(body.message);
  }
}

export interface RequestOptions {
  actor?: Actor;
  timeoutMs?: number;
  requestId?: string;
}

const tracer = trace.getTracer('gongzhi-bus');

export const busRequestDuration = new Histogram({
  name: 'gz_bus_request_duration_seconds',
  help: 'Bus requests made by this app, by service, action and outcome',
  labelNames: ['service', 'action', 'outcome'] as const,
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
});

/** Sends requests to services. Every request has a timeout; none can hang. */
@Injectable()
export class BusClient {
  constructor(
    @Inject(BUS_TRANSPORT) private readonly transport: BusTransport,
    private readonly config: PlatformConfig,
  ) {}

  /** Sends `data` to the route's service on `street` (`all`: district-wide); answers the route's response. */
  async request<R extends AnyRoute>(
    route: R,
    street: string,
    data: RequestOf<R>,
    options: RequestOptions = {},
  ): Promise<ResponseOf<R>> {
    const subject = requestSubject(this.config.BUS_ROOT, route, street);
    const timeoutMs = options.timeoutMs ?? this.config.BUS_REQUEST_TIMEOUT_MS;
    const envelope: RequestEnvelope = { data: data ?? {}, actor: options.actor };
    const end = busRequestDuration.startTimer({ service: route.service, action: route.action });
    const span = tracer.startSpan(`bus ${route.service}.${route.action}`, {
      kind: SpanKind.CLIENT,
      attributes: { 'messaging.system': this.transport.kind, 'messaging.destination.name': subject },
    });
    const headers = injectTrace({}, trace.setSpan(context.active(), span));
    if (options.requestId) headers[REQUEST_ID_HEADER] = options.requestId;
    try {
      const raw = await this.transport.request(subject, JSON.stringify(envelope), headers, timeoutMs);
      const reply = JSON.parse(raw) as ReplyEnvelope<ResponseOf<R>>;
      if (!reply.ok) {
        end({ outcome: reply.error.code });
        span.setStatus({ code: SpanStatusCode.ERROR, message: reply.error.code });
        throw new BusError(reply.error);
      }
      end({ outcome: 'ok' });
      return reply.data;
    } catch (error) {
      if (error instanceof BusTransportError) {
        end({ outcome: error.code });
        span.setStatus({ code: SpanStatusCode.ERROR, message: error.code });
        throw new BusError({ code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) });
      }
      throw error;
    } finally {
      span.end();
    }
  }
}
