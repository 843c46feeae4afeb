import { Injectable } from '@nestjs/common';
import type { StatisticsLevel } from '@gz/contracts';
import { Params, withinScopes } from '@gz/platform';
import { DataSource } from 'typeorm';
import { LEVEL_DEPTH } from '../domain/visits';

/** How many of one kind at one place of the level. */
export interface CountRow {
  path: string;
  key: string;
  n: number;
}

/** SQL that cuts `column` (a grid path) down to the level: `d01.s01.c01.g01` → `d01.s01.c01` for communities. */
export function levelSql(column: string, level: StatisticsLevel): string {
  return `array_to_string((string_to_array(${column}, '.'))[1:${LEVEL_DEPTH[level]}], '.')`;
}

/** Counts grouped on the path cut down to a level (raw SQL: these scan many rows). */
@Injectable()
export class StatisticsStore {
  constructor(private readonly dataSource: DataSource) {}

  /** Present persons by residence type. */
  population(scopes: readonly string[], level: StatisticsLevel): Promise<CountRow[]> {
    return this.counts(
      (p) => `SELECT ${levelSql('p.path', level)} AS path, p.residence_type AS key, count(*)::int AS n
                FROM "registry".person p WHERE p.present AND ${withinScopes('p.path', scopes, p)} GROUP BY 1, 2`,
    );
  }

  /** Present persons per tag. */
  tags(scopes: readonly string[], level: StatisticsLevel): Promise<CountRow[]> {
    return this.counts(
      (p) => `SELECT ${levelSql('p.path', level)} AS path, t AS key, count(*)::int AS n
                FROM "registry".person p CROSS JOIN LATERAL unnest(p.tags) AS t
               WHERE p.present AND ${withinScopes('p.path', scopes, p)} GROUP BY 1, 2`,
    );
  }

  /** Rental houses by the colour of their latest grading (`ungraded` before any). */
  rentals(scopes: readonly string[], level: StatisticsLevel): Promise<CountRow[]> {
    return this.counts(
      (p) => `SELECT ${levelSql('r.path', level)} AS path, COALESCE(r.colour, 'ungraded') AS key, count(*)::int AS n
                FROM "registry".rental r WHERE ${withinScopes('r.path', scopes, p)} GROUP BY 1, 2`,
    );
  }

  private counts(sql: (p: Params) => string): Promise<CountRow[]> {
    const p = new Params();
    const text = sql(p);
    return this.dataSource.query(text, p.values);
  }
}
