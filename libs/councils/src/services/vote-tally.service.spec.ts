import 'reflect-metadata';
import type { VoteCountView } from '@gz/contracts';
import type { Clock } from '@gz/platform';
import type { CouncilsConfig } from '../councils.config';
import type { BallotStore, ChoiceSum } from '../persistence/ballot.store';
import type { VoteStore } from '../persistence/vote.store';
import type { VoteRow } from '../persistence/vote-views';
import type { VoteAccess } from './vote-access.service';
import { VoteTallyService } from './vote-tally.service';

describe('the live tally', () => {
  let t = Date.parse('2026-12-01T10:00:00Z');
  const clock = { now: () => new Date(t) } as Clock;
  const vote: VoteRow = {
    id: 'v1',
    compound_id: 'c1',
    street_code: 's01',
    community_path: 'd01.s01.c01',
    matter: 'elect_committee',
    title: 'x',
    description: null,
    status: 'open',
    opens_at: new Date('2026-12-01T00:00:00Z'),
    closes_at: new Date('2026-12-02T00:00:00Z'),
    opened_at: new Date('2026-12-01T00:00:00Z'),
    closed_at: null,
    total_area: '30000',
    total_headcount: 3,
    result: null,
    version: 2,
    created_by: 'u',
    created_at: new Date('2026-11-30T00:00:00Z'),
  };
  let current: VoteRow;
  let sums: ChoiceSum[];
  let counts: number;
  const service = () => {
    const config = { VOTE_TALLY_CACHE_MS: 500 } as CouncilsConfig;
    const ballots = {
      sums: async () => {
        counts++;
        await new Promise((r) => setTimeout(r, 5));
        return sums;
      },
    } as unknown as BallotStore;
    const access = {
      vote: async () => current,
      standingIn: async () => 'admin',
    } as unknown as VoteAccess;
    return new VoteTallyService(clock, config, {} as VoteStore, ballots, access);
  };

  beforeEach(() => {
    current = { ...vote };
    sums = [{ choice: 'for', area: 10000, n: 1 }];
    counts = 0;
  });

  it('counts once for readers that come together, and again only once the count is older than the cache', async () => {
    const s = service();
    const [a, b, c] = await Promise.all([s.tally({ id: 'v1' }), s.tally({ id: 'v1' }), s.tally({ id: 'v1' })]);
    expect(counts).toBe(1);
    expect([a.ballots, b.ballots, c.ballots]).toEqual([1, 1, 1]);
    sums = [{ choice: 'for', area: 20000, n: 2 }];
    t += 100;
    expect((await s.tally({ id: 'v1' })).ballots).toBe(1);
    expect(counts).toBe(1);
    // past the cache: the last count is answered at once while a new one is made
    t += 500;
    expect((await s.tally({ id: 'v1' })).ballots).toBe(1);
    await new Promise((r) => setTimeout(r, 20));
    expect(counts).toBe(2);
    const fresh = await s.tally({ id: 'v1' });
    expect(fresh.ballots).toBe(2);
    expect(fresh.count.participating).toMatchObject({ areaHundredths: 20000, headcount: 2, met: true });
  });

  it('answers the stored result of a closed vote, never a live count', async () => {
    const s = service();
    await s.tally({ id: 'v1' });
    const result = { passed: true } as VoteCountView;
    current = { ...vote, status: 'closed', closed_at: vote.closes_at, result };
    t = vote.closes_at.getTime() + 1;
    const closed = await s.tally({ id: 'v1' });
    expect(closed).toMatchObject({ status: 'closed', count: result, at: vote.closes_at.toISOString() });
  });
});
