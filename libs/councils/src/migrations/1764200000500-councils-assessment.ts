import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Property-company assessment: ratings of a compound's property company per quarter (one per
 * resident, one by the council, on five aspects 1–5), the fee collection each quarter (fen), and
 * the weights each district scores with.
 */
export class CouncilsAssessment1764200000500 implements MigrationInterface {
  name = 'CouncilsAssessment1764200000500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "councils".property_rating (
        id uuid PRIMARY KEY,
        compound_id uuid NOT NULL REFERENCES "councils".compound (id),
        street_code text NOT NULL,
        community_path text NOT NULL,
        property_company_path text NOT NULL,
        period text NOT NULL CHECK (period ~ '^[0-9]{4}-Q[1-4]$'),
        rater_kind text NOT NULL CHECK (rater_kind IN ('resident','council')),
        rater_key text NOT NULL,
        cleaning smallint NOT NULL CHECK (cleaning BETWEEN 1 AND 5),
        security smallint NOT NULL CHECK (security BETWEEN 1 AND 5),
        greening smallint NOT NULL CHECK (greening BETWEEN 1 AND 5),
        repairs smallint NOT NULL CHECK (repairs BETWEEN 1 AND 5),
        service smallint NOT NULL CHECK (service BETWEEN 1 AND 5),
        comment text,
        rated_by text NOT NULL,
        rated_at timestamptz NOT NULL,
        CONSTRAINT property_rating_once UNIQUE (compound_id, period, rater_kind, rater_key)
      )`);
    await q.query(`CREATE INDEX property_rating_company ON "councils".property_rating (property_company_path, period)`);
    await q.query(`
      CREATE TABLE "councils".fee_collection (
        compound_id uuid NOT NULL REFERENCES "councils".compound (id),
        period text NOT NULL CHECK (period ~ '^[0-9]{4}-Q[1-4]$'),
        street_code text NOT NULL,
        community_path text NOT NULL,
        property_company_path text NOT NULL,
        due_fen bigint NOT NULL CHECK (due_fen > 0),
        collected_fen bigint NOT NULL CHECK (collected_fen >= 0 AND collected_fen <= due_fen),
        reported_by text NOT NULL,
        reported_at timestamptz NOT NULL,
        PRIMARY KEY (compound_id, period)
      )`);
    await q.query(`CREATE INDEX fee_collection_company ON "councils".fee_collection (property_company_path, period)`);
    await q.query(`
      CREATE TABLE "councils".assessment_weights (
        district text PRIMARY KEY,
        weights jsonb NOT NULL,
        updated_by text NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "councils".assessment_weights`);
    await q.query(`DROP TABLE "councils".fee_collection`);
    await q.query(`DROP TABLE "councils".property_rating`);
  }
}
