/**
 * Exact arithmetic for figures and points: every value is a fraction of integers (bigint), and
 * only `shown` rounds, half up, for display. Nothing in evaluation computes with floats.
 */
export interface Fraction {
  n: bigint;
  d: bigint;
}

function gcd(a: bigint, b: bigint): bigint {
  a = a < 0n ? -a : a;
  b = b < 0n ? -b : b;
  while (b) [a, b] = [b, a % b];
  return a;
}

export function frac(n: bigint | number, d: bigint | number = 1n): Fraction {
  let nn = BigInt(n);
  let dd = BigInt(d);
  if (dd === 0n) throw new Error('zero denominator');
  if (dd < 0n) [nn, dd] = [-nn, -dd];
  const g = gcd(nn, dd) || 1n;
  return { n: nn / g, d: dd / g };
}

/** A decimal written with up to a few places (`95`, `0.5`, `12.25`), exactly. */
export function fromDecimal(value: number): Fraction {
  const text = String(value);
  if (!/^-?\d+(\.\d+)?$/.test(text)) throw new Error(`not a plain decimal: ${text}`);
  const [int, dec = ''] = text.split('.');
  return frac(BigInt(int + dec), 10n ** BigInt(dec.length));
}

export const ZERO = frac(0);
export const add = (a: Fraction, b: Fraction) => frac(a.n * b.d + b.n * a.d, a.d * b.d);
export const sub = (a: Fraction, b: Fraction) => frac(a.n * b.d - b.n * a.d, a.d * b.d);
export const mul = (a: Fraction, b: Fraction) => frac(a.n * b.n, a.d * b.d);
export const div = (a: Fraction, b: Fraction) => frac(a.n * b.d, a.d * b.n);
export const cmp = (a: Fraction, b: Fraction) => {
  const l = a.n * b.d;
  const r = b.n * a.d;
  return l < r ? -1 : l > r ? 1 : 0;
};
export const min = (a: Fraction, b: Fraction) => (cmp(a, b) <= 0 ? a : b);
export const max = (a: Fraction, b: Fraction) => (cmp(a, b) >= 0 ? a : b);

/** The value rounded half up (away from zero at .5) to `decimals` places, as text (`84.6`, `100.0`). */
export function shown(f: Fraction, decimals: number): string {
  const scale = 10n ** BigInt(decimals);
  const neg = f.n < 0n;
  const n = neg ? -f.n : f.n;
  // half up: floor(n * scale / d + 1/2) = floor((2 n scale + d) / 2d)
  const rounded = (2n * n * scale + f.d) / (2n * f.d);
  const int = rounded / scale;
  const rest = rounded % scale;
  const body = decimals > 0 ? `${int}.${rest.toString().padStart(decimals, '0')}` : `${int}`;
  return neg && rounded !== 0n ? `-${body}` : body;
}
