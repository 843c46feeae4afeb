/**
 * The reports-per-second load of the tickets benchmark, in its own process: autocannon, with
 * every request given its own Idempotency-Key (a retried report would otherwise answer the first
 * ticket). Settings in the environment variable LOAD (JSON); prints one JSON line.
 */
import autocannon from 'autocannon';

interface Settings {
  url: string;
  token: string;
  connections: number;
  durationS: number;
  prefix: string;
  category: string;
  grid: string;
}

const s = JSON.parse(process.env.LOAD ?? '{}') as Settings;
let n = 0;

const instance = autocannon(
  {
    url: s.url,
    method: 'POST',
    connections: s.connections,
    duration: s.durationS,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${s.token}` },
    requests: [
      {
        setupRequest: (req) => {
          const i = n++;
          return {
            ...req,
            headers: { ...req.headers, 'idempotency-key': `${s.prefix}-${i}` },
            body: JSON.stringify({
              source: 'grid_patrol',
              categoryCode: s.category,
              description: `旱厕墙体开裂（压测 ${i}）`,
              location: { gridPath: s.grid },
            }),
          };
        },
      },
    ],
  },
  (err, result) => {
    if (err) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    process.stdout.write(
      `${JSON.stringify({
        created: result['2xx'],
        other: result.non2xx,
        errors: result.errors + result.timeouts,
        elapsedS: result.duration,
        p50: result.latency.p50,
        p99: result.latency.p99,
      })}\n`,
    );
  },
);
process.once('SIGTERM', () => instance.stop());
