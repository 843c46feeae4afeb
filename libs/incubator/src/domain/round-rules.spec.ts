import {
  budgetLinesProblem,
  criteriaProblem,
  eligibilityProblem,
  milestoneAmounts,
  milestonePlanProblem,
  roundProblems,
  type EligibleRound,
  type RoundDraft,
} from './round-rules';

const three = [
  { key: 'need', weight: 40 },
  { key: 'design', weight: 35 },
  { key: 'budget', weight: 25 },
];
const now = new Date('2026-05-12T08:00:00+08:00');
const draft: RoundDraft = {
  track: 'standard',
  budgetFen: 1_000_000,
  legalStatuses: ['registered', 'filed'],
  opensAt: new Date('2026-05-12T00:00:00+08:00'),
  closesAt: new Date('2026-06-01T00:00:00+08:00'),
  reviewBy: new Date('2026-06-15T00:00:00+08:00'),
  criteria: three,
};

describe('round rules', () => {
  it('asks for criteria whose integer weights add up to 100, as many as the track allows', () => {
    expect(criteriaProblem('standard', three)).toBeNull();
    expect(criteriaProblem('standard', [...three.slice(0, 2), { key: 'budget', weight: 20 }])).toBe(
      'the weights add up to 95, not 100',
    );
    expect(criteriaProblem('standard', [{ key: 'need', weight: 100 }])).toMatch(/3 to 10 criteria/);
    expect(criteriaProblem('small_grants', [{ key: 'need', weight: 100 }])).toBeNull();
    expect(criteriaProblem('small_grants', [...three, { key: 'x', weight: 0 }])).toMatch(/1 to 3 criteria/);
    expect(criteriaProblem('standard', [three[0], three[1], { key: 'need', weight: 25 }])).toMatch(/own key/);
  });

  it('orders the deadlines and keeps the small-grants track light and capped', () => {
    expect(roundProblems(draft, now, 2_000_000)).toEqual({});
    expect(roundProblems({ ...draft, closesAt: draft.opensAt }, now, 2_000_000)).toHaveProperty('closesAt');
    expect(roundProblems({ ...draft, reviewBy: draft.closesAt }, now, 2_000_000)).toHaveProperty('reviewBy');
    expect(roundProblems({ ...draft, minScoreSheets: 1 }, now, 2_000_000)).toHaveProperty('minScoreSheets');
    expect(roundProblems({ ...draft, awardCapFen: 2_000_000 }, now, 2_000_000)).toHaveProperty('awardCapFen');
    const small: RoundDraft = {
      ...draft,
      track: 'small_grants',
      legalStatuses: ['informal'],
      criteria: [{ key: 'need', weight: 100 }],
    };
    expect(roundProblems(small, now, 2_000_000)).toEqual({ awardCapFen: 'a small-grants round has a per-award cap' });
    expect(roundProblems({ ...small, awardCapFen: 500_000 }, now, 2_000_000)).toEqual({});
    expect(roundProblems({ ...small, awardCapFen: 500_000 }, now, 400_000)).toHaveProperty('awardCapFen');
    expect(roundProblems({ ...small, awardCapFen: 500_000, minScoreSheets: 3 }, now, 2_000_000)).toHaveProperty(
      'minScoreSheets',
    );
    expect(
      roundProblems({ ...small, awardCapFen: 500_000, legalStatuses: ['registered'] }, now, 2_000_000),
    ).toHaveProperty(['eligibility.legalStatuses']);
  });

  it('checks eligibility: legal status, fields, communities served and allowed, the cap', () => {
    const round: EligibleRound = {
      track: 'standard',
      placePath: 'd01.s01',
      budgetFen: 1_000_000,
      awardCapFen: 300_000,
      eligibleStatuses: ['registered', 'filed'],
      eligibleFields: ['elderly', 'children'],
      eligibleCommunities: [],
    };
    const org = { legalStatus: 'filed' as const, fields: ['elderly' as const], communitiesServed: ['d01.s01.c01'] };
    const project = { communityPath: 'd01.s01.c01', amountFen: 300_000 };
    expect(eligibilityProblem(round, org, project)).toBeNull();
    expect(eligibilityProblem(round, { ...org, legalStatus: 'informal' }, project)?.field).toBe('organisationId');
    expect(eligibilityProblem(round, { ...org, fields: ['environment'] }, project)?.message).toMatch(/fields/);
    expect(eligibilityProblem(round, org, { ...project, communityPath: 'd01.s01.c02' })?.field).toBe('communityPath');
    expect(eligibilityProblem({ ...round, eligibleCommunities: ['d01.s01.c02'] }, org, project)?.field).toBe(
      'communityPath',
    );
    expect(
      eligibilityProblem(
        round,
        { ...org, communitiesServed: ['d01.s02.c01'] },
        { ...project, communityPath: 'd01.s02.c01' },
      )?.message,
    ).toMatch(/outside/);
    expect(eligibilityProblem(round, org, { ...project, amountFen: 300_001 })?.field).toBe('amountFen');
  });

  it('names the difference when the budget lines do not add up', () => {
    expect(budgetLinesProblem([{ amountFen: 60_000 }, { amountFen: 40_000 }], 100_000)).toBeNull();
    expect(budgetLinesProblem([{ amountFen: 60_000 }, { amountFen: 35_000 }], 100_000)).toBe(
      'the budget lines add up to 95,000 fen, 5,000 fen less than the 100,000 fen asked',
    );
    expect(budgetLinesProblem([{ amountFen: 100_001 }], 100_000)).toMatch(/1 fen more/);
  });

  it('asks for milestone shares adding up to 10000 basis points, in order', () => {
    const plan = [
      { dueOn: '2026-08-01', shareBp: 3000 },
      { dueOn: '2026-10-01', shareBp: 7000 },
    ];
    expect(milestonePlanProblem(plan)).toBeNull();
    expect(milestonePlanProblem([plan[0]])).toMatch(/3000 basis points, 7000 less/);
    expect(milestonePlanProblem([plan[1], { ...plan[0], shareBp: 3000 }])).toMatch(/due before/);
  });

  it('splits the award by shares, the last milestone taking the remainder so the sum is exact', () => {
    expect(milestoneAmounts(100_000, [3000, 3000, 4000])).toEqual([30_000, 30_000, 40_000]);
    expect(milestoneAmounts(100_001, [3333, 3333, 3334])).toEqual([33_330, 33_330, 33_341]);
    const big = 999_999_999_999;
    const parts = milestoneAmounts(big, [1, 9999]);
    expect(parts[0]).toBe(99_999_999);
    expect(parts[0] + parts[1]).toBe(big);
    expect(milestoneAmounts(1, [5000, 5000])).toEqual([0, 1]);
  });
});
