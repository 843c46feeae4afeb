/**
 * The steady-rate half of the tickets benchmark, in its own process so that the clients never
 * share the platform's event loop (as phones and the command centre's screens would not).
 *
 * Started by tickets-bench.ts with the settings in the environment variable STEADY (JSON). For
 * each of `rate × seconds` tickets, one every 1/rate s: a grid worker reports it, verified on the
 * spot (`verified: true`), or reports it and then verifies it (`POST …/open`) when `verify` is
 * `separate`; the command centre sees `dispatch.proposed` arrive (plain NATS subscriptions
 * to the three event types it waits for, what the live view reads) and confirms (`POST …/dispatch`); once
 * `dispatch.confirmed` is here, the department officer reads their queue
 * (`GET /api/v1/assignments?ticketId=…`). Prints one JSON line with every flow's timings.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { connect } from '@nats-io/transport-node';
import { DispatchEvents, TicketingEvents } from '@gz/contracts';

interface Settings {
  base: string;
  nats: string;
  root: string;
  tokens: { grid: string; operator: string; officer: string };
  rate: number;
  seconds: number;
  category: string;
  grid: string;
  department: string;
  /** `on-report`: the grid worker verifies with the report (核实后上报); `separate`: then `POST …/open` */
  verify: 'on-report' | 'separate';
}

export interface SteadyFlow {
  reportMs?: number;
  reportToProposalMs?: number;
  openToProposalMs?: number;
  openToOpenedEventMs?: number;
  confirmToEventMs?: number;
  confirmToQueueMs?: number;
  failed?: string;
}

const settings = JSON.parse(process.env.STEADY ?? '{}') as Settings;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Arrival times of events per ticket id, and who is waiting for one. */
class Arrivals {
  private readonly seen = new Map<string, number>();
  private readonly waiting = new Map<string, (at: number) => void>();
  hit(id: string, at: number): void {
    const w = this.waiting.get(id);
    if (w) {
      this.waiting.delete(id);
      w(at);
    } else this.seen.set(id, at);
  }
  wait(id: string, ms: number): Promise<number | null> {
    const at = this.seen.get(id);
    if (at !== undefined) {
      this.seen.delete(id);
      return Promise.resolve(at);
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        resolve(null);
      }, ms);
      this.waiting.set(id, (t) => {
        clearTimeout(timer);
        resolve(t);
      });
    });
  }
}

// Plain node:http over kept-alive connections: the clients share the machine with the platform,
// and fetch costs several times the CPU per request.
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

function call(
  method: 'GET' | 'POST',
  path: string,
  token: string,
  body?: unknown,
  extra: Record<string, string> = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${settings.base}${path}`,
      {
        method,
        agent,
        timeout: 15_000,
        headers: {
          authorization: `Bearer ${token}`,
          ...(payload === undefined
            ? {}
            : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
          ...extra,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          try {
            resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
          } catch (e) {
            reject(e instanceof Error ? e : new Error(String(e)));
          }
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${method} ${path}: no answer within 15 s`)));
    req.on('error', reject);
    req.end(payload);
  });
}

const post = (path: string, token: string, body: unknown, extra: Record<string, string> = {}) =>
  call('POST', path, token, body, extra);

async function main(): Promise<void> {
  const proposed = new Arrivals();
  const confirmed = new Arrivals();
  const opened = new Arrivals();
  const nc = await connect({ servers: settings.nats, noAsyncTraces: true });
  // Only the three event types it waits for, as a screen would filter its feed.
  for (const type of [DispatchEvents.proposed, DispatchEvents.confirmed, TicketingEvents.opened])
    nc.subscribe(`${settings.root}.evt.*.${type}`, {
      callback: (err, msg) => {
        if (err) return;
        const at = performance.now();
        const ticketId = (msg.json<{ data: { ticketId: string } }>().data ?? {}).ticketId;
        if (!ticketId) return;
        if (type === DispatchEvents.proposed) proposed.hit(ticketId, at);
        else if (type === DispatchEvents.confirmed) confirmed.hit(ticketId, at);
        else opened.hit(ticketId, at);
      },
    });
  await nc.flush();
  const { tokens } = settings;

  async function flow(n: number): Promise<SteadyFlow> {
    const f: SteadyFlow = {};
    const t0 = performance.now();
    const rep = await post(
      '/api/v1/tickets',
      tokens.grid,
      {
        source: 'grid_patrol',
        categoryCode: settings.category,
        description: `旱厕墙体开裂（压测 ${n}）`,
        location: { gridPath: settings.grid },
        ...(settings.verify === 'on-report' ? { verified: true } : {}),
      },
      { 'idempotency-key': `steady-${randomUUID()}` },
    );
    const t1 = performance.now();
    f.reportMs = t1 - t0;
    if (rep.status !== 201) return { ...f, failed: `report ${rep.status}` };
    const id = rep.body.id as string;
    let t2 = t1;
    if (settings.verify === 'separate') {
      const open = await post(`/api/v1/tickets/${id}/open`, tokens.grid, { version: rep.body.version });
      t2 = performance.now();
      if (open.status !== 200) return { ...f, failed: `open ${open.status}` };
    } else if (rep.body.state !== 'opened') return { ...f, failed: `verified report ${String(rep.body.state)}` };
    const at = await proposed.wait(id, 30_000);
    if (at === null) return { ...f, failed: 'no proposal within 30 s' };
    f.reportToProposalMs = at - t1;
    f.openToProposalMs = at - t2;
    const openedAt = await opened.wait(id, 1);
    if (openedAt !== null) f.openToOpenedEventMs = openedAt - t2;
    const t3 = performance.now();
    const conf = await post(`/api/v1/tickets/${id}/dispatch`, tokens.operator, {});
    if (conf.status !== 200) return { ...f, failed: `confirm ${conf.status}` };
    // The assignment and its event commit together: once the event is here, the queue shows it.
    const ev = await confirmed.wait(id, 30_000);
    if (ev === null) return { ...f, failed: 'no dispatch.confirmed within 30 s' };
    f.confirmToEventMs = ev - t3;
    for (let attempt = 0; ; attempt++) {
      const res = await call(
        'GET',
        `/api/v1/assignments?ticketId=${id}&department=${settings.department}`,
        tokens.officer,
      );
      const items = res.body.items as unknown[] | undefined;
      if (res.status === 200 && (items?.length ?? 0) > 0) break;
      if (attempt === 20) return { ...f, failed: `not in the queue after its event (${res.status})` };
      await sleep(50);
    }
    f.confirmToQueueMs = performance.now() - t3;
    return f;
  }

  const flows: Array<Promise<SteadyFlow>> = [];
  const total = settings.rate * settings.seconds;
  const start = performance.now();
  for (let i = 0; i < total; i++) {
    const wait = start + (i * 1000) / settings.rate - performance.now();
    if (wait > 1) await sleep(wait);
    flows.push(flow(i + 1).catch((e: unknown) => ({ failed: e instanceof Error ? e.message : String(e) })));
  }
  const sentIn = (performance.now() - start) / 1000;
  const done = await Promise.all(flows);
  await nc.close();
  agent.destroy();
  process.stdout.write(`${JSON.stringify({ sentIn, flows: done })}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
