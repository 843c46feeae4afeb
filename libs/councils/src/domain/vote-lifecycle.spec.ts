import { ballotRefusal, channelEnteredBy, isVoteAdmin, voteTimesProblem } from './vote-lifecycle';

describe('vote lifecycle', () => {
  const now = new Date('2026-12-01T00:00:00Z');
  const at = (iso: string) => new Date(iso);

  it('accepts a vote that closes after it opens, in the future, within 90 days', () => {
    expect(voteTimesProblem(at('2026-12-02T00:00:00Z'), at('2026-12-09T00:00:00Z'), now)).toBeNull();
    expect(voteTimesProblem(at('2026-11-30T00:00:00Z'), at('2026-12-09T00:00:00Z'), now)).toBeNull();
  });

  it('refuses closing before opening, closing in the past, and too long a vote', () => {
    expect(voteTimesProblem(at('2026-12-09T00:00:00Z'), at('2026-12-09T00:00:00Z'), now)).toMatch(/after opensAt/);
    expect(voteTimesProblem(at('2026-11-01T00:00:00Z'), at('2026-11-30T00:00:00Z'), now)).toMatch(/future/);
    expect(voteTimesProblem(at('2026-12-02T00:00:00Z'), at('2027-04-02T00:00:00Z'), now)).toMatch(/90 days/);
    expect(voteTimesProblem(new Date('x'), at('2027-04-02T00:00:00Z'), now)).toMatch(/times/);
  });

  it('takes ballots only while open', () => {
    expect(ballotRefusal('open')).toBeNull();
    expect(ballotRefusal('scheduled')).toMatch(/not open/);
    expect(ballotRefusal('closed')).toMatch(/closed/);
  });

  it('names who enters each channel and who administers votes', () => {
    expect([channelEnteredBy('online'), channelEnteredBy('paper'), channelEnteredBy('meeting')]).toEqual([
      'owner',
      'convenor',
      'secretary',
    ]);
    expect(isVoteAdmin(['community_secretary'])).toBe(true);
    expect(isVoteAdmin(['resident', 'grid_worker'])).toBe(false);
  });
});
