import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Topics from below (议题): submitted by a compound's residents or its agenda collectors (议题收集员)
 * with photos, triaged by the council (accepted with a class and its deadlines, merged into another
 * topic, or declined with a reason; "not ours" forwards a ticket to ticketing), and their history.
 */
export class CouncilsTopics1764200000300 implements MigrationInterface {
  name = 'CouncilsTopics1764200000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "councils".topic (
        id uuid PRIMARY KEY,
        compound_id uuid NOT NULL REFERENCES "councils".compound (id),
        street_code text NOT NULL,
        community_path text NOT NULL,
        title text NOT NULL,
        description text NOT NULL,
        photos text[] NOT NULL DEFAULT '{}',
        channel text NOT NULL CHECK (channel IN ('resident','collector')),
        submitted_by text NOT NULL,
        submitted_for text,
        state text NOT NULL CHECK (state IN ('submitted','accepted','merged','declined','resolved')),
        topic_class text CHECK (topic_class IN ('major_matter','hard_case','urgent','worry','minor')),
        urgent boolean NOT NULL DEFAULT false,
        deliberate_by timestamptz,
        resolve_by timestamptz,
        merged_into uuid REFERENCES "councils".topic (id),
        decline_reason text CHECK (decline_reason IN ('duplicate','not_ours','already_done','other')),
        decline_note text,
        ticket_id text,
        triaged_by text,
        triaged_at timestamptz,
        resolved_at timestamptz,
        version int NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CHECK ((state = 'accepted' OR state = 'resolved') = (topic_class IS NOT NULL)),
        CHECK ((state = 'merged') = (merged_into IS NOT NULL)),
        CHECK ((state = 'declined') = (decline_reason IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX topic_compound ON "councils".topic (compound_id, urgent DESC, created_at DESC)`);
    await q.query(`CREATE INDEX topic_submitter ON "councils".topic (submitted_by, created_at DESC)`);
    await q.query(`CREATE INDEX topic_path ON "councils".topic (community_path text_pattern_ops)`);

    await q.query(`
      CREATE TABLE "councils".topic_history (
        id bigserial PRIMARY KEY,
        topic_id uuid NOT NULL REFERENCES "councils".topic (id),
        kind text NOT NULL,
        state text NOT NULL,
        detail jsonb NOT NULL DEFAULT '{}',
        by_id text NOT NULL,
        at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX topic_history_topic ON "councils".topic_history (topic_id, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "councils".topic_history`);
    await q.query(`DROP TABLE "councils".topic`);
  }
}
