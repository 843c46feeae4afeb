import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Venture-philanthropy rounds (公益创投): rounds with their budget, call, eligibility and criteria;
 * applications with budget lines and a milestone plan; the review panel, its conflicts of interest
 * and recusal requests; score sheets; the milestones of funded projects.
 */
export class IncubatorRounds1764300000200 implements MigrationInterface {
  name = 'IncubatorRounds1764300000200';

  async up(q: QueryRunner): Promise<void> {
    // remaining_fen is what awards take, in one conditional UPDATE: the CHECK makes an award over
    // the budget impossible even for a statement that forgot its condition.
    await q.query(`
      CREATE TABLE "incubator".round (
        id uuid PRIMARY KEY,
        street_code text NOT NULL,
        place_path text NOT NULL,
        title text NOT NULL,
        call_text text NOT NULL,
        track text NOT NULL CHECK (track IN ('standard','small_grants')),
        status text NOT NULL CHECK (status IN ('draft','open','reviewing','awarded','closed')),
        budget_fen bigint NOT NULL CHECK (budget_fen > 0),
        remaining_fen bigint NOT NULL,
        award_cap_fen bigint CHECK (award_cap_fen > 0),
        min_sheets int NOT NULL CHECK (min_sheets BETWEEN 1 AND 15),
        eligible_statuses text[] NOT NULL,
        eligible_fields text[] NOT NULL,
        eligible_communities text[] NOT NULL,
        criteria jsonb NOT NULL,
        opens_at timestamptz NOT NULL,
        closes_at timestamptz NOT NULL,
        review_by timestamptz NOT NULL,
        opened_at timestamptz,
        call_closed_at timestamptz,
        review_closed_at timestamptz,
        closed_at timestamptz,
        version int NOT NULL DEFAULT 1,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CONSTRAINT round_within_budget CHECK (remaining_fen >= 0 AND remaining_fen <= budget_fen)
      )`);
    await q.query(`CREATE INDEX round_place ON "incubator".round (place_path text_pattern_ops, created_at)`);

    // sheets and score_sum: the counted score sheets (none of a conflicted reviewer) and their scores
    // added up, recounted under the row's lock by every write of a sheet or a conflict; the ranking
    // reads them instead of aggregating every sheet on every read.
    await q.query(`
      CREATE TABLE "incubator".round_application (
        id uuid PRIMARY KEY,
        round_id uuid NOT NULL REFERENCES "incubator".round (id),
        organisation_id uuid NOT NULL REFERENCES "incubator".organisation (id),
        street_code text NOT NULL,
        community_path text NOT NULL,
        title text NOT NULL,
        summary text NOT NULL,
        target_group text NOT NULL,
        amount_fen bigint NOT NULL CHECK (amount_fen > 0),
        budget_lines jsonb NOT NULL,
        milestone_plan jsonb NOT NULL,
        status text NOT NULL CHECK (status IN ('submitted','awarded')),
        submitted_by text NOT NULL,
        submitted_at timestamptz NOT NULL,
        awarded_fen bigint CHECK (awarded_fen > 0),
        awarded_by text,
        awarded_at timestamptz,
        project_status text CHECK (project_status IN ('running','stopped','completed')),
        disbursed_fen bigint NOT NULL DEFAULT 0,
        sheets int NOT NULL DEFAULT 0,
        score_sum bigint NOT NULL DEFAULT 0,
        midterm_outcome text CHECK (midterm_outcome IN ('pass','fail')),
        midterm_findings text,
        midterm_by text,
        midterm_at timestamptz,
        final_score int CHECK (final_score BETWEEN 0 AND 100),
        final_grade text,
        final_findings text,
        final_by text,
        final_at timestamptz,
        version int NOT NULL DEFAULT 1,
        updated_at timestamptz NOT NULL,
        CONSTRAINT round_application_one_per_organisation UNIQUE (round_id, organisation_id),
        CONSTRAINT round_application_paid_within_award CHECK (disbursed_fen <= coalesce(awarded_fen, 0))
      )`);
    await q.query(`CREATE INDEX round_application_round ON "incubator".round_application (round_id, submitted_at, id)`);
    await q.query(
      `CREATE INDEX round_application_community ON "incubator".round_application (community_path text_pattern_ops)`,
    );
    await q.query(`CREATE INDEX round_application_organisation ON "incubator".round_application (organisation_id)`);

    await q.query(`
      CREATE TABLE "incubator".round_reviewer (
        round_id uuid NOT NULL REFERENCES "incubator".round (id),
        user_id text NOT NULL,
        name text NOT NULL,
        added_by text NOT NULL,
        added_at timestamptz NOT NULL,
        PRIMARY KEY (round_id, user_id)
      )`);
    await q.query(`CREATE INDEX round_reviewer_user ON "incubator".round_reviewer (user_id)`);

    // A conflict hides the application from its reviewer in every read (a NOT EXISTS on this key).
    await q.query(`
      CREATE TABLE "incubator".round_conflict (
        application_id uuid NOT NULL REFERENCES "incubator".round_application (id),
        reviewer_id text NOT NULL,
        round_id uuid NOT NULL REFERENCES "incubator".round (id),
        kind text NOT NULL CHECK (kind IN ('interest','former_post','recusal')),
        source text NOT NULL CHECK (source IN ('declared','recusal')),
        left_on date,
        note text,
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL,
        PRIMARY KEY (application_id, reviewer_id)
      )`);
    await q.query(`CREATE INDEX round_conflict_round ON "incubator".round_conflict (round_id, reviewer_id)`);

    await q.query(`
      CREATE TABLE "incubator".round_recusal (
        id uuid PRIMARY KEY,
        round_id uuid NOT NULL REFERENCES "incubator".round (id),
        application_id uuid NOT NULL REFERENCES "incubator".round_application (id),
        reviewer_id text NOT NULL,
        reason text NOT NULL,
        status text NOT NULL CHECK (status IN ('requested','granted','declined')),
        requested_by text NOT NULL,
        requested_at timestamptz NOT NULL,
        decided_by text,
        decided_at timestamptz,
        note text,
        CONSTRAINT round_recusal_once UNIQUE (application_id, reviewer_id)
      )`);
    await q.query(`CREATE INDEX round_recusal_round ON "incubator".round_recusal (round_id, requested_at)`);

    // score_h: the sheet's weighted score in hundredths of a point on 0–100, exact integers.
    await q.query(`
      CREATE TABLE "incubator".round_score_sheet (
        id uuid PRIMARY KEY,
        round_id uuid NOT NULL REFERENCES "incubator".round (id),
        application_id uuid NOT NULL REFERENCES "incubator".round_application (id),
        reviewer_id text NOT NULL,
        marks jsonb NOT NULL,
        score_h int NOT NULL CHECK (score_h BETWEEN 0 AND 10000),
        applicable_weight int NOT NULL CHECK (applicable_weight BETWEEN 1 AND 100),
        comment text,
        version int NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CONSTRAINT round_score_sheet_one_per_reviewer UNIQUE (application_id, reviewer_id)
      )`);
    await q.query(`CREATE INDEX round_score_sheet_round ON "incubator".round_score_sheet (round_id, application_id)`);

    await q.query(`
      CREATE TABLE "incubator".milestone (
        id uuid PRIMARY KEY,
        application_id uuid NOT NULL REFERENCES "incubator".round_application (id),
        round_id uuid NOT NULL REFERENCES "incubator".round (id),
        position int NOT NULL CHECK (position >= 1),
        title text NOT NULL,
        due_on date NOT NULL,
        share_bp int NOT NULL CHECK (share_bp BETWEEN 1 AND 10000),
        amount_fen bigint NOT NULL CHECK (amount_fen >= 0),
        status text NOT NULL CHECK (status IN ('planned','reported','returned','accepted','disbursed')),
        report text,
        reported_by text,
        reported_at timestamptz,
        decision_note text,
        decided_by text,
        decided_at timestamptz,
        voucher text,
        disbursed_by text,
        disbursed_at timestamptz,
        version int NOT NULL DEFAULT 1,
        CONSTRAINT milestone_position UNIQUE (application_id, position)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "incubator".milestone`);
    await q.query(`DROP TABLE "incubator".round_score_sheet`);
    await q.query(`DROP TABLE "incubator".round_recusal`);
    await q.query(`DROP TABLE "incubator".round_conflict`);
    await q.query(`DROP TABLE "incubator".round_reviewer`);
    await q.query(`DROP TABLE "incubator".round_application`);
    await q.query(`DROP TABLE "incubator".round`);
  }
}
