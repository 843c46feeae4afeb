import { decideRefresh } from './refresh';

const t0 = new Date('2026-01-01T08:00:00Z');
const at = (s: number) => new Date(t0.getTime() + s * 1000);
const fresh = { createdAt: t0, expiresAt: at(7 * 86400), usedAt: null, revokedAt: null };

describe('refresh-family decision', () => {
  it('rotates a fresh, unused token', () => {
    expect(decideRefresh(fresh, at(60), 1800)).toEqual({ action: 'rotate' });
  });

  it('treats a used token as reuse, even when it also expired or was revoked', () => {
    expect(decideRefresh({ ...fresh, usedAt: at(10) }, at(20), 1800)).toEqual({ action: 'reuse' });
    expect(decideRefresh({ ...fresh, usedAt: at(10), revokedAt: at(15) }, at(99999), 1800)).toEqual({
      action: 'reuse',
    });
  });

  it('refuses a revoked token', () => {
    expect(decideRefresh({ ...fresh, revokedAt: at(5) }, at(6), 1800)).toEqual({ action: 'revoked' });
  });

  it('expires a family unused for longer than the idle timeout', () => {
    expect(decideRefresh(fresh, at(1800), 1800)).toEqual({ action: 'rotate' });
    expect(decideRefresh(fresh, at(1801), 1800)).toEqual({ action: 'expired', reason: 'idle' });
  });

  it('expires at the absolute lifetime whatever the activity', () => {
    const late = { ...fresh, createdAt: at(7 * 86400 - 60) };
    expect(decideRefresh(late, at(7 * 86400), 1800)).toEqual({ action: 'expired', reason: 'absolute' });
  });
});
