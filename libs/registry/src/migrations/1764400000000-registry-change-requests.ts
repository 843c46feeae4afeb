import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sensitive fields and change requests: a district lists the person fields a grid worker may not
 * change directly; such a change waits as a request (the requested values encrypted, a masked
 * preview of before / after) that a community secretary approves (applied, into the change
 * history) or rejects with a reason.
 */
export class RegistryChangeRequests1764400000000 implements MigrationInterface {
  name = 'RegistryChangeRequests1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "registry".sensitive_field (
        district text NOT NULL,
        field text NOT NULL,
        updated_by text,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (district, field)
      )`);
    await q.query(`
      CREATE TABLE "registry".change_request (
        id uuid PRIMARY KEY,
        person_id uuid NOT NULL REFERENCES "registry".person (id),
        street_code text NOT NULL,
        path text NOT NULL,
        fields text[] NOT NULL,
        preview jsonb NOT NULL,
        values_cipher text NOT NULL,
        values_key_id text NOT NULL,
        person_version int NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','approved','rejected')),
        requested_by text NOT NULL,
        requested_by_name text,
        requested_at timestamptz NOT NULL DEFAULT now(),
        decided_by text,
        decided_by_name text,
        decided_at timestamptz,
        reason text,
        CHECK ((status = 'pending') = (decided_at IS NULL)),
        CHECK (status <> 'rejected' OR reason IS NOT NULL)
      )`);
    await q.query(
      `CREATE INDEX change_request_path ON "registry".change_request (path text_pattern_ops, status, requested_at)`,
    );
    await q.query(`CREATE INDEX change_request_person ON "registry".change_request (person_id, requested_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "registry".change_request`);
    await q.query(`DROP TABLE "registry".sensitive_field`);
  }
}
