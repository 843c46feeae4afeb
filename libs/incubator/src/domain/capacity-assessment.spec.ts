import { capacityTotal, scoreRows, scoresOf } from './capacity-assessment';

const scores = { governance: 80, finances: 65, projects: 90, volunteers: 70, communityTies: 85 };

describe('capacity assessment', () => {
  it('totals the five dimensions', () => {
    expect(capacityTotal(scores)).toBe(390);
    expect(capacityTotal({ governance: 0, finances: 0, projects: 0, volunteers: 0, communityTies: 0 })).toBe(0);
    expect(capacityTotal({ governance: 100, finances: 100, projects: 100, volunteers: 100, communityTies: 100 })).toBe(
      500,
    );
  });

  it('stores a row per dimension and reads them back whole only', () => {
    const rows = scoreRows(scores);
    expect(rows.map((r) => r.dimension)).toEqual(['governance', 'finances', 'projects', 'volunteers', 'communityTies']);
    expect(scoresOf([...rows].reverse())).toEqual(scores);
    expect(scoresOf(rows.slice(1))).toBeUndefined();
  });
});
