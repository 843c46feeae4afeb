import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The outbox, inbox and dead-letter tables every service keeps in its own schema. Returned as a
 * migration class so each service runs it with its own migrations, in its own schema.
 */
export function platformTablesMigration(schema: string): new () => MigrationInterface {
  return class PlatformTables1763856000000 implements MigrationInterface {
    name = 'PlatformTables1763856000000';

    async up(q: QueryRunner): Promise<void> {
      await q.query(`
        CREATE TABLE "${schema}".outbox (
          id uuid PRIMARY KEY,
          subject text NOT NULL,
          type text NOT NULL,
          street text NOT NULL,
          envelope jsonb NOT NULL,
          created_at timestamptz NOT NULL DEFAULT now(),
          published_at timestamptz
        )`);
      await q.query(`CREATE INDEX outbox_pending ON "${schema}".outbox (id) WHERE published_at IS NULL`);
      await q.query(`CREATE INDEX outbox_published ON "${schema}".outbox (published_at) WHERE published_at IS NOT NULL`);
      await q.query(`
        CREATE TABLE "${schema}".inbox (
          event_id uuid PRIMARY KEY,
          type text NOT NULL,
          handled_at timestamptz NOT NULL DEFAULT now()
        )`);
      await q.query(`
        CREATE TABLE "${schema}".dead_letter (
          id uuid PRIMARY KEY,
          event_id uuid NOT NULL,
          type text NOT NULL,
          envelope jsonb NOT NULL,
          error text NOT NULL,
          attempts int NOT NULL,
          created_at timestamptz NOT NULL DEFAULT now(),
          replayed_at timestamptz
        )`);
      await q.query(`CREATE UNIQUE INDEX dead_letter_event ON "${schema}".dead_letter (event_id) WHERE replayed_at IS NULL`);
    }

    async down(q: QueryRunner): Promise<void> {
      await q.query(`DROP TABLE "${schema}".dead_letter`);
      await q.query(`DROP TABLE "${schema}".inbox`);
      await q.query(`DROP TABLE "${schema}".outbox`);
    }
  };
}

/**
 * Who wrote an outbox row: the relay instance that takes it in process at commit, or NULL for a
 * writer without one (a CLI). A relay's table passes leave another live instance's fresh rows to
 * that instance, so an event is published once.
 */
export function outboxWriterMigration(schema: string): new () => MigrationInterface {
  return class OutboxWriter1795392000000 implements MigrationInterface {
    name = 'OutboxWriter1795392000000';

    async up(q: QueryRunner): Promise<void> {
      await q.query(`ALTER TABLE "${schema}".outbox ADD COLUMN writer text`);
    }

    async down(q: QueryRunner): Promise<void> {
      await q.query(`ALTER TABLE "${schema}".outbox DROP COLUMN writer`);
    }
  };
}
