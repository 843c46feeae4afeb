import { VOTE_MATTERS, type BallotChoice } from '@gz/contracts';
import {
  approvalRuleOf,
  atLeastThreeQuarters,
  atLeastTwoThirds,
  countVote,
  DEVELOPER_KEY,
  electorateOf,
  moreThanHalf,
  totalsOf,
  type CountedBallot,
  type RollUnit,
} from './vote-count';

const unit = (unitId: string, areaHundredths: number, ownerIds: string[], developerUnsold = false): RollUnit => ({
  unitId,
  areaHundredths,
  ownerIds,
  developerUnsold,
});
const ballots = (n: number, area: number, choice: BallotChoice): CountedBallot[] =>
  Array.from({ length: n }, () => ({ areaHundredths: area, choice }));

describe('who counts as one owner', () => {
  it('counts an owner with three units once, with the areas added', () => {
    const e = electorateOf([
      unit('u1', 8950, ['a']),
      unit('u2', 12000, ['a']),
      unit('u3', 6001, ['a']),
      unit('u4', 9000, ['b']),
    ]);
    expect(e).toHaveLength(2);
    expect(e.find((x) => x.key === 'a')).toEqual({
      key: 'a',
      ownerIds: ['a'],
      unitIds: ['u1', 'u2', 'u3'],
      areaHundredths: 26951,
    });
    expect(totalsOf(e)).toEqual({ areaHundredths: 35951, headcount: 2 });
  });

  it('counts joint owners of a unit once, whatever order they are listed in', () => {
    const e = electorateOf([unit('u1', 10000, ['x', 'y']), unit('u2', 5000, ['y', 'x']), unit('u3', 7000, ['z'])]);
    expect(e.map((x) => [x.key, x.areaHundredths, x.ownerIds])).toEqual([
      ['x+y', 15000, ['x', 'y']],
      ['z', 7000, ['z']],
    ]);
  });

  it("counts the developer's unsold units together as one person", () => {
    const e = electorateOf([
      unit('u1', 10000, [], true),
      unit('u2', 10000, ['d-co'], true),
      unit('u3', 9000, [], true),
      unit('u4', 8000, ['p']),
    ]);
    expect(totalsOf(e)).toEqual({ areaHundredths: 37000, headcount: 2 });
    expect(e.find((x) => x.key === DEVELOPER_KEY)).toMatchObject({ unitIds: ['u1', 'u2', 'u3'], ownerIds: ['d-co'] });
  });

  it('leaves out a unit without owner that is not the developer’s, and refuses non-integer areas', () => {
    expect(electorateOf([unit('u1', 10000, [])])).toEqual([]);
    expect(() => electorateOf([unit('u1', 100.5, ['a'])])).toThrow(RangeError);
    expect(() => electorateOf([unit('u1', -1, ['a'])])).toThrow(RangeError);
  });
});

describe('thresholds as integers', () => {
  it('includes the boundary for "at least" and excludes it for "more than half"', () => {
    expect(atLeastTwoThirds(2, 3)).toBe(true);
    expect(atLeastTwoThirds(199, 300)).toBe(false);
    expect(atLeastThreeQuarters(3, 4)).toBe(true);
    expect(atLeastThreeQuarters(749, 1000)).toBe(false);
    expect(moreThanHalf(1, 2)).toBe(false);
    expect(moreThanHalf(501, 1000)).toBe(true);
    expect(moreThanHalf(0, 0)).toBe(false);
    expect(atLeastTwoThirds(0, 0)).toBe(false);
  });

  it('names the rule of each matter: 3/4 only for raising funds, rebuilding and changing use', () => {
    const three = VOTE_MATTERS.filter((m) => approvalRuleOf(m) === 'three_quarters');
    expect(three.sort()).toEqual(['change_common_use_or_business', 'raise_maintenance_funds', 'rebuild_or_alter']);
    expect(approvalRuleOf('use_maintenance_funds')).toBe('more_than_half');
  });
});

