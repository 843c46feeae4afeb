/**
 * The load of the volunteers benchmark, in a child process of volunteers-bench.ts (so that it never
 * shares the platform's event loop): its stdin (JSON) lists the requests and the number of
 * concurrent clients; each client takes the next request. The last stdout line is the JSON answer:
 * statuses, each request's latency, the elapsed time.
 */
interface Load {
  base: string;
  clients: number;
  requests: Array<{ method: string; url: string; token: string; body?: unknown }>;
}

interface Answer {
  statuses: Record<string, number>;
  failures: string[];
  ms: number[];
  elapsedS: number;
}

async function main(): Promise<void> {
  let input = '';
  for await (const chunk of process.stdin) input += (chunk as Buffer).toString('utf8');
  const load = JSON.parse(input) as Load;
  const answer: Answer = { statuses: {}, failures: [], ms: [], elapsedS: 0 };
  let next = 0;
  const client = async () => {
    for (let i = next++; i < load.requests.length; i = next++) {
      const r = load.requests[i];
      const t = performance.now();
      try {
        const res = await fetch(`${load.base}${r.url}`, {
          method: r.method,
          headers: {
            authorization: `Bearer ${r.token}`,
            ...(r.body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          body: r.body === undefined ? undefined : JSON.stringify(r.body),
          signal: AbortSignal.timeout(30_000),
        });
        const text = await res.text();
        answer.ms.push(performance.now() - t);
        answer.statuses[res.status] = (answer.statuses[res.status] ?? 0) + 1;
        if (res.status >= 300 && answer.failures.length < 5)
          answer.failures.push(`${res.status} ${text.slice(0, 300)}`);
      } catch (e) {
        answer.statuses.error = (answer.statuses.error ?? 0) + 1;
        if (answer.failures.length < 5) answer.failures.push(e instanceof Error ? e.message : String(e));
      }
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: load.clients }, client));
  answer.elapsedS = (performance.now() - started) / 1000;
  process.stdout.write(`${JSON.stringify(answer)}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
