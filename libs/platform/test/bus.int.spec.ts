import { Controller, type INestApplication } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { routesOf, type Actor } from '@gz/contracts';
import { bootTestApp, deleteTestStream, testBusRoot, TEST_NATS_URL } from '@gz/testing';
import { IsInt, IsString, Max } from 'class-validator';
import { BusClient, BusError, BusHandler, CallerActor, conflict, PlatformModule, SubjectStreet } from '../src';

class EchoRequest {
  @IsString()
  text!: string;

  @IsInt()
  @Max(10)
  times!: number;
}

interface Echoed {
  text: string;
  street: string;
  actorId: string | null;
  instance: string;
}

const r = routesOf('identity');
const echo = r<EchoRequest, Echoed>('test.echo');
const fail = r<object, void>('test.fail');
const crash = r<object, void>('test.crash');
const slow = r<object, { late: boolean }>('test.slow');

const served: Array<{ instance: string; street: string }> = [];

function echoController(instance: string) {
  @Controller()
  class EchoController {
    @BusHandler(echo)
    echo(@Payload() req: EchoRequest, @SubjectStreet() street: string, @CallerActor() actor?: Actor) {
      served.push({ instance, street });
      return { text: req.text.repeat(req.times), street, actorId: actor?.id ?? null, instance };
    }

    @BusHandler(fail)
    fail() {
      throw conflict('Already there', { id: 'x' });
    }

    @BusHandler(crash)
    crash() {
      throw new Error('secret internals');
    }

    @BusHandler(slow)
    async slow() {
      await new Promise((r) => setTimeout(r, 1500));
      return { late: true };
    }
  }
  return EchoController;
}

async function startApp(env: NodeJS.ProcessEnv, instance: string): Promise<INestApplication> {
  return bootTestApp({ imports: [PlatformModule.forRoot({ app: instance, env })], controllers: [echoController(instance)] });
}

describe.each([
  ['in-process bus', false],
  ['NATS', true],
])('request-reply over the %s', (_name, nats) => {
  const root = testBusRoot();
  const base = { BUS_ROOT: root, BUS_REQUEST_TIMEOUT_MS: '1000', LOG_LEVEL: 'silent', ...(nats ? { NATS_URL: TEST_NATS_URL } : {}) };
  let app: INestApplication;
  let bus: BusClient;

  beforeAll(async () => {
    app = await startApp(base, 'all-streets');
    bus = app.get(BusClient);
    if (nats) await new Promise((r) => setTimeout(r, 200)); // subscriptions reach the server
  });

  afterAll(async () => {
    await app.close();
    if (nats) await deleteTestStream(root);
  });

  it('answers a request with the street token and the caller it was sent with', async () => {
    const actor: Actor = { kind: 'user', id: 'u1', roles: ['grid_worker'], scopes: ['d01.s01'] };
    const reply = await bus.request(echo, 's01', { text: 'ab', times: 2 }, { actor });
    expect(reply).toMatchObject({ text: 'abab', street: 's01', actorId: 'u1' });
  });

  it('rejects an invalid payload with the fields that are wrong', async () => {
    const error = await bus.request(echo, 's01', { text: 5, times: 99, extra: true } as never).catch((e: BusError) => e);
    expect(error).toBeInstanceOf(BusError);
    expect((error as BusError).body.code).toBe('invalid');
    expect(Object.keys((error as BusError).body.details?.fields as object).sort()).toEqual(['extra', 'text', 'times']);
  });

  it('carries a typed error to the caller', async () => {
    const error = (await bus.request(fail, 'all', {}).catch((e) => e)) as BusError;
    expect(error.body).toEqual({ code: 'conflict', message: 'Already there', details: { id: 'x' } });
  });

  it('answers an unexpected failure as internal without leaking its message', async () => {
    const error = (await bus.request(crash, 'all', {}).catch((e) => e)) as BusError;
    expect(error.body).toEqual({ code: 'internal', message: 'Internal error' });
  });

  it('fails fast when nobody serves the subject', async () => {
    const started = Date.now();
    const error = (await bus.request({ service: 'ticketing', action: 'nothing' }, 's01', {}).catch((e) => e)) as BusError;
    expect(error.body.code).toBe('unavailable');
    expect(Date.now() - started).toBeLessThan(900);
  });

  it('times out a slow handler', async () => {
    const error = (await bus.request(slow, 'all', {}, { timeoutMs: 300 }).catch((e) => e)) as BusError;
    expect(error.body.code).toBe('timeout');
  });
});

describe.each([
  ['in-process bus', false],
  ['NATS', true],
])('street selection over the %s', (_name, nats) => {
  const root = testBusRoot();
  const base = { BUS_ROOT: root, BUS_REQUEST_TIMEOUT_MS: '1000', LOG_LEVEL: 'silent', ...(nats ? { NATS_URL: TEST_NATS_URL } : {}) };
  let s01: INestApplication;
  let s02: INestApplication;

  beforeAll(async () => {
    served.length = 0;
    s01 = await startApp({ ...base, STREETS: 's01' }, 'only-s01');
    s02 = await startApp({ ...base, STREETS: 's02' }, 'only-s02');
    if (nats) await new Promise((r) => setTimeout(r, 200));
  });

  afterAll(async () => {
    await s01.close();
    await s02.close();
    if (nats) await deleteTestStream(root);
  });

  it('never delivers an s02 request to an instance configured for s01', async () => {
    const bus = s01.get(BusClient);
    for (let i = 0; i < 10; i += 1) {
      await bus.request(echo, 's02', { text: 'x', times: 1 });
      await bus.request(echo, 's01', { text: 'x', times: 1 });
    }
    expect(served.filter((s) => s.instance === 'only-s01').map((s) => s.street)).toEqual(Array(10).fill('s01'));
    expect(served.filter((s) => s.instance === 'only-s02').map((s) => s.street)).toEqual(Array(10).fill('s02'));
  });

  it('leaves district-wide requests to instances that serve them', async () => {
    const error = (await s01.get(BusClient).request(echo, 'all', { text: 'x', times: 1 }).catch((e) => e)) as BusError;
    expect(error.body.code).toBe('unavailable');
  });

  it('serves a street and the district-wide requests, and nothing else, with STREETS=s03,all', async () => {
    const rest = await startApp({ ...base, STREETS: 's03,all' }, 's03-and-all');
    try {
      if (nats) await new Promise((r) => setTimeout(r, 200));
      served.length = 0;
      const bus = s01.get(BusClient);
      for (let i = 0; i < 5; i += 1) {
        await bus.request(echo, 'all', { text: 'x', times: 1 });
        await bus.request(echo, 's03', { text: 'x', times: 1 });
        await bus.request(echo, 's01', { text: 'x', times: 1 });
      }
      const by = (instance: string) => served.filter((s) => s.instance === instance).map((s) => s.street).sort();
      expect(by('s03-and-all')).toEqual([...Array(5).fill('all'), ...Array(5).fill('s03')]);
      expect(by('only-s01')).toEqual(Array(5).fill('s01'));
    } finally {
      await rest.close();
    }
  });
});
