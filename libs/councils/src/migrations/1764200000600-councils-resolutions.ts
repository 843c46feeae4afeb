import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Resolutions of topics (what will be done, who implements it, by when), their tasks with
 * progress (a task sent to ticketing keeps its ticket and is done when the ticket ends), and the
 * notices of a compound's public board.
 */
export class CouncilsResolutions1764200000600 implements MigrationInterface {
  name = 'CouncilsResolutions1764200000600';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "councils".resolution (
        id uuid PRIMARY KEY,
        topic_id uuid NOT NULL UNIQUE REFERENCES "councils".topic (id),
        compound_id uuid NOT NULL REFERENCES "councils".compound (id),
        street_code text NOT NULL,
        community_path text NOT NULL,
        action text NOT NULL,
        implementer text NOT NULL,
        due_by timestamptz NOT NULL,
        published_by text NOT NULL,
        published_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX resolution_compound ON "councils".resolution (compound_id, published_at DESC)`);
    await q.query(`
      CREATE TABLE "councils".resolution_task (
        id uuid PRIMARY KEY,
        resolution_id uuid NOT NULL REFERENCES "councils".resolution (id),
        title text NOT NULL,
        place jsonb,
        state text NOT NULL CHECK (state IN ('open','ticketed','done')),
        progress smallint NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
        note text,
        ticket_id text UNIQUE,
        done_by text CHECK (done_by IN ('progress','ticket.closed','ticket.rejected','ticket.merged')),
        done_at timestamptz,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CHECK ((state = 'done') = (done_at IS NOT NULL)),
        CHECK ((state = 'ticketed') <= (ticket_id IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX resolution_task_resolution ON "councils".resolution_task (resolution_id, created_at)`);
    await q.query(`
      CREATE TABLE "councils".board_notice (
        id uuid PRIMARY KEY,
        compound_id uuid NOT NULL REFERENCES "councils".compound (id),
        title text NOT NULL,
        body text NOT NULL,
        posted_by text NOT NULL,
        posted_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX board_notice_compound ON "councils".board_notice (compound_id, posted_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "councils".board_notice`);
    await q.query(`DROP TABLE "councils".resolution_task`);
    await q.query(`DROP TABLE "councils".resolution`);
  }
}
