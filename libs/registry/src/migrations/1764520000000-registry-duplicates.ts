import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Likely duplicates among persons without an identity number: same name and birth date in one
 * community, flagged on registration for a reviewer, who merges them (the other person is marked
 * merged into the kept one) or keeps them apart. One flag per pair (a < b).
 */
export class RegistryDuplicates1764520000000 implements MigrationInterface {
  name = 'RegistryDuplicates1764520000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "registry".person ADD COLUMN merged_into uuid REFERENCES "registry".person (id)`);
    await q.query(`
      CREATE TABLE "registry".duplicate_flag (
        id uuid PRIMARY KEY,
        person_a uuid NOT NULL REFERENCES "registry".person (id),
        person_b uuid NOT NULL REFERENCES "registry".person (id),
        community text NOT NULL,
        street_code text NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','merged','kept_apart')),
        flagged_at timestamptz NOT NULL DEFAULT now(),
        kept_person_id uuid,
        decided_by text,
        decided_at timestamptz,
        CHECK (person_a < person_b),
        CONSTRAINT duplicate_pair UNIQUE (person_a, person_b)
      )`);
    await q.query(
      `CREATE INDEX duplicate_flag_community ON "registry".duplicate_flag (community text_pattern_ops, status, flagged_at)`,
    );
    await q.query(`CREATE INDEX person_community_name_birth ON "registry".person (name, birth_date)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "registry".person_community_name_birth`);
    await q.query(`DROP TABLE "registry".duplicate_flag`);
    await q.query(`ALTER TABLE "registry".person DROP COLUMN merged_into`);
  }
}
