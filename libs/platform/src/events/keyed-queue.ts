/**
 * Runs tasks concurrently, at most `limit` at a time, but those with the same key one after the
 * other in the order they came: events of one aggregate (one ticket) keep their order while
 * different aggregates proceed in parallel. `push` resolves once the task is admitted, so a
 * consume loop that awaits it stops pulling while the queue is full.
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<void>>();
  private readonly waiting: Array<() => void> = [];
  private running = 0;

  constructor(private readonly limit: number) {}

  async push(key: string, task: () => Promise<void>): Promise<void> {
    while (this.running >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running += 1;
    const previous = this.tails.get(key) ?? Promise.resolve();
    const run: Promise<void> = previous
      .then(task)
      .catch(() => undefined)
      .finally(() => {
        this.running -= 1;
        if (this.tails.get(key) === run) this.tails.delete(key);
        this.waiting.shift()?.();
      });
    this.tails.set(key, run);
  }

  /** Waits for every admitted task. */
  async drain(): Promise<void> {
    while (this.tails.size > 0) await Promise.all([...this.tails.values()]);
  }
}

/** The aggregate an event belongs to, for ordering: its ticket, or its own id when unknown. */
export function aggregateKey(envelope: { id: string; data: unknown }): string {
  const data = (envelope.data ?? {}) as Record<string, unknown>;
  for (const field of ['ticketId', 'aggregateId', 'personId', 'householdId', 'id'])
    if (typeof data[field] === 'string') return data[field] as string;
  return envelope.id;
}
