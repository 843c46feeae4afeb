import { Injectable } from '@nestjs/common';
import { fastRead } from '@gz/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { addMeasures, type BatchEffects, type FactRow, type Grain } from '../domain/batch';
import {
  ProjectionState,
  type AssignmentState,
  type ClosedRange,
  type TicketState,
  type TopicState,
} from '../domain/projection';

export interface GenerationRow {
  id: number;
  state: 'building' | 'live' | 'retired';
  position: string;
  started_at: Date;
}

const STATE_TABLES = { tickets: 'ticket_state', assignments: 'assignment_state', topics: 'topic_state' } as const;

/** The projection's tables, per generation: what the projector reads and writes (facts, durations, state, closed periods). */
@Injectable()
export class ProjectionStore {
  constructor(private readonly dataSource: DataSource) {}

  async generations(): Promise<GenerationRow[]> {
    return fastRead<GenerationRow>(
      this.dataSource,
      `SELECT id, state, position::text AS position, started_at FROM "evaluation".generation ORDER BY id`,
      [],
    );
  }

  /** The generation's row, locked for this pass; undefined when another instance is projecting it. */
  async lock(m: EntityManager, id: number): Promise<GenerationRow | undefined> {
    const [row] = await m.query(
      `SELECT id, state, position::text AS position, started_at FROM "evaluation".generation
        WHERE id = $1 AND state IN ('live', 'building') FOR UPDATE SKIP LOCKED`,
      [id],
    );
    return row;
  }

  async setPosition(m: EntityManager, id: number, position: string): Promise<void> {
    await m.query(`UPDATE "evaluation".generation SET position = $2 WHERE id = $1`, [id, position]);
  }

  /**
   * The state a batch reads: from `carried` (the batch before it, not committed yet) where it
   * has the key or knows the closed periods, else from the tables.
   */
  async loadState(
    m: EntityManager,
    generation: number,
    keys: { tickets: string[]; assignments: string[]; topics: string[] },
    carried?: ProjectionState,
  ): Promise<ProjectionState> {
    const closed: ClosedRange[] = carried
      ? carried.closed
      : await m.query(
          `SELECT district, label, to_char(from_day, 'YYYY-MM-DD') AS "from", to_char(to_day, 'YYYY-MM-DD') AS "to"
             FROM "evaluation".closed_period WHERE generation = $1 ORDER BY closed_seq`,
          [generation],
        );
    const state = new ProjectionState(closed);
    const load = async <T>(table: string, ids: string[], known: Map<string, T> | undefined, put: (s: T) => void) => {
      const missing: string[] = [];
      for (const id of ids) {
        const k = known?.get(id);
        if (k) put(k);
        else missing.push(id);
      }
      if (missing.length === 0) return;
      const rows: Array<{ state: T }> = await m.query(
        `SELECT state FROM "evaluation".${table} WHERE generation = $1 AND id = ANY($2::uuid[])`,
        [generation, missing],
      );
      for (const r of rows) put(r.state);
    };
    await load<TicketState>(STATE_TABLES.tickets, keys.tickets, carried?.tickets, (s) => state.tickets.set(s.id, s));
    await load<AssignmentState>(STATE_TABLES.assignments, keys.assignments, carried?.assignments, (s) =>
      state.assignments.set(s.id, s),
    );
    await load<TopicState>(STATE_TABLES.topics, keys.topics, carried?.topics, (s) => state.topics.set(s.id, s));
    return state;
  }

