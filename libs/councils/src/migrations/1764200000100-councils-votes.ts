import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Owners' votes (Civil Code art. 278): votes whose opening and closing are rows with a due time
 * (claimed with SKIP LOCKED), the electorate snapshot taken at the opening, ballots (one per
 * elector per vote, whatever the channel), corrections of entered paper ballots, and the building
 * convenors (楼栋长) a community assigns to enter paper ballots.
 */
export class CouncilsVotes1764200000100 implements MigrationInterface {
  name = 'CouncilsVotes1764200000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "councils".vote (
        id uuid PRIMARY KEY,
        compound_id uuid NOT NULL REFERENCES "councils".compound (id),
        street_code text NOT NULL,
        community_path text NOT NULL,
        matter text NOT NULL CHECK (matter IN ('rules_of_procedure','management_statute','elect_committee',
          'hire_dismiss_property_company','use_maintenance_funds','raise_maintenance_funds','rebuild_or_alter',
          'change_common_use_or_business','other_major_matter')),
        title text NOT NULL,
        description text,
        status text NOT NULL CHECK (status IN ('scheduled','open','closed')),
        opens_at timestamptz NOT NULL,
        closes_at timestamptz NOT NULL CHECK (closes_at > opens_at),
        opened_at timestamptz,
        closed_at timestamptz,
        total_area bigint,
        total_headcount int,
        result jsonb,
        version int NOT NULL DEFAULT 1,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX vote_compound ON "councils".vote (compound_id, created_at)`);
    await q.query(`CREATE INDEX vote_due_open ON "councils".vote (opens_at) WHERE status = 'scheduled'`);
    await q.query(`CREATE INDEX vote_due_close ON "councils".vote (closes_at) WHERE status = 'open'`);

    await q.query(`
      CREATE TABLE "councils".vote_elector (
        vote_id uuid NOT NULL REFERENCES "councils".vote (id),
        elector_key text NOT NULL,
        owner_ids uuid[] NOT NULL,
        unit_ids uuid[] NOT NULL,
        building_ids uuid[] NOT NULL,
        units text[] NOT NULL,
        area bigint NOT NULL CHECK (area >= 0),
        PRIMARY KEY (vote_id, elector_key)
      )`);
    await q.query(`
      CREATE TABLE "councils".vote_elector_owner (
        vote_id uuid NOT NULL,
        owner_id uuid NOT NULL,
        elector_key text NOT NULL,
        PRIMARY KEY (vote_id, owner_id, elector_key),
        FOREIGN KEY (vote_id, elector_key) REFERENCES "councils".vote_elector (vote_id, elector_key)
      )`);

    await q.query(`
      CREATE TABLE "councils".ballot (
        id uuid PRIMARY KEY,
        vote_id uuid NOT NULL,
        elector_key text NOT NULL,
        owner_id uuid,
        choice text NOT NULL CHECK (choice IN ('for','against','abstain')),
        channel text NOT NULL CHECK (channel IN ('online','paper','meeting')),
        area bigint NOT NULL,
        photo_id text,
        cast_by text NOT NULL,
        cast_at timestamptz NOT NULL,
        idempotency_key text,
        version int NOT NULL DEFAULT 1,
        CONSTRAINT ballot_one_per_elector UNIQUE (vote_id, elector_key),
        FOREIGN KEY (vote_id, elector_key) REFERENCES "councils".vote_elector (vote_id, elector_key)
      )`);
    await q.query(`CREATE INDEX ballot_count ON "councils".ballot (vote_id) INCLUDE (choice, area)`);
    await q.query(
      `CREATE UNIQUE INDEX ballot_idempotency ON "councils".ballot (vote_id, cast_by, idempotency_key) WHERE idempotency_key IS NOT NULL`,
    );

    await q.query(`
      CREATE TABLE "councils".ballot_correction (
        id uuid PRIMARY KEY,
        ballot_id uuid NOT NULL REFERENCES "councils".ballot (id),
        from_choice text NOT NULL,
        to_choice text NOT NULL,
        from_photo_id text,
        to_photo_id text,
        reason text NOT NULL,
        by text NOT NULL,
        at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX ballot_correction_ballot ON "councils".ballot_correction (ballot_id, at)`);

    await q.query(`
      CREATE TABLE "councils".convenor (
        id uuid PRIMARY KEY,
        compound_id uuid NOT NULL REFERENCES "councils".compound (id),
        user_id uuid NOT NULL,
        building_id uuid REFERENCES "councils".building (id),
        assigned_by text NOT NULL,
        assigned_at timestamptz NOT NULL
      )`);
    await q.query(
      `CREATE UNIQUE INDEX convenor_once ON "councils".convenor (compound_id, user_id, coalesce(building_id, '00000000-0000-0000-0000-000000000000'::uuid))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['convenor', 'ballot_correction', 'ballot', 'vote_elector_owner', 'vote_elector', 'vote'])
      await q.query(`DROP TABLE IF EXISTS "councils".${t}`);
  }
}
