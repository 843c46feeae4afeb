import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Visits to the six must-visit groups: a yearly plan per staff member (target, default 100
 * households) and the visit records (who, when, household, notes, photo references). Visit
 * records are append-only.
 */
export class RegistryVisits1764200000000 implements MigrationInterface {
  name = 'RegistryVisits1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "registry".visit_plan (
        id uuid PRIMARY KEY,
        staff_id text NOT NULL,
        staff_name text,
        year int NOT NULL CHECK (year BETWEEN 2000 AND 2100),
        target int NOT NULL DEFAULT 100 CHECK (target > 0),
        street_code text NOT NULL,
        path text NOT NULL,
        created_by text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT visit_plan_staff_year UNIQUE (staff_id, year)
      )`);
    await q.query(`CREATE INDEX visit_plan_path ON "registry".visit_plan (path text_pattern_ops, year)`);

    await q.query(`
      CREATE TABLE "registry".visit (
        id uuid PRIMARY KEY,
        household_id uuid NOT NULL REFERENCES "registry".household (id),
        street_code text NOT NULL,
        path text NOT NULL,
        visitor_id text NOT NULL,
        visitor_name text,
        visited_at timestamptz NOT NULL,
        notes text NOT NULL,
        photos text[] NOT NULL DEFAULT '{}',
        groups text[] NOT NULL DEFAULT '{}',
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX visit_household ON "registry".visit (household_id, visited_at DESC)`);
    await q.query(`CREATE INDEX visit_path ON "registry".visit (path text_pattern_ops, visited_at)`);
    await q.query(`CREATE INDEX visit_visitor ON "registry".visit (visitor_id, visited_at)`);
    await q.query(
      `CREATE TRIGGER visit_append_only BEFORE UPDATE OR DELETE ON "registry".visit FOR EACH ROW EXECUTE FUNCTION "registry".append_only()`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "registry".visit`);
    await q.query(`DROP TABLE "registry".visit_plan`);
  }
}
