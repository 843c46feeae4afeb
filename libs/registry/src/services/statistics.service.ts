import { Injectable } from '@nestjs/common';
import {
  CARE_TAGS,
  RENTAL_COLOURS,
  RESIDENCE_TYPES,
  type Actor,
  type StatisticsQuery,
  type StatisticsRow,
  type StatisticsView,
} from '@gz/contracts';
import { effectiveScopes } from '../domain/access';
import { requireReader } from '../domain/actors';
import { coverageRow, LEVEL_DEPTH, quarterOrCurrent, rollUp } from '../domain/visits';
import { StatisticsStore } from '../persistence/statistics.store';
import { VisitStore } from '../persistence/visit.store';

/**
 * Figures per grid, community or street within the caller's scope: population by residence type,
 * persons per special-care tag, rental houses by colour, and must-visit coverage of the quarter.
 */
@Injectable()
export class StatisticsService {
  constructor(
    private readonly counts: StatisticsStore,
    private readonly visits: VisitStore,
  ) {}

  async statistics(query: StatisticsQuery, actor: Actor | undefined): Promise<StatisticsView> {
    const a = requireReader(actor);
    const level = query.level ?? 'grid';
    const quarter = quarterOrCurrent(query.quarter);
    const scopes = effectiveScopes(a.scopes, query.within);
    const [population, tags, rentals, grids] = await Promise.all([
      this.counts.population(scopes, level),
      this.counts.tags(scopes, level),
      this.counts.rentals(scopes, level),
      this.visits.coverageByGrid(scopes, quarter),
    ]);
    const coverage = new Map(rollUp(grids, LEVEL_DEPTH[level]).map((c) => [c.path, c]));
    const rows = new Map<string, StatisticsRow>();
    const row = (path: string): StatisticsRow => {
      let r = rows.get(path);
      if (!r) {
        r = {
          path,
          population: Object.fromEntries([...RESIDENCE_TYPES, 'total'].map((k) => [k, 0])),
          tags: Object.fromEntries(CARE_TAGS.map((k) => [k, 0])),
          rentals: Object.fromEntries([...RENTAL_COLOURS, 'ungraded'].map((k) => [k, 0])),
          visits: coverage.get(path) ?? coverageRow(path, 0, 0),
        };
        rows.set(path, r);
      }
      return r;
    };
    for (const c of population) {
      const r = row(c.path);
      r.population[c.key] = c.n;
      r.population.total += c.n;
    }
    for (const c of tags) row(c.path).tags[c.key] = c.n;
    for (const c of rentals) row(c.path).rentals[c.key] = c.n;
    for (const path of coverage.keys()) row(path);
    return { level, quarter: quarter.quarter, rows: [...rows.values()].sort((x, y) => x.path.localeCompare(y.path)) };
  }
}
