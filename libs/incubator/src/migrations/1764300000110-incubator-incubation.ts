import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Incubation (孵化): the parks (孵化园, 孵化基地), each organisation's incubation in one with its
 * stages (applied → admitted → incubating → assessed → graduated, or left) and the history of
 * every stage entered, the first review's deadline, mentoring records and third-party capacity
 * assessments scored on fixed dimensions.
 */
export class IncubatorIncubation1764300000110 implements MigrationInterface {
  name = 'IncubatorIncubation1764300000110';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "incubator".park (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        path text NOT NULL,
        street_code text NOT NULL,
        operator text NOT NULL,
        address text,
        created_by_id text NOT NULL,
        created_by_name text,
        created_at timestamptz NOT NULL,
        CONSTRAINT park_name UNIQUE (street_code, name)
      )`);
    await q.query(`CREATE INDEX park_path ON "incubator".park (path text_pattern_ops)`);

    await q.query(`
      CREATE TABLE "incubator".incubation (
        id uuid PRIMARY KEY,
        park_id uuid NOT NULL REFERENCES "incubator".park (id),
        organisation_id uuid NOT NULL REFERENCES "incubator".organisation (id),
        stage text NOT NULL CHECK (stage IN ('applied','admitted','incubating','assessed','graduated','left')),
        street_code text NOT NULL,
        park_path text NOT NULL,
        applied_at timestamptz NOT NULL,
        first_review_due_at timestamptz NOT NULL,
        first_reviewed_at timestamptz,
        left_reason text CHECK (left_reason IN ('not_admitted','withdrew','dissolved','moved_away','breach','assessment_failed','other')),
        version int NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CHECK ((stage = 'left') = (left_reason IS NOT NULL)),
        CHECK ((stage = 'applied') = (first_reviewed_at IS NULL))
      )`);
    // One incubation at a time per organisation: it may apply again once it graduated or left.
    await q.query(
      `CREATE UNIQUE INDEX incubation_active ON "incubator".incubation (organisation_id) WHERE stage NOT IN ('graduated','left')`,
    );
    await q.query(`CREATE INDEX incubation_park ON "incubator".incubation (park_id, stage)`);
    await q.query(`CREATE INDEX incubation_park_path ON "incubator".incubation (park_path text_pattern_ops)`);
    await q.query(
      `CREATE INDEX incubation_first_review ON "incubator".incubation (first_review_due_at) WHERE stage = 'applied'`,
    );

    await q.query(`
      CREATE TABLE "incubator".incubation_stage (
        id bigserial PRIMARY KEY,
        incubation_id uuid NOT NULL REFERENCES "incubator".incubation (id),
        stage text NOT NULL,
        from_stage text,
        reason text,
        note text,
        by_id text NOT NULL,
        by_name text,
        at timestamptz NOT NULL,
        CONSTRAINT incubation_stage_once UNIQUE (incubation_id, stage)
      )`);

    await q.query(`
      CREATE TABLE "incubator".incubation_mentoring (
        id uuid PRIMARY KEY,
        incubation_id uuid NOT NULL REFERENCES "incubator".incubation (id),
        held_on date NOT NULL,
        mentor text NOT NULL,
        mentor_organisation text,
        topic text NOT NULL,
        notes text,
        recorded_by_id text NOT NULL,
        recorded_by_name text,
        recorded_at timestamptz NOT NULL
      )`);
    await q.query(
      `CREATE INDEX incubation_mentoring_of ON "incubator".incubation_mentoring (incubation_id, held_on, id)`,
    );

    await q.query(`
      CREATE TABLE "incubator".capacity_assessment (
        id uuid PRIMARY KEY,
        incubation_id uuid NOT NULL REFERENCES "incubator".incubation (id),
        status text NOT NULL CHECK (status IN ('named','submitted')),
        assessor_user_id uuid,
        assessor_name text NOT NULL,
        assessor_organisation text NOT NULL,
        total int CHECK (total BETWEEN 0 AND 500),
        assessed_on date,
        summary text,
        named_by_id text NOT NULL,
        named_by_name text,
        named_at timestamptz NOT NULL,
        submitted_by_id text,
        submitted_by_name text,
        submitted_at timestamptz,
        CHECK ((status = 'submitted') = (total IS NOT NULL AND submitted_at IS NOT NULL AND assessed_on IS NOT NULL))
      )`);
    await q.query(
      `CREATE INDEX capacity_assessment_of ON "incubator".capacity_assessment (incubation_id, named_at, id)`,
    );
    await q.query(
      `CREATE INDEX capacity_assessment_assessor ON "incubator".capacity_assessment (assessor_user_id, named_at) WHERE assessor_user_id IS NOT NULL`,
    );

    await q.query(`
      CREATE TABLE "incubator".capacity_score (
        assessment_id uuid NOT NULL REFERENCES "incubator".capacity_assessment (id),
        dimension text NOT NULL CHECK (dimension IN ('governance','finances','projects','volunteers','communityTies')),
        score int NOT NULL CHECK (score BETWEEN 0 AND 100),
        PRIMARY KEY (assessment_id, dimension)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "incubator".capacity_score`);
    await q.query(`DROP TABLE "incubator".capacity_assessment`);
    await q.query(`DROP TABLE "incubator".incubation_mentoring`);
    await q.query(`DROP TABLE "incubator".incubation_stage`);
    await q.query(`DROP TABLE "incubator".incubation`);
    await q.query(`DROP TABLE "incubator".park`);
  }
}
