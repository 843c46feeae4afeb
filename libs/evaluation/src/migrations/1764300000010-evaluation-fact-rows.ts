import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Facts as one row per unit and day (or month) holding every measure it has there
 * (`measure|basis|facet` → value), instead of a row per measure: a batch of events then writes a
 * few rows per unit rather than dozens, which is what lets a rebuild go through a year's log in
 * minutes. Facts and durations keep one index each, keyed kind, grain, day, unit. The projection
 * is derived from the log, so the old rows are not converted: every generation starts again from
 * the beginning of the log and the projector replays it.
 */
export class EvaluationFactRows1764300000010 implements MigrationInterface {
  name = 'EvaluationFactRows1764300000010';

  async up(q: QueryRunner): Promise<void> {
    await resetProjection(q);
    await q.query(`DROP TABLE "evaluation".fact`);
    // One index: the key's order serves both a ranking (every unit of a kind over a range of days)
    // and the projector's lookups of single rows. fillfactor: the live projection updates its day
    // and month rows in place (HOT updates).
    await q.query(`
      CREATE TABLE "evaluation".fact (
        generation int NOT NULL,
        unit_kind text NOT NULL,
        unit text NOT NULL,
        grain text NOT NULL CHECK (grain IN ('day', 'month')),
        day date NOT NULL,
        street text NOT NULL,
        late boolean NOT NULL,
        district text NOT NULL,
        measures jsonb NOT NULL,
        PRIMARY KEY (generation, unit_kind, grain, day, unit, street, late)
      ) WITH (fillfactor = 80)`);
    await q.query(`DROP INDEX "evaluation".duration_kind_district`);
    await q.query(`
      ALTER TABLE "evaluation".duration DROP CONSTRAINT duration_pkey,
        ADD PRIMARY KEY (generation, unit_kind, grain, day, unit, street, late, measure, minutes)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await resetProjection(q);
    await q.query(`DROP TABLE "evaluation".fact`);
    await q.query(`
      CREATE TABLE "evaluation".fact (
        generation int NOT NULL,
        unit_kind text NOT NULL,
        unit text NOT NULL,
        grain text NOT NULL CHECK (grain IN ('day', 'month')),
        day date NOT NULL,
        measure text NOT NULL,
        basis text NOT NULL,
        facet text NOT NULL,
        street text NOT NULL,
        late boolean NOT NULL,
        district text NOT NULL,
        value bigint NOT NULL,
        PRIMARY KEY (generation, unit_kind, unit, grain, day, measure, basis, facet, street, late)
      )`);
    await q.query(`CREATE INDEX fact_kind_district ON "evaluation".fact (generation, unit_kind, district, grain, day)`);
    await q.query(`
      ALTER TABLE "evaluation".duration DROP CONSTRAINT duration_pkey,
        ADD PRIMARY KEY (generation, unit_kind, unit, grain, day, measure, minutes, street, late)`);
    await q.query(
      `CREATE INDEX duration_kind_district ON "evaluation".duration (generation, unit_kind, district, grain, day)`,
    );
  }
}

/** Only the live generation is kept, at the start of the log, with nothing applied yet. */
async function resetProjection(q: QueryRunner): Promise<void> {
  for (const table of ['fact', 'duration', 'ticket_state', 'assignment_state', 'topic_state', 'closed_period'])
    await q.query(`DELETE FROM "evaluation".${table}`);
  await q.query(`DELETE FROM "evaluation".generation WHERE state <> 'live'`);
  await q.query(`UPDATE "evaluation".generation SET position = 0`);
}
