import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The public-opinion ledger (民情账本): each ticket's community, and who follows which request. */
export class TicketingLedger1764400000000 implements MigrationInterface {
  name = 'TicketingLedger1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE "ticketing".ticket ADD COLUMN community_path text GENERATED ALWAYS AS
        (split_part(grid_path, '.', 1) || '.' || split_part(grid_path, '.', 2) || '.' || split_part(grid_path, '.', 3)) STORED`);
    await q.query(
      `CREATE INDEX ticket_requests_by_community ON "ticketing".ticket (community_path text_pattern_ops, reported_at)
        WHERE source IN ('resident','hotline_12345')`,
    );
    await q.query(`
      CREATE TABLE "ticketing".ledger_claim (
        id uuid PRIMARY KEY,
        ticket_id uuid NOT NULL REFERENCES "ticketing".ticket (id),
        claimer_id text NOT NULL,
        claimer_kind text NOT NULL,
        claimer_name text,
        note text,
        claimed_at timestamptz NOT NULL,
        released_at timestamptz
      )`);
    await q.query(
      `CREATE UNIQUE INDEX ledger_claim_active ON "ticketing".ledger_claim (ticket_id, claimer_id) WHERE released_at IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "ticketing".ledger_claim`);
    await q.query(`DROP INDEX "ticketing".ticket_requests_by_community`);
    await q.query(`ALTER TABLE "ticketing".ticket DROP COLUMN community_path`);
  }
}
