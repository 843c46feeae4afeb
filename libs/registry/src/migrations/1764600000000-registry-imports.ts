import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Bulk imports: one row per import with its progress (processed / total) and its row-by-row report. */
export class RegistryImports1764600000000 implements MigrationInterface {
  name = 'RegistryImports1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "registry".import_job (
        id uuid PRIMARY KEY,
        file_name text NOT NULL,
        mode text NOT NULL CHECK (mode IN ('all-or-nothing','valid-rows')),
        status text NOT NULL DEFAULT 'running' CHECK (status IN ('running','done','rejected','failed')),
        total int NOT NULL DEFAULT 0,
        processed int NOT NULL DEFAULT 0,
        imported int NOT NULL DEFAULT 0,
        unchanged int NOT NULL DEFAULT 0,
        rejected int NOT NULL DEFAULT 0,
        buildings_created int NOT NULL DEFAULT 0,
        households_created int NOT NULL DEFAULT 0,
        problems jsonb NOT NULL DEFAULT '[]',
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz
      )`);
    await q.query(`CREATE INDEX import_job_created_by ON "registry".import_job (created_by, created_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "registry".import_job`);
  }
}
