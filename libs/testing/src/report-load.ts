/**
 * A steady load of grid workers' reports through the gateway, as their phones send them: each
 * report with its own Idempotency-Key, sent again with the same key after any failure (a 5xx, a
 * refused or dropped connection, a timeout) until it is accepted. Every attempt is recorded, so a
 * test can check what the answers were and a benchmark can tell how long a fault kept reports out.
 */

/** Who reports for a street, and where. */
export interface Reporter {
  street: string;
  token: string;
  gridPath: string;
}

export interface ReportAttempt {
  street: string;
  key: string;
  /** ms since the epoch */
  startedAt: number;
  endedAt: number;
  /** the HTTP status, 0 when no answer came (refused, reset, timed out) */
  status: number;
  /** problem+json `code` of a refusal */
  code?: string;
  retryAfter?: string;
}

export interface LoadedReport {
  key: string;
  street: string;
  sentAt: number;
  /** when the gateway answered 201 (or 200) for it */
  acceptedAt?: number;
  ticketId?: string;
  attempts: number;
}

export interface ReportLoadOptions {
  base: string;
  reporters: Reporter[];
  /** reports started per second, over all reporters in turn */
  ratePerS: number;
  categoryCode?: string;
  /** 核实后上报: the ticket opens with the report, so dispatch opens its case */
  verified?: boolean;
  keyPrefix?: string;
  attemptTimeoutMs?: number;
  retryDelayMs?: number;
}

export class ReportLoad {
  readonly reports: LoadedReport[] = [];
  readonly attempts: ReportAttempt[] = [];
  private timer?: NodeJS.Timeout;
  private readonly inFlight = new Set<Promise<void>>();
  private stopping = false;
  private n = 0;

  constructor(private readonly options: ReportLoadOptions) {}

  start(): void {
    this.timer = setInterval(() => this.launch(), 1000 / this.options.ratePerS);
  }

  private launch(): void {
    const { reporters, keyPrefix = 'load' } = this.options;
    const reporter = reporters[this.n % reporters.length];
    const report: LoadedReport = { key: `${keyPrefix}-${String(this.n).padStart(6, '0')}`, street: reporter.street, sentAt: Date.now(), attempts: 0 };
    this.n += 1;
    this.reports.push(report);
    const run = this.deliver(report, reporter).finally(() => this.inFlight.delete(run));
    this.inFlight.add(run);
  }

  /** Sends one report until it is accepted, or until the load gives up at its end. */
  private async deliver(report: LoadedReport, reporter: Reporter): Promise<void> {
    const o = this.options;
    const body = JSON.stringify({
      source: 'grid_patrol',
      categoryCode: o.categoryCode ?? 'E0102',
      description: `路边暴露垃圾（${report.key}）`,
      location: { gridPath: reporter.gridPath },
      ...(o.verified === false ? {} : { verified: true }),
    });
    for (;;) {
      report.attempts += 1;
      const attempt: ReportAttempt = { street: report.street, key: report.key, startedAt: Date.now(), endedAt: 0, status: 0 };
      try {
        const res = await fetch(`${o.base}/api/v1/tickets`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${reporter.token}`, 'idempotency-key': report.key },
          body,
          signal: AbortSignal.timeout(o.attemptTimeoutMs ?? 8000),
        });
        attempt.status = res.status;
        attempt.retryAfter = res.headers.get('retry-after') ?? undefined;
        const answer = (await res.json().catch(() => ({}))) as { id?: string; code?: string };
        attempt.code = answer.code;
        if (res.status === 201 || res.status === 200) {
          report.acceptedAt = Date.now();
          report.ticketId = answer.id;
        }
      } catch {
        // no answer: refused, reset or timed out; sent again with the same key
      }
      attempt.endedAt = Date.now();
      this.attempts.push(attempt);
      if (report.acceptedAt) return;
      // 4xx other than 429 is the report's fault: sending it again would not help
      if (attempt.status >= 400 && attempt.status < 500 && attempt.status !== 429) return;
      if (this.stopping && Date.now() > this.giveUpAt) return;
      await new Promise((r) => setTimeout(r, o.retryDelayMs ?? 250));
    }
  }

  private giveUpAt = Infinity;

  /** Stops starting reports; waits (at most `settleMs`) for those started to be accepted. */
  async stop(settleMs = 30_000): Promise<void> {
    clearInterval(this.timer);
    this.stopping = true;
    this.giveUpAt = Date.now() + settleMs;
    while (this.inFlight.size > 0) await Promise.race(this.inFlight);
  }

  accepted(): LoadedReport[] {
    return this.reports.filter((r) => r.acceptedAt !== undefined);
  }

  /**
   * When reports of these streets were accepted again after `since`: the end of the first
   * accepted attempt begun after it, or undefined.
   */
  acceptedAgainAfter(since: number, streets: string[]): number | undefined {
    return this.attempts
      .filter((a) => streets.includes(a.street) && a.startedAt >= since && (a.status === 201 || a.status === 200))
      .reduce<number | undefined>((first, a) => (first === undefined || a.endedAt < first ? a.endedAt : first), undefined);
  }
}
