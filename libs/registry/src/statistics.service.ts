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
import { DataSource } from 'typeorm';
import { requireReader } from './actors';
import { effectiveScopes, scopeSql } from './domain/access';
import { LEVEL_DEPTH, levelSql, quarterOrCurrent } from './domain/visits';
import { Params } from './sql';
import { coverageRow, rollUp, VisitsService } from './visits.service';

interface CountRow {
  path: string;
  key: string;
  n: number;
}

/**
 * Figures per grid, community or street within the caller's scope (raw SQL, grouped on the
 * path cut down to the level): population by residence type, persons per special-care tag,
 * rental houses by colour, and must-visit coverage of the quarter.
 */
@Injectable()
export class StatisticsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly visits: VisitsService,
  ) {}

  async statistics(query: StatisticsQuery, actor: Actor | undefined): Promise<StatisticsView> {
    const a = requireReader(actor);
    const level = query.level ?? 'grid';
    const quarter = quarterOrCurrent(query.quarter);
    const scopes = effectiveScopes(a.scopes, query.within);
    const counts = (sql: (p: Params) => string): Promise<CountRow[]> => {
      const p = new Params();
      const text = sql(p);
      return this.dataSource.query(text, p.values);
    };
    const [population, tags, rentals, grids] = await Promise.all([
      counts(
        (p) => `SELECT ${levelSql('p.path', level)} AS path, p.residence_type AS key, count(*)::int AS n
                  FROM "registry".person p WHERE p.present AND ${scopeSql('p.path', scopes, p.add)} GROUP BY 1, 2`,
      ),
      counts(
        (p) => `SELECT ${levelSql('p.path', level)} AS path, t AS key, count(*)::int AS n
                  FROM "registry".person p CROSS JOIN LATERAL unnest(p.tags) AS t
                 WHERE p.present AND ${scopeSql('p.path', scopes, p.add)} GROUP BY 1, 2`,
      ),
      counts(
        (p) => `SELECT ${levelSql('r.path', level)} AS path, COALESCE(r.colour, 'ungraded') AS key, count(*)::int AS n
                  FROM "registry".rental r WHERE ${scopeSql('r.path', scopes, p.add)} GROUP BY 1, 2`,
      ),
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
