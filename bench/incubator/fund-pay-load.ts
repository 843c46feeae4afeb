/**
 * The load of the funds benchmark, in a child process of fund-bench.ts (so that it never shares
 * the platform's event loop): its stdin (JSON) names the approved spendings and the payer's token.
 * Every payment request is sent at once (one connection each), then the answers are counted. The
 * last stdout line is the JSON answer.
 */
interface Load {
  base: string;
  token: string;
  spendingIds: string[];
}

interface Answer {
  paid: number;
  refusedForBalance: number;
  other: number;
  others: string[];
  elapsedS: number;
  latencyMs: number[];
}

async function main(): Promise<void> {
  let input = '';
  for await (const chunk of process.stdin) input += (chunk as Buffer).toString('utf8');
  const load = JSON.parse(input) as Load;
  const answer: Answer = { paid: 0, refusedForBalance: 0, other: 0, others: [], elapsedS: 0, latencyMs: [] };
  const started = performance.now();
  await Promise.all(
    load.spendingIds.map(async (id) => {
      const t = performance.now();
      const res = await fetch(`${load.base}/api/v1/incubator/funds/spending/${id}/pay`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${load.token}` },
        body: '{}',
        signal: AbortSignal.timeout(120_000),
      });
      const body = (await res.json()) as { detail?: string };
      answer.latencyMs.push(performance.now() - t);
      if (res.status === 200) answer.paid++;
      else if (res.status === 409 && /balance is \d+ fen/.test(body.detail ?? '')) answer.refusedForBalance++;
      else {
        answer.other++;
        if (answer.others.length < 5) answer.others.push(`${res.status} ${JSON.stringify(body)}`);
      }
    }),
  );
  answer.elapsedS = (performance.now() - started) / 1000;
  process.stdout.write(`${JSON.stringify(answer)}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
