import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Life-event reminders (the "life tree"): rules (age in years, optional tag, title) per district
 * or `*` for the defaults of every district, disabled per district through `disabled_in`; and the
 * reminders the poller produces, at most one per person and rule (unique), so a reminder is never
 * produced twice, whatever the number of instances or restarts.
 */
export class RegistryReminders1764500000000 implements MigrationInterface {
  name = 'RegistryReminders1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "registry".reminder_rule (
        id uuid PRIMARY KEY,
        district text NOT NULL,
        title text NOT NULL,
        age_years int NOT NULL CHECK (age_years BETWEEN 0 AND 130),
        tag text,
        since date NOT NULL,
        disabled_in text[] NOT NULL DEFAULT '{}',
        created_by text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    const today = `(now() AT TIME ZONE 'Asia/Shanghai')::date`;
    for (const [id, title, age] of [
      ['6a0c1f7e-0000-4000-8000-000000000080', '年满80周岁：高龄津贴申领', 80],
      ['6a0c1f7e-0000-4000-8000-000000000006', '适龄儿童满6周岁：入学登记', 6],
      ['6a0c1f7e-0000-4000-8000-000000000060', '年满60周岁：老年人照护登记', 60],
    ] as const) {
      await q.query(
        `INSERT INTO "registry".reminder_rule (id, district, title, age_years, since, created_by) VALUES ($1, '*', $2, $3, ${today}, 'migration')`,
        [id, title, age],
      );
    }
    await q.query(`
      CREATE TABLE "registry".reminder (
        id uuid PRIMARY KEY,
        rule_id uuid NOT NULL REFERENCES "registry".reminder_rule (id),
        person_id uuid NOT NULL REFERENCES "registry".person (id),
        street_code text NOT NULL,
        path text NOT NULL,
        title text NOT NULL,
        due_on date NOT NULL,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open','done')),
        created_at timestamptz NOT NULL DEFAULT now(),
        done_by text,
        done_by_name text,
        done_at timestamptz,
        note text,
        CONSTRAINT reminder_once UNIQUE (person_id, rule_id),
        CHECK ((status = 'done') = (done_at IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX reminder_path ON "registry".reminder (path text_pattern_ops, status, due_on)`);
    await q.query(`CREATE INDEX person_birth_date ON "registry".person (birth_date)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "registry".person_birth_date`);
    await q.query(`DROP TABLE "registry".reminder`);
    await q.query(`DROP TABLE "registry".reminder_rule`);
  }
}
