import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The seven steps of deliberation (民情协商七步): one row per step of an accepted topic, each with
 * its owner, duty, deadline and record (定人、定责、定时、定效), the notice's times, and when it
 * was marked overdue (the overdue poller claims rows past their deadline with SKIP LOCKED). Meetings
 * of a topic's deliberate step with their attendees, minutes and positions; votes linked to a topic.
 */
export class CouncilsDeliberation1764200000400 implements MigrationInterface {
  name = 'CouncilsDeliberation1764200000400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "councils".deliberation_step (
        topic_id uuid NOT NULL REFERENCES "councils".topic (id),
        step text NOT NULL CHECK (step IN ('list','theme','notice','deliberate','plan','implement','evaluate')),
        ordinal int NOT NULL CHECK (ordinal BETWEEN 1 AND 7),
        compound_id uuid NOT NULL,
        street_code text NOT NULL,
        community_path text NOT NULL,
        owner_id text,
        duty text,
        deadline timestamptz,
        record text,
        notice jsonb,
        completed_at timestamptz,
        completed_by text,
        overdue_at timestamptz,
        version int NOT NULL DEFAULT 1,
        PRIMARY KEY (topic_id, step),
        UNIQUE (topic_id, ordinal)
      )`);
    await q.query(
      `CREATE INDEX deliberation_step_due ON "councils".deliberation_step (deadline)
         WHERE completed_at IS NULL AND overdue_at IS NULL AND deadline IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX deliberation_step_overdue ON "councils".deliberation_step (compound_id, deadline)
         WHERE completed_at IS NULL AND overdue_at IS NOT NULL`,
    );

    await q.query(`
      CREATE TABLE "councils".meeting (
        id uuid PRIMARY KEY,
        topic_id uuid NOT NULL REFERENCES "councils".topic (id),
        step text NOT NULL CHECK (step = 'deliberate'),
        kind text NOT NULL CHECK (kind IN ('party_masses_council','hearing','coordination','evaluation')),
        title text NOT NULL,
        held_at timestamptz NOT NULL,
        attendees jsonb NOT NULL,
        minutes_status text NOT NULL DEFAULT 'none' CHECK (minutes_status IN ('none','drafted','final')),
        minutes text,
        positions jsonb NOT NULL DEFAULT '[]',
        final_at timestamptz,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL,
        version int NOT NULL DEFAULT 1
      )`);
    await q.query(`CREATE INDEX meeting_topic ON "councils".meeting (topic_id, held_at)`);

    await q.query(`
      CREATE TABLE "councils".topic_vote (
        topic_id uuid NOT NULL REFERENCES "councils".topic (id),
        vote_id uuid NOT NULL REFERENCES "councils".vote (id),
        linked_by text NOT NULL,
        linked_at timestamptz NOT NULL,
        PRIMARY KEY (topic_id, vote_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "councils".topic_vote`);
    await q.query(`DROP TABLE "councils".meeting`);
    await q.query(`DROP TABLE "councils".deliberation_step`);
  }
}