  /** Writes a batch's effects: state rows, summed facts and durations, then the periods it closed or reopened. */
  async write(
    m: EntityManager,
    generation: number,
    state: ProjectionState,
    effects: BatchEffects,
    closedSeq: string,
  ): Promise<void> {
    const saveState = async (table: string, rows: Array<{ id: string }>) => {
      if (rows.length === 0) return;
      await m.query(
        `INSERT INTO "evaluation".${table} (generation, id, state)
         SELECT $1, (s->>'id')::uuid, s FROM jsonb_array_elements($2::jsonb) s
         ON CONFLICT (generation, id) DO UPDATE SET state = EXCLUDED.state`,
        [generation, JSON.stringify(rows)],
      );
    };
    await saveState(
      STATE_TABLES.tickets,
      [...state.changed.tickets].map((id) => state.tickets.get(id) as TicketState),
    );
    await saveState(
      STATE_TABLES.assignments,
      [...state.changed.assignments].map((id) => state.assignments.get(id) as AssignmentState),
    );
    await saveState(
      STATE_TABLES.topics,
      [...state.changed.topics].map((id) => state.topics.get(id) as TopicState),
    );

    await this.mergeFacts(m, generation, [...effects.facts.values()]);
    const durations = [...effects.durations.values()];
    if (durations.length > 0)
      await m.query(
        `INSERT INTO "evaluation".duration (generation, unit_kind, unit, grain, day, measure, minutes, street, late, district, count)
         SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::date[], $6::text[], $7::int[], $8::text[], $9::boolean[],
                                  $10::text[], $11::bigint[])
         ON CONFLICT (generation, unit_kind, unit, grain, day, measure, minutes, street, late)
         DO UPDATE SET count = duration.count + EXCLUDED.count`,
        [
          generation,
          durations.map((f) => f.unitKind),
          durations.map((f) => f.unit),
          durations.map((f) => f.grain),
          durations.map((f) => f.day),
          durations.map((f) => f.measure),
          durations.map((f) => f.minutes),
          durations.map((f) => f.street),
          durations.map((f) => f.late),
          durations.map((f) => f.district),
          durations.map((f) => String(f.count)),
        ],
      );
    for (const c of effects.controls) {
      if (c.kind === 'close') await this.close(m, generation, c.range, closedSeq);
      else await this.reopen(m, generation, c.range);
    }
  }

  /**
   * Adds a batch's fact rows to the rows already there: read, summed here, written whole. One
   * projector holds a generation at a time (its row is locked), so nothing changes them between.
   */
  private async mergeFacts(m: EntityManager, generation: number, facts: FactRow[]): Promise<void> {
    if (facts.length === 0) return;
    const keyOf = (r: { k: string; u: string; g: string; d: string; s: string; l: boolean }) =>
      `${r.k}|${r.u}|${r.g}|${r.d}|${r.s}|${r.l}`;
    const rows = facts.map((f) => ({
      k: f.unitKind,
      u: f.unit,
      g: f.grain,
      d: f.day,
      s: f.street,
      l: f.late,
      di: f.district,
      m: f.measures,
    }));
    const existing: Array<{
      k: string;
      u: string;
      g: string;
      d: string;
      s: string;
      l: boolean;
      m: Record<string, number>;
    }> = await m.query(
      `SELECT f.unit_kind AS k, f.unit AS u, f.grain AS g, to_char(f.day, 'YYYY-MM-DD') AS d, f.street AS s, f.late AS l,
                f.measures AS m
           FROM jsonb_to_recordset($2::jsonb) AS r(k text, u text, g text, d date, s text, l boolean)
           JOIN "evaluation".fact f
             ON f.generation = $1 AND f.unit_kind = r.k AND f.unit = r.u AND f.grain = r.g AND f.day = r.d
            AND f.street = r.s AND f.late = r.l`,
      [generation, JSON.stringify(rows.map(({ k, u, g, d, s, l }) => ({ k, u, g, d, s, l })))],
    );
    const before = new Map(existing.map((e) => [keyOf(e), e.m]));
    // summed with what is there; a new row whose +1 and −1 cancel out is not written
    const written = rows
      .map((r) => ({ ...r, m: addMeasures(before.get(keyOf(r)) ?? {}, r.m) }))
      .filter((r) => before.has(keyOf(r)) || Object.keys(r.m).length > 0);
    if (written.length === 0) return;
    await m.query(
      `INSERT INTO "evaluation".fact (generation, unit_kind, unit, grain, day, street, late, district, measures)
       SELECT $1, r.k, r.u, r.g, r.d, r.s, r.l, r.di, r.m
         FROM jsonb_to_recordset($2::jsonb) AS r(k text, u text, g text, d date, s text, l boolean, di text, m jsonb)
       ON CONFLICT (generation, unit_kind, unit, grain, day, street, late) DO UPDATE SET measures = EXCLUDED.measures`,
      [generation, JSON.stringify(written)],
    );
  }

