import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The dispatch schema: responsibility lists (versioned), dispatch cases and proposals, assignments, deadline timers. */
export class DispatchInit1764100000001 implements MigrationInterface {
  name = 'DispatchInit1764100000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "dispatch".responsibility_list (
        id uuid PRIMARY KEY,
        street_code text NOT NULL,
        version int NOT NULL,
        published_at timestamptz NOT NULL,
        published_by text NOT NULL,
        CONSTRAINT responsibility_list_version UNIQUE (street_code, version)
      )`);
    await q.query(`
      CREATE TABLE "dispatch".responsibility_rule (
        id uuid PRIMARY KEY,
        list_id uuid NOT NULL REFERENCES "dispatch".responsibility_list (id),
        position int NOT NULL,
        category text NOT NULL,
        org_path text NOT NULL,
        lead jsonb NOT NULL,
        co jsonb NOT NULL DEFAULT '[]'::jsonb
      )`);
    await q.query(`CREATE INDEX responsibility_rule_list ON "dispatch".responsibility_rule (list_id, position)`);

    await q.query(`
      CREATE TABLE "dispatch".dispatch_case (
        ticket_id uuid PRIMARY KEY,
        street_code text NOT NULL,
        grid_path text NOT NULL,
        category_code text NOT NULL,
        category_name text NOT NULL,
        severity text NOT NULL,
        ack_minutes int NOT NULL,
        handle_minutes int NOT NULL,
        status text NOT NULL CHECK (status IN ('proposed','dispatched','closed')),
        round int NOT NULL DEFAULT 0,
        proposal jsonb,
        excluded text[] NOT NULL DEFAULT '{}',
        version int NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX dispatch_case_street_status ON "dispatch".dispatch_case (street_code, status)`);

    await q.query(`
      CREATE TABLE "dispatch".assignment (
        id uuid PRIMARY KEY,
        ticket_id uuid NOT NULL REFERENCES "dispatch".dispatch_case (ticket_id),
        round int NOT NULL,
        street_code text NOT NULL,
        grid_path text NOT NULL,
        category_code text NOT NULL,
        category_name text NOT NULL,
        department_path text NOT NULL,
        department_name text NOT NULL,
        role text NOT NULL CHECK (role IN ('lead','co')),
        status text NOT NULL CHECK (status IN ('dispatched','acknowledged','handled','handed_back','withdrawn','closed')),
        version int NOT NULL DEFAULT 1,
        dispatched_at timestamptz NOT NULL,
        ack_due_at timestamptz NOT NULL,
        handle_due_at timestamptz NOT NULL,
        acknowledged_at timestamptz,
        handled_at timestamptz,
        result text,
        photos text[] NOT NULL DEFAULT '{}',
        hand_back_reason text,
        escalation_level int NOT NULL DEFAULT 0,
        updated_at timestamptz NOT NULL,
        CONSTRAINT assignment_round_department UNIQUE (ticket_id, round, department_path)
      )`);
    await q.query(
      `CREATE INDEX assignment_department ON "dispatch".assignment (department_path text_pattern_ops, status)`,
    );
    await q.query(`CREATE INDEX assignment_grid ON "dispatch".assignment (grid_path text_pattern_ops)`);
    await q.query(`CREATE INDEX assignment_ticket ON "dispatch".assignment (ticket_id, round)`);

    await q.query(`
      CREATE TABLE "dispatch".timer (
        id uuid PRIMARY KEY,
        assignment_id uuid NOT NULL REFERENCES "dispatch".assignment (id),
        ticket_id uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN ('ack','handle')),
        level int NOT NULL,
        due_at timestamptz NOT NULL,
        fired_at timestamptz,
        cancelled_at timestamptz,
        outcome text
      )`);
    await q.query(
      `CREATE INDEX timer_due ON "dispatch".timer (due_at) WHERE fired_at IS NULL AND cancelled_at IS NULL`,
    );
    await q.query(`CREATE INDEX timer_assignment ON "dispatch".timer (assignment_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "dispatch".timer`);
    await q.query(`DROP TABLE "dispatch".assignment`);
    await q.query(`DROP TABLE "dispatch".dispatch_case`);
    await q.query(`DROP TABLE "dispatch".responsibility_rule`);
    await q.query(`DROP TABLE "dispatch".responsibility_list`);
  }
}
