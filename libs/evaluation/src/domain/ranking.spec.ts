import { frac } from './fraction';
import { rank, topAndBottom } from './ranking';

const u = (unit: string, n: number) => ({ unit, score: frac(n), item: null });

describe('rankings', () => {
  it('lets equal scores share a rank and skips the next (1, 2, 2, 4)', () => {
    const r = rank([u('c', 80), u('a', 90), u('d', 70), u('b', 80)]);
    expect(r.map((x) => [x.unit, x.rank])).toEqual([
      ['a', 1],
      ['b', 2],
      ['c', 2],
      ['d', 4],
    ]);
  });

  it('takes the top and bottom N, a tie at the edge whole', () => {
    const r = rank([u('a', 90), u('b', 80), u('c', 80), u('d', 70), u('e', 60)]);
    const { top, bottom } = topAndBottom(r, 2);
    expect(top.map((x) => x.unit)).toEqual(['a', 'b', 'c']);
    expect(bottom.map((x) => x.unit)).toEqual(['e', 'd']);
  });
});
