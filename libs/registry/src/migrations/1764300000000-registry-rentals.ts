import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rental houses: the let household with its landlord, the colour of its latest grading, and the
 * grading history (seven aspects 0–10 each), which is append-only: a new grading never
 * overwrites an old one.
 */
export class RegistryRentals1764300000000 implements MigrationInterface {
  name = 'RegistryRentals1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "registry".rental (
        household_id uuid PRIMARY KEY REFERENCES "registry".household (id),
        landlord_person_id uuid NOT NULL REFERENCES "registry".person (id),
        street_code text NOT NULL,
        path text NOT NULL,
        colour text CHECK (colour IN ('green','yellow','red')),
        total int,
        graded_at timestamptz,
        created_by text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX rental_path ON "registry".rental (path text_pattern_ops, colour)`);
    await q.query(`CREATE INDEX rental_landlord ON "registry".rental (landlord_person_id)`);

    const aspect = (name: string) => `${name} int NOT NULL CHECK (${name} BETWEEN 0 AND 10)`;
    await q.query(`
      CREATE TABLE "registry".rental_grade (
        id uuid PRIMARY KEY,
        household_id uuid NOT NULL REFERENCES "registry".rental (household_id),
        street_code text NOT NULL,
        path text NOT NULL,
        ${aspect('population_records')},
        ${aspect('hygiene')},
        ${aspect('fire_safety')},
        ${aspect('security')},
        ${aspect('neighbour_relations')},
        ${aspect('public_property')},
        ${aspect('family_planning')},
        total int NOT NULL CHECK (total BETWEEN 0 AND 70),
        colour text NOT NULL CHECK (colour IN ('green','yellow','red')),
        notes text,
        graded_by text NOT NULL,
        graded_by_name text,
        graded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX rental_grade_household ON "registry".rental_grade (household_id, graded_at DESC, id DESC)`,
    );
    await q.query(
      `CREATE TRIGGER rental_grade_append_only BEFORE UPDATE OR DELETE ON "registry".rental_grade FOR EACH ROW EXECUTE FUNCTION "registry".append_only()`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "registry".rental_grade`);
    await q.query(`DROP TABLE "registry".rental`);
  }
}
