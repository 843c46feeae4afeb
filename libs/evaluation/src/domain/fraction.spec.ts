import { frac, fromDecimal, shown } from './fraction';

describe('exact figures', () => {
  it('rounds half up only when shown: the seeds’ figures', () => {
    expect(shown(frac(987n * 100n, 1167n), 1)).toBe('84.6');
    expect(shown(frac(192_300n * 100n, 194_700n), 1)).toBe('98.8');
    expect(shown(frac(291n * 100n, 451n), 1)).toBe('64.5');
  });

  it('rounds a half away from zero, never to even', () => {
    expect(shown(frac(1, 8), 2)).toBe('0.13');
    expect(shown(frac(5, 2), 0)).toBe('3');
    expect(shown(frac(-5, 2), 0)).toBe('-3');
    expect(shown(frac(1, 3), 2)).toBe('0.33');
    expect(shown(frac(100), 1)).toBe('100.0');
  });

  it('reads decimals exactly', () => {
    expect(fromDecimal(0.1)).toEqual({ n: 1n, d: 10n });
    expect(fromDecimal(12.25)).toEqual({ n: 49n, d: 4n });
  });
});
