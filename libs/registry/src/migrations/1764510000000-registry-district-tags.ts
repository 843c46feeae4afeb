import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Tags a district defines (code, Chinese name), carried by persons beside the seven built-in ones. */
export class RegistryDistrictTags1764510000000 implements MigrationInterface {
  name = 'RegistryDistrictTags1764510000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "registry".district_tag (
        district text NOT NULL,
        code text NOT NULL,
        name text NOT NULL,
        created_by text,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (district, code)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "registry".district_tag`);
  }
}
