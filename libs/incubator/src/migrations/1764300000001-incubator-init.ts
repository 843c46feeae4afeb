import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The incubator schema, first part: community social organisations (社区社会组织) with the
 * communities they serve, and the audit of every full read of personal data the service keeps.
 */
export class IncubatorInit1764300000001 implements MigrationInterface {
  name = 'IncubatorInit1764300000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "incubator".organisation (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        legal_status text NOT NULL CHECK (legal_status IN ('registered','filed','informal')),
        credit_code text,
        street_code text NOT NULL,
        community_path text NOT NULL,
        fields text[] NOT NULL,
        org_path text,
        purpose text,
        version int NOT NULL DEFAULT 1,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CONSTRAINT organisation_name UNIQUE (street_code, name),
        CONSTRAINT organisation_credit_code UNIQUE (credit_code)
      )`);
    await q.query(`CREATE INDEX organisation_path ON "incubator".organisation (community_path text_pattern_ops)`);
    await q.query(`CREATE INDEX organisation_org_path ON "incubator".organisation (org_path) WHERE org_path IS NOT NULL`);

    await q.query(`
      CREATE TABLE "incubator".organisation_community (
        organisation_id uuid NOT NULL REFERENCES "incubator".organisation (id),
        community_path text NOT NULL,
        PRIMARY KEY (organisation_id, community_path)
      )`);
    await q.query(
      `CREATE INDEX organisation_community_path ON "incubator".organisation_community (community_path text_pattern_ops)`,
    );

    // Every full read of a sealed value (a contact's phone, a volunteer's ID number): who, what, why, when.
    await q.query(`
      CREATE TABLE "incubator".pii_access (
        id bigserial PRIMARY KEY,
        subject_kind text NOT NULL,
        subject_id uuid NOT NULL,
        field text NOT NULL,
        reason text NOT NULL,
        actor_id text NOT NULL,
        actor_name text,
        street_code text NOT NULL,
        at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX pii_access_subject ON "incubator".pii_access (subject_kind, subject_id, at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "incubator".pii_access`);
    await q.query(`DROP TABLE "incubator".organisation_community`);
    await q.query(`DROP TABLE "incubator".organisation`);
  }
}