  private async close(m: EntityManager, generation: number, r: ClosedRange, seq: string): Promise<void> {
    await m.query(
      `INSERT INTO "evaluation".closed_period (generation, district, from_day, to_day, label, closed_seq)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
      [generation, r.district, r.from, r.to, r.label, seq],
    );
  }

  /** The restatements of a reopened period join its facts (periods close whole months, so the monthly rows move with their days). */
  private async reopen(m: EntityManager, generation: number, r: ClosedRange): Promise<void> {
    await m.query(
      `DELETE FROM "evaluation".closed_period WHERE generation = $1 AND district = $2 AND from_day = $3 AND to_day = $4`,
      [generation, r.district, r.from, r.to],
    );
    const moved: Array<{
      k: string;
      u: string;
      g: Grain;
      d: string;
      s: string;
      di: string;
      m: Record<string, number>;
    }> = await m.query(
      `WITH moved AS (
           DELETE FROM "evaluation".fact WHERE generation = $1 AND district = $2 AND late AND day BETWEEN $3 AND $4
           RETURNING unit_kind, unit, grain, day, street, district, measures)
         -- a SELECT, so the rows come back as rows (TypeORM answers a bare DELETE with [rows, count])
         SELECT unit_kind AS k, unit AS u, grain AS g, to_char(day, 'YYYY-MM-DD') AS d, street AS s, district AS di,
                measures AS m FROM moved`,
      [generation, r.district, r.from, r.to],
    );
    await this.mergeFacts(
      m,
      generation,
      moved.map((f) => ({
        grain: f.g,
        unitKind: f.k,
        unit: f.u,
        street: f.s,
        district: f.di,
        day: f.d,
        late: false,
        measures: f.m,
      })),
    );
    await m.query(
      `WITH moved AS (
         DELETE FROM "evaluation".duration WHERE generation = $1 AND district = $2 AND late AND day BETWEEN $3 AND $4 RETURNING *)
       INSERT INTO "evaluation".duration (generation, unit_kind, unit, grain, day, measure, minutes, street, late, district, count)
       SELECT generation, unit_kind, unit, grain, day, measure, minutes, street, false, district, sum(count) FROM moved
        GROUP BY generation, unit_kind, unit, grain, day, measure, minutes, street, district
       ON CONFLICT (generation, unit_kind, unit, grain, day, measure, minutes, street, late)
       DO UPDATE SET count = duration.count + EXCLUDED.count`,
      [generation, r.district, r.from, r.to],
    );
  }

  /** A new generation, built beside the live one; undefined when one is being built already. */
  async startGeneration(): Promise<GenerationRow | undefined> {
    return this.dataSource.transaction(async (m) => {
      await m.query(`LOCK TABLE "evaluation".generation IN SHARE ROW EXCLUSIVE MODE`);
      const [building] = await m.query(`SELECT 1 FROM "evaluation".generation WHERE state = 'building'`);
      if (building) return undefined;
      const [row] = await m.query(
        `INSERT INTO "evaluation".generation (id, state, position)
         SELECT coalesce(max(id), 0) + 1, 'building', 0 FROM "evaluation".generation
         RETURNING id, state, position::text AS position, started_at`,
      );
      return row as GenerationRow;
    });
  }

  /**
   * The rebuilt generation replaces the live one once it has applied at least as much of the log
   * (both locked, so neither moves meanwhile): readers switch from one complete projection to the other.
   */
  async swapIfCaughtUp(building: number, live: number): Promise<boolean> {
    return this.dataSource.transaction(async (m) => {
      const rows: Array<{ id: number; state: string; position: string }> = await m.query(
        `SELECT id, state, position::text AS position FROM "evaluation".generation WHERE id = ANY($1::int[]) ORDER BY id FOR UPDATE`,
        [[building, live]],
      );
      const b = rows.find((r) => r.id === building);
      const l = rows.find((r) => r.id === live);
      if (!b || !l || b.state !== 'building' || l.state !== 'live' || BigInt(b.position) < BigInt(l.position))
        return false;
      await m.query(`UPDATE "evaluation".generation SET state = 'retired' WHERE id = $1`, [live]);
      await m.query(`UPDATE "evaluation".generation SET state = 'live', live_since = now() WHERE id = $1`, [building]);
      return true;
    });
  }

  /** Drops a retired generation's rows (after a swap; readers no longer use them). */
  async dropRetired(): Promise<number> {
    const retired = await fastRead<{ id: number }>(
      this.dataSource,
      `SELECT id FROM "evaluation".generation WHERE state = 'retired'`,
      [],
    );
    for (const { id } of retired)
      await this.dataSource.transaction(async (m) => {
        for (const table of ['fact', 'duration', 'ticket_state', 'assignment_state', 'topic_state', 'closed_period'])
          await m.query(`DELETE FROM "evaluation".${table} WHERE generation = $1`, [id]);
        await m.query(`DELETE FROM "evaluation".generation WHERE id = $1`, [id]);
      });
    return retired.length;
  }
}
