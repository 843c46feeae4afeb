import { Controller, type INestApplication } from '@nestjs/common';
import { routesOf } from '@gz/contracts';
import { context, trace } from '@opentelemetry/api';
import { bootTestApp, deleteTestStream, testBusRoot, TEST_NATS_URL } from '@gz/testing';
import { BusClient, BusHandler, PlatformModule, startTelemetry } from '../src';

const whoami = routesOf('identity')<object, { traceId: string | null }>('test.trace');

@Controller()
class TraceController {
  @BusHandler(whoami)
  trace() {
    return { traceId: trace.getActiveSpan()?.spanContext().traceId ?? null };
  }
}

describe.each([
  ['in-process bus', false],
  ['NATS', true],
])('trace context over the %s', (_name, nats) => {
  const root = testBusRoot();
  let app: INestApplication;

  beforeAll(async () => {
    startTelemetry('trace-test');
    app = await bootTestApp({
      imports: [PlatformModule.forRoot({ app: 'trace', env: { BUS_ROOT: root, LOG_LEVEL: 'silent', ...(nats ? { NATS_URL: TEST_NATS_URL } : {}) } })],
      controllers: [TraceController],
    });
  });

  afterAll(async () => {
    await app.close();
    if (nats) await deleteTestStream(root);
  });

  it("continues the caller's trace in the handler", async () => {
    const span = trace.getTracer('test').startSpan('caller');
    const reply = await context.with(trace.setSpan(context.active(), span), () =>
      app.get(BusClient).request(whoami, 'all', {}),
    );
    span.end();
    expect(reply.traceId).toBe(span.spanContext().traceId);
  });
});
