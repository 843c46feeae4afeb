import type { ThrottlerStorage } from '@nestjs/throttler';
import type { ThrottlerStorageRecord } from '@nestjs/throttler/dist/throttler-storage-record.interface';

interface Window {
  hits: number;
  /** epoch ms when the window ends */
  endsAt: number;
  /** epoch ms until which the key is blocked, 0 when not blocked */
  blockedUntil: number;
}

/**
 * Fixed-window counters kept in memory: O(1) per request. The library's default storage keeps
 * every hit's time and scans them all on each request, which for one busy caller costs more than
 * the request itself. Per gateway instance, like the default.
 */
export class FixedWindowThrottlerStorage implements ThrottlerStorage {
  private readonly windows = new Map<string, Window>();
  private sweptAt = 0;

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    const now = Date.now();
    this.sweep(now);
    const id = `${throttlerName}:${key}`;
    let w = this.windows.get(id);
    if (!w || (w.endsAt <= now && w.blockedUntil <= now)) {
      w = { hits: 0, endsAt: now + ttl, blockedUntil: 0 };
      this.windows.set(id, w);
    }
    if (w.blockedUntil > now) {
      return { totalHits: w.hits, timeToExpire: seconds(w.endsAt - now), isBlocked: true, timeToBlockExpire: seconds(w.blockedUntil - now) };
    }
    w.hits += 1;
    if (w.hits > limit) w.blockedUntil = now + (blockDuration || ttl);
    const blocked = w.blockedUntil > now;
    return {
      totalHits: w.hits,
      timeToExpire: seconds(w.endsAt - now),
      isBlocked: blocked,
      timeToBlockExpire: blocked ? seconds(w.blockedUntil - now) : 0,
    };
  }

  /** Forgets finished windows, at most once a second. */
  private sweep(now: number): void {
    if (now - this.sweptAt < 1000) return;
    this.sweptAt = now;
    for (const [id, w] of this.windows) if (w.endsAt <= now && w.blockedUntil <= now) this.windows.delete(id);
  }
}

function seconds(ms: number): number {
  return Math.max(0, Math.ceil(ms / 1000));
}
