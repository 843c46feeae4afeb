import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Organisations' records: the documents they keep (章程, 登记证书, 备案回执, assessment reports),
 * every change of legal status with the document it rests on, their civil-affairs assessment
 * grades (1A–5A, valid five years) and their contacts, whose phones are sealed (only the masked
 * form and a blind index are readable).
 */
export class IncubatorOrganisationRecords1764300000100 implements MigrationInterface {
  name = 'IncubatorOrganisationRecords1764300000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "incubator".organisation_document (
        id uuid PRIMARY KEY,
        organisation_id uuid NOT NULL REFERENCES "incubator".organisation (id),
        kind text NOT NULL CHECK (kind IN ('charter','registration_certificate','filing_receipt','assessment_report','other')),
        title text NOT NULL,
        reference text NOT NULL,
        issued_on date NOT NULL,
        added_by_id text NOT NULL,
        added_by_name text,
        added_at timestamptz NOT NULL
      )`);
    await q.query(
      `CREATE INDEX organisation_document_of ON "incubator".organisation_document (organisation_id, issued_on, id)`,
    );

    await q.query(`
      CREATE TABLE "incubator".organisation_status_change (
        id uuid PRIMARY KEY,
        organisation_id uuid NOT NULL REFERENCES "incubator".organisation (id),
        from_status text NOT NULL CHECK (from_status IN ('registered','filed','informal')),
        to_status text NOT NULL CHECK (to_status IN ('registered','filed','informal')),
        credit_code text,
        document_id uuid NOT NULL REFERENCES "incubator".organisation_document (id),
        note text,
        by_id text NOT NULL,
        by_name text,
        at timestamptz NOT NULL
      )`);
    await q.query(
      `CREATE INDEX organisation_status_change_of ON "incubator".organisation_status_change (organisation_id, at, id)`,
    );

    await q.query(`
      CREATE TABLE "incubator".organisation_grade (
        id uuid PRIMARY KEY,
        organisation_id uuid NOT NULL REFERENCES "incubator".organisation (id),
        grade text NOT NULL CHECK (grade IN ('1A','2A','3A','4A','5A')),
        assessed_on date NOT NULL,
        valid_until date NOT NULL CHECK (valid_until > assessed_on),
        reference text,
        by_id text NOT NULL,
        by_name text,
        at timestamptz NOT NULL,
        CONSTRAINT organisation_grade_day UNIQUE (organisation_id, assessed_on)
      )`);

    await q.query(`
      CREATE TABLE "incubator".organisation_contact (
        id uuid PRIMARY KEY,
        organisation_id uuid NOT NULL REFERENCES "incubator".organisation (id),
        name text NOT NULL,
        role text NOT NULL,
        phone_sealed text NOT NULL,
        phone_masked text NOT NULL,
        phone_index text NOT NULL,
        added_by_id text NOT NULL,
        added_by_name text,
        added_at timestamptz NOT NULL,
        CONSTRAINT organisation_contact_phone UNIQUE (organisation_id, phone_index)
      )`);

    // The audit of full reads is listed by street, newest first.
    await q.query(`CREATE INDEX pii_access_street ON "incubator".pii_access (street_code, at DESC, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "incubator".pii_access_street`);
    await q.query(`DROP TABLE "incubator".organisation_contact`);
    await q.query(`DROP TABLE "incubator".organisation_grade`);
    await q.query(`DROP TABLE "incubator".organisation_status_change`);
    await q.query(`DROP TABLE "incubator".organisation_document`);
  }
}
