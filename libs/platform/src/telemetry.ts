import { context, propagation, type Context } from '@opentelemetry/api';

/**
 * OpenTelemetry for every app. `startTelemetry()` must run before `pg` and `fastify` are first
 * required (each main.ts imports its telemetry module first), so that their instrumentations
 * patch them. Traces are exported over OTLP only when OTEL_EXPORTER_OTLP_ENDPOINT is set;
 * without it the W3C context still flows (gateway → bus → service) and logs carry trace ids.
 */
let started = false;

export function startTelemetry(serviceName: string): void {
  if (started || process.env.OTEL_SDK_DISABLED === 'true') return;
  started = true;
  const { NodeSDK } = require('@opentelemetry/sdk-node') as typeof import('@opentelemetry/sdk-node');
  const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http') as typeof import('@opentelemetry/instrumentation-http');
  const { PgInstrumentation } = require('@opentelemetry/instrumentation-pg') as typeof import('@opentelemetry/instrumentation-pg');
  const { FastifyOtelInstrumentation } = require('@fastify/otel') as typeof import('@fastify/otel');
  const { NoopSpanProcessor } = require('@opentelemetry/sdk-trace-base') as typeof import('@opentelemetry/sdk-trace-base');
  // Metrics are Prometheus (/metrics) and logs are stdout: only traces go over OTLP.
  process.env.OTEL_METRICS_EXPORTER ??= 'none';
  process.env.OTEL_LOGS_EXPORTER ??= 'none';
  const endpoint = process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
  let exporting = {};
  if (endpoint) {
    const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http');
    exporting = { traceExporter: new OTLPTraceExporter() };
  } else {
    // Without an endpoint the SDK would default to OTLP on localhost: keep spans (trace ids in
    // logs and on the bus) but send them nowhere.
    exporting = { spanProcessors: [new NoopSpanProcessor()] };
  }
  const sdk = new NodeSDK({
    serviceName,
    autoDetectResources: false,
    ...exporting,
    instrumentations: [
      new HttpInstrumentation(),
      // Never put query parameters in spans: personal data can be in them.
      new PgInstrumentation({ enhancedDatabaseReporting: false }),
      new FastifyOtelInstrumentation({ registerOnInitialization: true }),
    ],
  });
  sdk.start();
  const stop = () => void sdk.shutdown().catch(() => undefined);
  process.once('beforeExit', stop);
}

/** Writes the active trace context into a header carrier (NATS headers, event envelopes). */
export function injectTrace(carrier: Record<string, string> = {}, ctx: Context = context.active()): Record<string, string> {
  propagation.inject(ctx, carrier);
  return carrier;
}

/** Reads a trace context out of a header carrier. */
export function extractTrace(carrier: Record<string, string | undefined>): Context {
  return propagation.extract(context.active(), carrier);
}
