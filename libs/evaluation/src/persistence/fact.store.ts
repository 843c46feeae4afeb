import { Injectable } from '@nestjs/common';
import { Params } from '@gz/platform';
import type { EntityManager } from 'typeorm';
import { splitPeriod, type Period } from '../domain/days';

/** Sums of one unit's facts in a period: `measure|basis|facet` → published (before closing) and late (restatements). */
export type FactSums = Map<string, { published: bigint; late: bigint }>;
export type DurationRows = Map<string, Array<{ minutes: number; published: bigint; late: bigint }>>;

/** The days of a period as SQL over `grain` and `day`: whole months from the monthly rows, the ends from the daily ones. */
function periodFilter(period: Period, p: Params): string {
  const split = splitPeriod(period);
  const parts: string[] = [];
  if (split.months)
    parts.push(`(grain = 'month' AND day BETWEEN ${p.add(split.months.from)} AND ${p.add(split.months.to)})`);
  for (const d of split.days) parts.push(`(grain = 'day' AND day BETWEEN ${p.add(d.from)} AND ${p.add(d.to)})`);
  return `(${parts.join(' OR ')})`;
}

export interface UnitSelector {
  generation: number;
  unitKind: string;
  /** one unit, or every unit of the kind in a district */
  unit?: string;
  district?: string;
  street?: string;
}

function where(s: UnitSelector, period: Period, p: Params): string {
  const conds = [`generation = ${p.add(s.generation)}`, `unit_kind = ${p.add(s.unitKind)}`];
  if (s.unit !== undefined) conds.push(`unit = ${p.add(s.unit)}`);
  if (s.district !== undefined) conds.push(`district = ${p.add(s.district)}`);
  if (s.street !== undefined) conds.push(`street = ${p.add(s.street)}`);
  conds.push(periodFilter(period, p));
  return conds.join(' AND ');
}

/** Reads the facts (in the caller's snapshot, so every read of one answer sees the same projection). */
@Injectable()
export class FactStore {
  /**
   * The sums of the given figures (`measure|basis|facet`) per unit: one column each, read out of
   * the rows' measures, so a ranking sums a few keys of each row rather than expanding them all.
   * Every unit with a row in the period is there, also when none of the figures is.
   */
  async sums(
    m: EntityManager,
    s: UnitSelector,
    period: Period,
    keys: readonly string[],
  ): Promise<Map<string, FactSums>> {
    const p = new Params();
    const columns = keys.map((k, i) => `, sum((f.measures ->> ${p.add(k)})::numeric)::text AS v${i}`).join('');
    const rows: Array<Record<string, string | boolean | null>> = await m.query(
      `SELECT f.unit, f.late${columns} FROM "evaluation".fact f WHERE ${where(s, period, p)} GROUP BY f.unit, f.late`,
      p.values,
    );
    const out = new Map<string, FactSums>();
    for (const r of rows) {
      const unitKey = r.unit as string;
      let unit = out.get(unitKey);
      if (!unit) out.set(unitKey, (unit = new Map()));
      keys.forEach((key, i) => {
        const v = r[`v${i}`];
        if (v === null || v === undefined) return;
        const cell = unit.get(key) ?? { published: 0n, late: 0n };
        if (r.late) cell.late += BigInt(v as string);
        else cell.published += BigInt(v as string);
        unit.set(key, cell);
      });
    }
    return out;
  }

  async durations(
    m: EntityManager,
    s: UnitSelector,
    period: Period,
    measures: string[],
  ): Promise<Map<string, DurationRows>> {
    const out = new Map<string, DurationRows>();
    if (measures.length === 0) return out;
    const p = new Params();
    const rows: Array<{ unit: string; measure: string; minutes: number; late: boolean; n: string }> = await m.query(
      `SELECT unit, measure, minutes, late, sum(count)::text AS n FROM "evaluation".duration
        WHERE ${where(s, period, p)} AND measure = ANY(${p.add(measures)}::text[])
        GROUP BY unit, measure, minutes, late ORDER BY unit, measure, minutes`,
      p.values,
    );
    for (const r of rows) {
      let unit = out.get(r.unit);
      if (!unit) out.set(r.unit, (unit = new Map()));
      const list = unit.get(r.measure) ?? [];
      const last = list[list.length - 1];
      const cell = last && last.minutes === r.minutes ? last : { minutes: r.minutes, published: 0n, late: 0n };
      if (cell !== last) list.push(cell);
      if (r.late) cell.late += BigInt(r.n);
      else cell.published += BigInt(r.n);
      unit.set(r.measure, list);
    }
    return out;
  }

  /** The live generation and how far into the log it is, in the caller's snapshot. */
  async live(m: EntityManager): Promise<{ id: number; position: string }> {
    const [row] = await m.query(
      `SELECT id, position::text AS position FROM "evaluation".generation WHERE state = 'live'`,
    );
    return row;
  }

  /** Closed periods of a district overlapping a period, with the late facts waiting in them. */
  async closedOverlapping(m: EntityManager, generation: number, district: string, period: Period) {
    const rows: Array<{ label: string; from: string; to: string }> = await m.query(
      `SELECT label, to_char(from_day, 'YYYY-MM-DD') AS "from", to_char(to_day, 'YYYY-MM-DD') AS "to"
         FROM "evaluation".closed_period WHERE generation = $1 AND district = $2 AND from_day <= $4 AND to_day >= $3`,
      [generation, district, period.from, period.to],
    );
    return rows;
  }

  async closedPeriods(m: EntityManager, generation: number, district: string) {
    const rows: Array<{ label: string; from: string; to: string; late: string; closed_seq: string }> = await m.query(
      `SELECT c.label, to_char(c.from_day, 'YYYY-MM-DD') AS "from", to_char(c.to_day, 'YYYY-MM-DD') AS "to", c.closed_seq::text,
              (SELECT count(*) FROM "evaluation".fact f CROSS JOIN LATERAL jsonb_object_keys(f.measures) k
                WHERE f.generation = c.generation AND f.district = c.district AND f.late AND f.grain = 'day'
                  AND f.day BETWEEN c.from_day AND c.to_day AND k LIKE '%|*')::text AS late
         FROM "evaluation".closed_period c WHERE c.generation = $1 AND c.district = $2 ORDER BY c.from_day`,
      [generation, district],
    );
    return rows;
  }
}
