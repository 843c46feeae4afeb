import { isDeepStrictEqual } from 'node:util';
import { Injectable } from '@nestjs/common';
import { fastRead } from '@gz/platform';
import { DataSource, type EntityManager } from 'typeorm';
import type { IndicatorDef } from '../domain/indicators';
import type { SchemeDef } from '../domain/scoring';

export interface IndicatorRow {
  definition: IndicatorDef;
  defined_at: Date;
}

export interface SchemeRow {
  definition: SchemeDef;
  in_use: boolean;
  defined_at: Date;
}

/** Built-in indicators are stored under this district key (they are every district's). */
export const BUILTIN = '';

/** Indicator and scheme definitions: versioned rows, a version never rewritten once a scorecard used it. */
@Injectable()
export class DefinitionsStore {
  constructor(private readonly dataSource: DataSource) {}

  /** Stores the built-in definitions once (a changed built-in is a new version, never an edit). */
  async ensureBuiltins(defs: readonly IndicatorDef[], at: Date): Promise<Array<{ code: string; version: number }>> {
    const differing: Array<{ code: string; version: number }> = [];
    for (const d of defs) {
      const rows: Array<{ definition: IndicatorDef }> = await this.dataSource.query(
        `INSERT INTO "evaluation".indicator (code, version, district, definition, defined_by, defined_at)
         VALUES ($1, $2, $3, $4, 'built-in', $5)
         ON CONFLICT (district, code, version) DO UPDATE SET code = EXCLUDED.code RETURNING definition`,
        [d.code, d.version, BUILTIN, JSON.stringify(d), at],
      );
      // jsonb keeps its keys in its own order: compare as values, not as text
      if (!isDeepStrictEqual(rows[0].definition, JSON.parse(JSON.stringify(d))))
        differing.push({ code: d.code, version: d.version });
    }
    return differing;
  }

  /** Every indicator version a district may use: the built-in ones and its own. */
  async indicators(district: string): Promise<IndicatorRow[]> {
    return fastRead<IndicatorRow>(
      this.dataSource,
      `SELECT definition, defined_at FROM "evaluation".indicator WHERE district IN ('', $1) ORDER BY code, version`,
      [district],
    );
  }

  async addIndicator(def: IndicatorDef, by: string, at: Date): Promise<IndicatorRow> {
    return this.dataSource.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('gz-evaluation-indicator-' || $1))`, [
        `${def.district}.${def.code}`,
      ]);
      const [{ v }] = await m.query(
        `SELECT coalesce(max(version), 0) + 1 AS v FROM "evaluation".indicator WHERE code = $1 AND district IN ('', $2)`,
        [def.code, def.district],
      );
      const stored = { ...def, version: Number(v) };
      const [row] = await m.query(
        `INSERT INTO "evaluation".indicator (code, version, district, definition, defined_by, defined_at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING definition, defined_at`,
        [stored.code, stored.version, def.district, JSON.stringify(stored), by, at],
      );
      return row as IndicatorRow;
    });
  }

  async schemes(district: string, unitKind?: string): Promise<SchemeRow[]> {
    return fastRead<SchemeRow>(
      this.dataSource,
      `SELECT definition, in_use, defined_at FROM "evaluation".scheme
        WHERE district = $1 AND ($2::text IS NULL OR unit_kind = $2) ORDER BY code, version`,
      [district, unitKind ?? null],
    );
  }

  /** A version, or the latest when `version` is undefined. */
  async scheme(district: string, code: string, version?: number): Promise<SchemeRow | undefined> {
    const [row] = await fastRead<SchemeRow>(
      this.dataSource,
      `SELECT definition, in_use, defined_at FROM "evaluation".scheme
        WHERE district = $1 AND code = $2 AND ($3::int IS NULL OR version = $3) ORDER BY version DESC LIMIT 1`,
      [district, code, version ?? null],
    );
    return row;
  }

  /** Stores the scheme as its code's next version. */
  async addScheme(def: Omit<SchemeDef, 'version'>, by: string, at: Date): Promise<SchemeRow> {
    return this.dataSource.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('gz-evaluation-scheme-' || $1))`, [
        `${def.district}.${def.code}`,
      ]);
      const [{ v }] = await m.query(
        `SELECT coalesce(max(version), 0) + 1 AS v FROM "evaluation".scheme WHERE district = $1 AND code = $2`,
        [def.district, def.code],
      );
      const stored: SchemeDef = { ...def, version: Number(v) };
      const [row] = await m.query(
        `INSERT INTO "evaluation".scheme (district, code, version, unit_kind, definition, defined_by, defined_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING definition, in_use, defined_at`,
        [def.district, def.code, stored.version, def.unitKind, JSON.stringify(stored), by, at],
      );
      return row as SchemeRow;
    });
  }

  /** Rewrites a version not yet used by any scorecard; undefined when it is in use (or missing). */
  async reviseScheme(def: SchemeDef, by: string, at: Date): Promise<SchemeRow | undefined> {
    const [rows] = await this.dataSource.query(
      `UPDATE "evaluation".scheme SET definition = $4, unit_kind = $5, defined_by = $6, defined_at = $7
        WHERE district = $1 AND code = $2 AND version = $3 AND NOT in_use RETURNING definition, in_use, defined_at`,
      [def.district, def.code, def.version, JSON.stringify(def), def.unitKind, by, at],
    );
    return (rows as SchemeRow[])[0];
  }

  /** A scorecard used the version: from now on it cannot change. */
  async markInUse(m: EntityManager, district: string, code: string, version: number): Promise<void> {
    await m.query(
      `UPDATE "evaluation".scheme SET in_use = true WHERE district = $1 AND code = $2 AND version = $3 AND NOT in_use`,
      [district, code, version],
    );
  }
}
