import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { TicketingEvents } from '@gz/contracts';
import { LiveFeed } from '@gz/gateway';
import { DatabaseRegistry } from '@gz/platform';
import { createTestDatabase, testBusRoot, testEnv, type TestDatabase } from '@gz/testing';
import { seedDemoCatalogue } from '@gz/ticketing';
import { bootStandalone, login } from './support';

interface Received {
  events: Array<{ type: string; data: { type: string; street: string } }>;
  status: number;
  stop: () => void;
}

/** Opens a server-sent-events stream and collects what arrives. */
async function listen(base: string, token: string, viaQuery = false, types?: string): Promise<Received> {
  const controller = new AbortController();
  const query = new URLSearchParams({
    ...(viaQuery ? { access_token: token } : {}),
    ...(types ? { types } : {}),
  }).toString();
  const url = `${base}/api/v1/live/events${query ? `?${query}` : ''}`;
  const res = await fetch(url, {
    headers: viaQuery ? {} : { authorization: `Bearer ${token}` },
    signal: controller.signal,
  });
  const received: Received = { events: [], status: res.status, stop: () => controller.abort() };
  if (res.status !== 200 || !res.body) return received;
  void (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const type = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (type && data) received.events.push({ type, data: JSON.parse(data) });
        }
      }
    } catch {
      // aborted
    }
  })();
  return received;
}

describe('the command centre live view', () => {
  let db: TestDatabase;
  let app: NestFastifyApplication;
  let base: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await bootStandalone(testEnv({ databaseUrl: db.url, busRoot: testBusRoot(), nats: false }));
    await seedDemoCatalogue(app.get(DatabaseRegistry).get('ticketing'));
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
  });

  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  it("streams a street's ticket events to its command centre and to nobody else's street", async () => {
    const operator = await listen(base, (await login(app, 'command-operator')).accessToken);
    const otherStreet = await listen(base, (await login(app, 'street-admin-s02')).accessToken, true);
    const gridWorker = await listen(base, (await login(app, 'grid-worker')).accessToken);
    expect([operator.status, otherStreet.status, gridWorker.status]).toEqual([200, 200, 403]);
    const operatorToken = (await login(app, 'command-operator')).accessToken;
    const typo = await fetch(`${base}/api/v1/live/events?types=tickets`, {
      headers: { authorization: `Bearer ${operatorToken}` },
    });
    expect(typo.status).toBe(400);
    expect(((await typo.json()) as { details: { fields: Record<string, unknown> } }).details.fields).toHaveProperty(
      'types',
    );
    const onlyAssignments = await listen(base, operatorToken, false, 'assignment.');

    const { accessToken } = await login(app, 'grid-worker');
    const report = await fetch(`${base}/api/v1/tickets`, {
      method: 'POST',
      headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        source: 'grid_patrol',
        categoryCode: 'E0102',
        description: '湖光社区东门外暴露垃圾',
        location: { gridPath: 'd01.s01.c01.g01' },
      }),
    });
    expect(report.status).toBe(201);

    const until = Date.now() + 5000;
    while (!operator.events.some((e) => e.type === TicketingEvents.reported) && Date.now() < until)
      await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 300));
    operator.stop();
    otherStreet.stop();
    onlyAssignments.stop();
    expect(onlyAssignments.events.filter((e) => e.type.startsWith('ticket.'))).toEqual([]);
    expect(operator.events.find((e) => e.type === TicketingEvents.reported)?.data).toMatchObject({
      type: TicketingEvents.reported,
      street: 's01',
    });
    expect(otherStreet.events.filter((e) => e.type.startsWith('ticket.'))).toEqual([]);
  });

  it('reads events only while a screen is connected, and again when one comes back', async () => {
    const feed = app.get(LiveFeed);
    feed.lingerMs = 100;
    const operatorToken = (await login(app, 'command-operator')).accessToken;
    const { accessToken } = await login(app, 'grid-worker');
    const report = (n: number) =>
      fetch(`${base}/api/v1/tickets`, {
        method: 'POST',
        headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          source: 'grid_patrol',
          categoryCode: 'E0102',
          description: `湖光社区东门外暴露垃圾（第${n}次）`,
          location: { gridPath: 'd01.s01.c01.g01' },
        }),
      });
    const waitFor = async (what: () => boolean) => {
      const until = Date.now() + 5000;
      while (!what() && Date.now() < until) await new Promise((r) => setTimeout(r, 25));
      return what();
    };

    const first = await listen(base, operatorToken);
    expect(feed.isListening).toBe(true);
    expect((await report(1)).status).toBe(201);
    expect(await waitFor(() => first.events.some((e) => e.type === TicketingEvents.reported))).toBe(true);
    first.stop();
    expect(await waitFor(() => !feed.isListening)).toBe(true);

    const second = await listen(base, operatorToken);
    expect(feed.isListening).toBe(true);
    expect((await report(2)).status).toBe(201);
    expect(await waitFor(() => second.events.some((e) => e.type === TicketingEvents.reported))).toBe(true);
    second.stop();
  });
});
