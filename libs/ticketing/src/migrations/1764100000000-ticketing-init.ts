import type { MigrationInterface, QueryRunner } from 'typeorm';
import { FIRST_NATIONAL_CATALOGUE } from '../domain/catalogue';

/** The ticketing schema: the category catalogue (seeded with the national set), tickets, their timeline, idempotency keys. */
export class TicketingInit1764100000000 implements MigrationInterface {
  name = 'TicketingInit1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "ticketing".category (
        code text PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('component','event')),
        major_code text NOT NULL,
        major_name text NOT NULL,
        name text NOT NULL,
        ack_minutes int NOT NULL CHECK (ack_minutes > 0),
        handle_minutes int NOT NULL CHECK (handle_minutes > 0),
        severity text NOT NULL CHECK (severity IN ('low','normal','high','urgent')),
        grid_closable boolean NOT NULL,
        district text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    const values: unknown[] = [];
    const rows = FIRST_NATIONAL_CATALOGUE.map((c, i) => {
      values.push(
        c.code,
        c.kind,
        c.majorCode,
        c.majorName,
        c.name,
        c.ackMinutes,
        c.handleMinutes,
        c.severity,
        c.gridClosable,
      );
      const b = i * 9;
      return `($${b + 1},$${b + 2},$${b + 3},$${b + 4},$${b + 5},$${b + 6},$${b + 7},$${b + 8},$${b + 9})`;
    });
    await q.query(
      `INSERT INTO "ticketing".category (code, kind, major_code, major_name, name, ack_minutes, handle_minutes, severity, grid_closable)
       VALUES ${rows.join(',')}`,
      values,
    );

    await q.query(`
      CREATE TABLE "ticketing".ticket (
        id uuid PRIMARY KEY,
        street_code text NOT NULL,
        grid_path text NOT NULL,
        building text,
        address text,
        lat double precision,
        lng double precision,
        category_code text NOT NULL REFERENCES "ticketing".category (code),
        category_name text NOT NULL,
        category_kind text NOT NULL,
        severity text NOT NULL,
        grid_closable boolean NOT NULL,
        ack_minutes int NOT NULL,
        handle_minutes int NOT NULL,
        source text NOT NULL,
        description text NOT NULL,
        informant text,
        external_ref text,
        photos text[] NOT NULL DEFAULT '{}',
        reporter_id text NOT NULL,
        reporter_kind text NOT NULL,
        reporter_name text,
        state text NOT NULL CHECK (state IN ('reported','opened','rejected','merged','dispatched','acknowledged','handled','checked','closed','reopened','rated')),
        version int NOT NULL DEFAULT 1,
        departments jsonb NOT NULL DEFAULT '[]'::jsonb,
        department_paths text[] NOT NULL DEFAULT '{}',
        merged_into uuid REFERENCES "ticketing".ticket (id),
        reject_reason text,
        result text,
        escalation_level int NOT NULL DEFAULT 0,
        rating int CHECK (rating BETWEEN 1 AND 5),
        rating_comment text,
        rated_by text,
        reported_at timestamptz NOT NULL,
        opened_at timestamptz,
        dispatched_at timestamptz,
        acknowledged_at timestamptz,
        handled_at timestamptz,
        checked_at timestamptz,
        closed_at timestamptz,
        rated_at timestamptz,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX ticket_grid_path ON "ticketing".ticket (grid_path text_pattern_ops)`);
    await q.query(`CREATE INDEX ticket_street_state ON "ticketing".ticket (street_code, state)`);
    await q.query(`CREATE INDEX ticket_departments ON "ticketing".ticket USING gin (department_paths)`);
    await q.query(`CREATE INDEX ticket_reporter ON "ticketing".ticket (reporter_id)`);
    await q.query(
      `CREATE INDEX ticket_open_by_category ON "ticketing".ticket (category_code, reported_at)
        WHERE state NOT IN ('rejected','merged','closed','rated')`,
    );

    await q.query(`
      CREATE TABLE "ticketing".ticket_event (
        id uuid PRIMARY KEY,
        ticket_id uuid NOT NULL REFERENCES "ticketing".ticket (id),
        seq int NOT NULL,
        action text NOT NULL,
        from_state text,
        to_state text,
        at timestamptz NOT NULL,
        actor_id text NOT NULL,
        actor_kind text NOT NULL,
        actor_name text,
        note text,
        photos text[] NOT NULL DEFAULT '{}',
        data jsonb NOT NULL DEFAULT '{}'::jsonb,
        CONSTRAINT ticket_event_seq UNIQUE (ticket_id, seq)
      )`);

    await q.query(`
      CREATE TABLE "ticketing".report_key (
        actor_id text NOT NULL,
        key text NOT NULL,
        ticket_id uuid NOT NULL REFERENCES "ticketing".ticket (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (actor_id, key)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "ticketing".report_key`);
    await q.query(`DROP TABLE "ticketing".ticket_event`);
    await q.query(`DROP TABLE "ticketing".ticket`);
    await q.query(`DROP TABLE "ticketing".category`);
  }
}
