import { FixedWindowThrottlerStorage } from './throttle-storage';

describe('fixed-window rate limit storage', () => {
  it('counts hits per key and throttler, and blocks past the limit until the window ends', async () => {
    const storage = new FixedWindowThrottlerStorage();
    const hits = [];
    for (let i = 0; i < 4; i += 1) hits.push(await storage.increment('ip-1', 60_000, 3, 0, 'auth'));
    expect(hits.map((h) => h.isBlocked)).toEqual([false, false, false, true]);
    expect(hits[3].timeToBlockExpire).toBe(60);
    expect((await storage.increment('ip-2', 60_000, 3, 0, 'auth')).isBlocked).toBe(false);
    expect((await storage.increment('ip-1', 60_000, 3, 0, 'default')).isBlocked).toBe(false);
  });

  it('opens again when the window is over', async () => {
    const storage = new FixedWindowThrottlerStorage();
    for (let i = 0; i < 3; i += 1) await storage.increment('k', 50, 2, 0, 't');
    expect((await storage.increment('k', 50, 2, 0, 't')).isBlocked).toBe(true);
    await new Promise((r) => setTimeout(r, 80));
    const after = await storage.increment('k', 50, 2, 0, 't');
    expect(after).toMatchObject({ isBlocked: false, totalHits: 1 });
  });
});
