import { MUST_VISIT_GROUPS, pathAtDepth, type CoverageRow, type StatisticsLevel } from '@gz/contracts';
import { todayInChina } from './dates';

/** The must-visit groups that are special-care tags (`floating` is a residence type instead). */
export const MUST_VISIT_TAGS: readonly string[] = MUST_VISIT_GROUPS.filter((g) => g !== 'floating');

export interface Quarter {
  /** `2026-Q4` */
  quarter: string;
  /** first day, YYYY-MM-DD (China calendar) */
  from: string;
  /** first day of the next quarter (exclusive) */
  to: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The quarter `2026-Q4` as its first day and the first day of the next one. */
export function parseQuarter(quarter: string): Quarter {
  const m = /^(\d{4})-Q([1-4])$/.exec(quarter);
  if (!m) throw new Error(`not a quarter: ${quarter}`);
  const year = Number(m[1]);
  const q = Number(m[2]);
  const from = `${year}-${pad((q - 1) * 3 + 1)}-01`;
  const to = q === 4 ? `${year + 1}-01-01` : `${year}-${pad(q * 3 + 1)}-01`;
  return { quarter, from, to };
}

/** The quarter a China calendar day (YYYY-MM-DD) lies in. */
export function quarterOf(day: string): Quarter {
  const year = Number(day.slice(0, 4));
  const month = Number(day.slice(5, 7));
  return parseQuarter(`${year}-Q${Math.floor((month - 1) / 3) + 1}`);
}

/** The asked quarter, or the current one in China. */
export function quarterOrCurrent(quarter: string | undefined, now: Date = new Date()): Quarter {
  return quarter ? parseQuarter(quarter) : quarterOf(todayInChina(now));
}

/** The instant a China calendar day starts (00:00 Asia/Shanghai, no daylight saving). */
export function chinaDayStart(day: string): Date {
  return new Date(`${day}T00:00:00+08:00`);
}

/** Number of path segments of each statistics level (district.street.community.grid). */
export const LEVEL_DEPTH: Record<StatisticsLevel, number> = { street: 2, community: 3, grid: 4 };

/** visited / mustVisit, 1 when nothing must be visited; rounded to 4 places. */
export function coverageRatio(mustVisit: number, visited: number): number {
  return mustVisit === 0 ? 1 : Math.round((visited / mustVisit) * 10000) / 10000;
}

/** One row of coverage: must-visit households and those visited. */
export function coverageRow(path: string, mustVisit: number, visited: number): CoverageRow {
  return { path, mustVisit, visited, notVisited: mustVisit - visited, coverage: coverageRatio(mustVisit, visited) };
}

/** Grid rows added up to the level with `depth` path segments, in path order. */
export function rollUp(grids: readonly CoverageRow[], depth: number): CoverageRow[] {
  const by = new Map<string, { mustVisit: number; visited: number }>();
  for (const g of grids) {
    const key = pathAtDepth(g.path, depth) ?? g.path;
    const acc = by.get(key) ?? { mustVisit: 0, visited: 0 };
    acc.mustVisit += g.mustVisit;
    acc.visited += g.visited;
    by.set(key, acc);
  }
  return [...by.entries()]
    .sort(([x], [y]) => x.localeCompare(y))
    .map(([path, v]) => coverageRow(path, v.mustVisit, v.visited));
}

/** The sum of one figure over coverage rows. */
export function sumOf(rows: readonly CoverageRow[], key: 'mustVisit' | 'visited'): number {
  return rows.reduce((n, r) => n + r[key], 0);
}
