/**
 * The load of the votes benchmark, in a child process of votes-bench.ts (so that it never shares
 * the platform's event loop): its stdin (JSON) names the vote, the ballots to cast (owner ids), the
 * convenors' tokens and the number of concurrent clients. Each client takes the next ballot and
 * casts it as a paper ballot entered by its convenor, with a unique Idempotency-Key; a reader
 * meanwhile reads the live tally in a loop. The last stdout line is the JSON answer.
 */
interface Load {
  base: string;
  voteId: string;
  ownerIds: string[];
  tokens: string[];
  readerToken: string;
  clients: number;
  keyPrefix: string;
}

interface Answer {
  created: number;
  replayed: number;
  failed: number;
  failures: string[];
  elapsedS: number;
  ballotMs: number[];
  tallyMs: number[];
  tallyBallotsSeen: number[];
}

async function main(): Promise<void> {
  let input = '';
  for await (const chunk of process.stdin) input += (chunk as Buffer).toString('utf8');
  const load = JSON.parse(input) as Load;
  const answer: Answer = {
    created: 0,
    replayed: 0,
    failed: 0,
    failures: [],
    elapsedS: 0,
    ballotMs: [],
    tallyMs: [],
    tallyBallotsSeen: [],
  };
  let next = 0;
  let done = false;
  const client = async () => {
    for (let i = next++; i < load.ownerIds.length; i = next++) {
      // ballot i is always entered by the same convenor: an Idempotency-Key is the caller's own
      const token = load.tokens[i % load.tokens.length];
      const t = performance.now();
      const res = await fetch(`${load.base}/api/v1/councils/votes/${load.voteId}/ballots`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${token}`,
          'idempotency-key': `${load.keyPrefix}-${i}`,
        },
        body: JSON.stringify({
          choice: i % 10 < 8 ? 'for' : 'against',
          channel: 'paper',
          ownerId: load.ownerIds[i],
          photoId: `ballot-photo-${i}`,
        }),
      });
      const body = (await res.json()) as { created?: boolean };
      answer.ballotMs.push(performance.now() - t);
      if (res.status === 201 && body.created) answer.created++;
      else if (res.status === 201) answer.replayed++;
      else {
        answer.failed++;
        if (answer.failures.length < 5) answer.failures.push(`${res.status} ${JSON.stringify(body)}`);
      }
    }
  };
  const reader = async () => {
    while (!done) {
      const t = performance.now();
      const res = await fetch(`${load.base}/api/v1/councils/votes/${load.voteId}/tally`, {
        headers: { authorization: `Bearer ${load.readerToken}` },
      });
      const body = (await res.json()) as { ballots?: number };
      answer.tallyMs.push(performance.now() - t);
      if (res.status === 200 && typeof body.ballots === 'number') answer.tallyBallotsSeen.push(body.ballots);
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  const started = performance.now();
  const reading = reader();
  await Promise.all(Array.from({ length: load.clients }, () => client()));
  answer.elapsedS = (performance.now() - started) / 1000;
  done = true;
  await reading;
  process.stdout.write(`${JSON.stringify(answer)}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