describe('counting a vote', () => {
  it('passes when participation and approval are met on both area and headcount', () => {
    const total = { areaHundredths: 100 * 10000, headcount: 100 };
    const c = countVote('rebuild_or_alter', total, [...ballots(60, 10000, 'for'), ...ballots(10, 10000, 'against')]);
    expect(c.participating).toMatchObject({ areaHundredths: 700000, headcount: 70, met: true });
    expect(c.approving).toMatchObject({ areaHundredths: 600000, headcount: 60, met: true });
    expect(c.against).toEqual({ areaHundredths: 100000, headcount: 10 });
    expect(c.passed).toBe(true);
  });

  it('fails when 2/3 of the area is missed even though 2/3 of the owners take part', () => {
    // 10 owners: 7 small flats vote (7/10 ≥ 2/3), 3 large ones do not; the voters hold 7·50 of 7·50+3·200 m².
    const total = { areaHundredths: 7 * 5000 + 3 * 20000, headcount: 10 };
    const c = countVote('elect_committee', total, ballots(7, 5000, 'for'));
    expect(c.participating.headcountMet).toBe(true);
    expect(c.participating.areaMet).toBe(false);
    expect(c.approving.met).toBe(true);
    expect(c.passed).toBe(false);
  });

  it('fails when 2/3 of the owners is missed even though 2/3 of the area takes part', () => {
    const total = { areaHundredths: 2 * 40000 + 4 * 5000, headcount: 6 };
    const c = countVote('elect_committee', total, ballots(2, 40000, 'for'));
    expect(c.participating).toMatchObject({ areaMet: true, headcountMet: false, met: false });
    expect(c.passed).toBe(false);
  });

  it('counts participation at exactly 2/3 as met', () => {
    const c = countVote('management_statute', { areaHundredths: 30000, headcount: 3 }, ballots(2, 10000, 'for'));
    expect(c.participating.met).toBe(true);
    expect(c.passed).toBe(true);
  });

  it('fails a 3/4 matter at 74.9% of the participating area and passes it at exactly 75%', () => {
    const total = { areaHundredths: 100000, headcount: 4 };
    const at749 = countVote('raise_maintenance_funds', total, [
      { areaHundredths: 24900, choice: 'for' },
      { areaHundredths: 25000, choice: 'for' },
      { areaHundredths: 25000, choice: 'for' },
      { areaHundredths: 25100, choice: 'against' },
    ]);
    expect(at749.approving).toMatchObject({ areaHundredths: 74900, headcount: 3, areaMet: false, headcountMet: true });
    expect(at749.passed).toBe(false);
    const at75 = countVote('raise_maintenance_funds', total, [
      ...ballots(3, 25000, 'for'),
      { areaHundredths: 25000, choice: 'against' },
    ]);
    expect(at75.approving).toMatchObject({ areaHundredths: 75000, areaMet: true, headcountMet: true });
    expect(at75.passed).toBe(true);
  });

  it('fails a 3/4 matter at 74.9% of the participating owners and passes it at exactly 75%', () => {
    const total = { areaHundredths: 1000 * 100, headcount: 1000 };
    const at749 = countVote('change_common_use_or_business', total, [
      ...ballots(749, 100, 'for'),
      ...ballots(251, 100, 'against'),
    ]);
    expect(at749.approving).toMatchObject({ headcountMet: false, areaMet: false });
    expect(at749.passed).toBe(false);
    const at75 = countVote('change_common_use_or_business', total, [
      ...ballots(750, 100, 'for'),
      ...ballots(250, 100, 'against'),
    ]);
    expect(at75.passed).toBe(true);
  });

  it('needs more than half for the other matters: exactly half fails', () => {
    const total = { areaHundredths: 40000, headcount: 4 };
    const half = countVote('hire_dismiss_property_company', total, [
      ...ballots(2, 10000, 'for'),
      ...ballots(2, 10000, 'against'),
    ]);
    expect(half.approving).toMatchObject({ areaMet: false, headcountMet: false });
    expect(half.passed).toBe(false);
    const more = countVote('use_maintenance_funds', total, [
      ...ballots(3, 10000, 'for'),
      ...ballots(1, 10000, 'against'),
    ]);
    expect(more.passed).toBe(true);
  });

  it('counts abstentions as taking part but not approving', () => {
    const total = { areaHundredths: 30000, headcount: 3 };
    const c = countVote('other_major_matter', total, [
      { areaHundredths: 10000, choice: 'for' },
      { areaHundredths: 10000, choice: 'abstain' },
      { areaHundredths: 10000, choice: 'abstain' },
    ]);
    expect(c.participating.met).toBe(true);
    expect(c.abstaining).toEqual({ areaHundredths: 20000, headcount: 2 });
    expect(c.approving.met).toBe(false);
    expect(c.passed).toBe(false);
  });

  it('fails a vote nobody took part in, and one with an empty roll', () => {
    expect(countVote('elect_committee', { areaHundredths: 10000, headcount: 1 }, []).passed).toBe(false);
    expect(countVote('elect_committee', { areaHundredths: 0, headcount: 0 }, []).passed).toBe(false);
  });

  it('stays exact on a large compound (no floating point drift)', () => {
    // 5,000 units of 89.37 m²: 3,334 take part (≥ 2/3), 2,501 of them approve (> 3/4 of 3,334 is 2,500.5).
    const total = { areaHundredths: 5000 * 8937, headcount: 5000 };
    const c = countVote('rebuild_or_alter', total, [...ballots(2501, 8937, 'for'), ...ballots(833, 8937, 'against')]);
    expect(c.participating.met).toBe(true);
    expect(c.approving.met).toBe(true);
    const d = countVote('rebuild_or_alter', total, [...ballots(2500, 8937, 'for'), ...ballots(834, 8937, 'against')]);
    expect(d.approving.met).toBe(false);
  });
});
