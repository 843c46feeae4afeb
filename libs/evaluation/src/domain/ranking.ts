import { cmp, type Fraction } from './fraction';

export interface Scored<T> {
  unit: string;
  score: Fraction;
  item: T;
}

/** Competition ranking: higher scores first, equal scores share a rank, the next rank skips (1, 2, 2, 4); ties by unit for a stable order. */
export function rank<T>(units: ReadonlyArray<Scored<T>>): Array<Scored<T> & { rank: number }> {
  const sorted = [...units].sort((a, b) => cmp(b.score, a.score) || a.unit.localeCompare(b.unit));
  const out: Array<Scored<T> & { rank: number }> = [];
  sorted.forEach((u, i) => {
    const previous = out[i - 1];
    const r = previous && cmp(previous.score, u.score) === 0 ? previous.rank : i + 1;
    out.push({ ...u, rank: r });
  });
  return out;
}

/** The top N and the bottom N (red and black lists): by rank, a tie at the edge included whole. */
export function topAndBottom<T extends { rank: number; score: Fraction }>(
  ranked: readonly T[],
  n: number,
): { top: T[]; bottom: T[] } {
  if (ranked.length === 0) return { top: [], bottom: [] };
  const topEdge = ranked[Math.min(n, ranked.length) - 1];
  const top = ranked.filter((u) => u.rank <= topEdge.rank);
  const fromEnd = ranked[Math.max(0, ranked.length - n)];
  const bottom = ranked.filter((u) => cmp(u.score, fromEnd.score) <= 0).reverse();
  return { top, bottom };
}
