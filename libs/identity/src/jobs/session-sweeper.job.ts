import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { RefreshTokenStore } from '../persistence/refresh-token.store';

const SWEEP_EVERY_MS = 60 * 60_000;
/** expired sessions are kept a day, so a late reuse of their tokens is still recognised and audited */
const KEEP_EXPIRED_MS = 24 * 3600_000;
const BATCH = 5000;

/**
 * Deletes refresh tokens of sessions past their absolute lifetime (a family shares one
 * `expires_at`, so whole families go together). Idempotent and safe on several instances.
 */
@Injectable()
export class SessionSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('SessionSweeper');
  private timer?: NodeJS.Timeout;

  constructor(private readonly refreshTokens: RefreshTokenStore) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(
      () => void this.sweep().catch((e: unknown) => this.logger.warn(`sweep failed: ${String(e)}`)),
      SWEEP_EVERY_MS,
    );
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Answers how many tokens it deleted. */
  async sweep(now = new Date()): Promise<number> {
    const before = new Date(now.getTime() - KEEP_EXPIRED_MS);
    let total = 0;
    for (;;) {
      const n = await this.refreshTokens.deleteExpired(before, BATCH);
      total += n;
      if (n === 0) return total;
    }
  }
}
