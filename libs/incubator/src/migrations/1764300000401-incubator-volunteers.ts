import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Volunteers (志愿服务): teams (of an organisation, or recording under a residents' committee),
 * volunteers with their basic data sealed and their consent on record, activities with a capacity
 * and a waiting list, sign-ups with check-in and check-out, the hours the organising team records
 * (never edited: a granted correction adds an entry that replaces the old one), corrections, and
 * the certificates issued (志愿服务记录证明), each with the exact text its code signs.
 */
export class IncubatorVolunteers1764300000401 implements MigrationInterface {
  name = 'IncubatorVolunteers1764300000401';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "incubator".volunteer_team (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        street_code text NOT NULL,
        community_path text NOT NULL,
        organisation_id uuid REFERENCES "incubator".organisation (id),
        organiser_ids uuid[] NOT NULL,
        purpose text,
        version int NOT NULL DEFAULT 1,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CONSTRAINT volunteer_team_name UNIQUE (street_code, name)
      )`);
    await q.query(`CREATE INDEX volunteer_team_path ON "incubator".volunteer_team (community_path text_pattern_ops)`);
    await q.query(`CREATE INDEX volunteer_team_organisers ON "incubator".volunteer_team USING gin (organiser_ids)`);
    await q.query(
      `CREATE INDEX volunteer_team_organisation ON "incubator".volunteer_team (organisation_id) WHERE organisation_id IS NOT NULL`,
    );

    // Name, phone and ID number sealed (AES-GCM, the record's id bound in), masked copies to answer with,
    // blind indexes to find a phone and to keep one record per ID number.
    await q.query(`
      CREATE TABLE "incubator".volunteer (
        id uuid PRIMARY KEY,
        name_sealed text NOT NULL,
        name_masked text NOT NULL,
        phone_sealed text NOT NULL,
        phone_masked text NOT NULL,
        phone_index text NOT NULL,
        id_number_sealed text,
        id_number_masked text,
        id_number_index text,
        street_code text NOT NULL,
        community_path text NOT NULL,
        user_id uuid,
        consent_at timestamptz NOT NULL,
        consent_method text NOT NULL CHECK (consent_method IN ('written','oral','online')),
        consent_note text,
        consent_recorded_by jsonb NOT NULL,
        version int NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CONSTRAINT volunteer_id_number UNIQUE (id_number_index),
        CONSTRAINT volunteer_user UNIQUE (user_id)
      )`);
    await q.query(`CREATE INDEX volunteer_path ON "incubator".volunteer (community_path text_pattern_ops)`);
    await q.query(`CREATE INDEX volunteer_phone ON "incubator".volunteer (phone_index)`);

    await q.query(`
      CREATE TABLE "incubator".volunteer_team_member (
        team_id uuid NOT NULL REFERENCES "incubator".volunteer_team (id),
        volunteer_id uuid NOT NULL REFERENCES "incubator".volunteer (id),
        joined_at timestamptz NOT NULL,
        added_by text NOT NULL,
        PRIMARY KEY (team_id, volunteer_id)
      )`);
    await q.query(`CREATE INDEX volunteer_team_member_volunteer ON "incubator".volunteer_team_member (volunteer_id)`);

    // confirmed/waiting are counted under the activity's row lock; the CHECK holds the capacity even so.
    await q.query(`
      CREATE TABLE "incubator".volunteer_activity (
        id uuid PRIMARY KEY,
        team_id uuid NOT NULL REFERENCES "incubator".volunteer_team (id),
        title text NOT NULL,
        content text NOT NULL,
        place text NOT NULL,
        street_code text NOT NULL,
        community_path text NOT NULL,
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        capacity int NOT NULL CHECK (capacity > 0),
        confirmed int NOT NULL DEFAULT 0,
        waiting int NOT NULL DEFAULT 0 CHECK (waiting >= 0),
        in_charge text NOT NULL,
        check_code text NOT NULL,
        hours_due_at timestamptz NOT NULL,
        created_by jsonb NOT NULL,
        created_at timestamptz NOT NULL,
        CONSTRAINT volunteer_activity_times CHECK (ends_at > starts_at),
        CONSTRAINT volunteer_activity_capacity CHECK (confirmed >= 0 AND confirmed <= capacity)
      )`);
    await q.query(
      `CREATE INDEX volunteer_activity_path ON "incubator".volunteer_activity (community_path text_pattern_ops, starts_at)`,
    );
    await q.query(`CREATE INDEX volunteer_activity_team ON "incubator".volunteer_activity (team_id, starts_at)`);

    // seq: the order of sign-ups, taken under the activity's lock, is the waiting list's order.
    await q.query(`
      CREATE TABLE "incubator".activity_sign_up (
        id uuid PRIMARY KEY,
        activity_id uuid NOT NULL REFERENCES "incubator".volunteer_activity (id),
        volunteer_id uuid NOT NULL REFERENCES "incubator".volunteer (id),
        status text NOT NULL CHECK (status IN ('confirmed','waiting','cancelled')),
        seq bigserial NOT NULL,
        signed_up_by jsonb NOT NULL,
        signed_up_at timestamptz NOT NULL,
        confirmed_at timestamptz,
        cancelled_at timestamptz,
        cancelled_by jsonb,
        checked_in_at timestamptz,
        checked_out_at timestamptz,
        code_failures int NOT NULL DEFAULT 0
      )`);
    await q.query(
      `CREATE UNIQUE INDEX activity_sign_up_once ON "incubator".activity_sign_up (activity_id, volunteer_id) WHERE status <> 'cancelled'`,
    );
    await q.query(`CREATE INDEX activity_sign_up_queue ON "incubator".activity_sign_up (activity_id, status, seq)`);
    await q.query(`CREATE INDEX activity_sign_up_volunteer ON "incubator".activity_sign_up (volunteer_id)`);

    await q.query(`
      CREATE TABLE "incubator".volunteer_hours_entry (
        id uuid PRIMARY KEY,
        activity_id uuid NOT NULL REFERENCES "incubator".volunteer_activity (id),
        volunteer_id uuid NOT NULL REFERENCES "incubator".volunteer (id),
        team_id uuid NOT NULL REFERENCES "incubator".volunteer_team (id),
        organisation_id uuid,
        street_code text NOT NULL,
        community_path text NOT NULL,
        served_on date NOT NULL,
        minutes int NOT NULL CHECK (minutes > 0 AND minutes <= 1440),
        late boolean NOT NULL,
        due_at timestamptz NOT NULL,
        status text NOT NULL CHECK (status IN ('current','superseded')),
        supersedes uuid REFERENCES "incubator".volunteer_hours_entry (id),
        superseded_by uuid,
        correction_id uuid,
        note text,
        recorded_by jsonb NOT NULL,
        recorded_at timestamptz NOT NULL
      )`);
    await q.query(
      `CREATE UNIQUE INDEX volunteer_hours_current ON "incubator".volunteer_hours_entry (activity_id, volunteer_id) WHERE status = 'current'`,
    );
    await q.query(
      `CREATE INDEX volunteer_hours_volunteer ON "incubator".volunteer_hours_entry (volunteer_id, served_on) WHERE status = 'current'`,
    );
    await q.query(
      `CREATE INDEX volunteer_hours_team ON "incubator".volunteer_hours_entry (team_id, served_on) WHERE status = 'current'`,
    );

    await q.query(`
      CREATE TABLE "incubator".volunteer_hours_correction (
        id uuid PRIMARY KEY,
        entry_id uuid NOT NULL REFERENCES "incubator".volunteer_hours_entry (id),
        activity_id uuid NOT NULL REFERENCES "incubator".volunteer_activity (id),
        team_id uuid NOT NULL REFERENCES "incubator".volunteer_team (id),
        volunteer_id uuid NOT NULL REFERENCES "incubator".volunteer (id),
        from_minutes int NOT NULL,
        minutes int NOT NULL CHECK (minutes > 0 AND minutes <= 1440),
        reason text NOT NULL,
        status text NOT NULL CHECK (status IN ('pending','granted','refused')),
        requested_by jsonb NOT NULL,
        requested_at timestamptz NOT NULL,
        decided_by jsonb,
        decided_at timestamptz,
        note text,
        new_entry_id uuid REFERENCES "incubator".volunteer_hours_entry (id)
      )`);
    await q.query(
      `CREATE UNIQUE INDEX volunteer_hours_correction_pending ON "incubator".volunteer_hours_correction (entry_id) WHERE status = 'pending'`,
    );
    await q.query(
      `CREATE INDEX volunteer_hours_correction_team ON "incubator".volunteer_hours_correction (team_id, status, requested_at)`,
    );
    await q.query(
      `CREATE INDEX volunteer_hours_correction_activity ON "incubator".volunteer_hours_correction (activity_id, requested_at)`,
    );

    // The statement is kept as the exact text its verification code signs (jsonb would reorder it).
    await q.query(`
      CREATE TABLE "incubator".volunteer_certificate (
        id uuid PRIMARY KEY,
        volunteer_id uuid NOT NULL REFERENCES "incubator".volunteer (id),
        team_id uuid REFERENCES "incubator".volunteer_team (id),
        street_code text NOT NULL,
        community_path text NOT NULL,
        from_day date,
        to_day date,
        minutes bigint NOT NULL,
        statement text NOT NULL,
        issued_by jsonb NOT NULL,
        issued_at timestamptz NOT NULL
      )`);
    await q.query(
      `CREATE INDEX volunteer_certificate_volunteer ON "incubator".volunteer_certificate (volunteer_id, issued_at)`,
    );
    await q.query(
      `CREATE INDEX volunteer_certificate_path ON "incubator".volunteer_certificate (community_path text_pattern_ops, issued_at)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "incubator".volunteer_certificate`);
    await q.query(`DROP TABLE "incubator".volunteer_hours_correction`);
    await q.query(`DROP TABLE "incubator".volunteer_hours_entry`);
    await q.query(`DROP TABLE "incubator".activity_sign_up`);
    await q.query(`DROP TABLE "incubator".volunteer_activity`);
    await q.query(`DROP TABLE "incubator".volunteer_team_member`);
    await q.query(`DROP TABLE "incubator".volunteer`);
    await q.query(`DROP TABLE "incubator".volunteer_team`);
  }
}
