import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The evaluation schema: its own log of every event it consumed and every input it took (the
 * history a rebuild replays, kept for good), the projection's generations (the live one, and a
 * rebuild beside it), the facts per unit and Asia/Shanghai day (and per month) with the
 * durations behind percentiles, the little state the projection keeps per ticket, assignment and
 * topic, closed periods; indicator and scheme definitions (versioned) and surveys.
 */
export class EvaluationInit1764300000001 implements MigrationInterface {
  name = 'EvaluationInit1764300000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "evaluation".event_log (
        seq bigserial PRIMARY KEY,
        event_id uuid NOT NULL,
        type text NOT NULL,
        street text NOT NULL,
        occurred_at timestamptz NOT NULL,
        envelope jsonb NOT NULL,
        logged_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT event_log_event UNIQUE (event_id)
      )`);

    await q.query(`
      CREATE TABLE "evaluation".generation (
        id int PRIMARY KEY,
        state text NOT NULL CHECK (state IN ('building', 'live', 'retired')),
        position bigint NOT NULL DEFAULT 0,
        started_at timestamptz NOT NULL DEFAULT now(),
        live_since timestamptz
      )`);
    await q.query(`CREATE UNIQUE INDEX generation_one_live ON "evaluation".generation (state) WHERE state = 'live'`);
    await q.query(
      `CREATE UNIQUE INDEX generation_one_building ON "evaluation".generation (state) WHERE state = 'building'`,
    );
    await q.query(`INSERT INTO "evaluation".generation (id, state, position, live_since) VALUES (1, 'live', 0, now())`);

    await q.query(`
      CREATE TABLE "evaluation".fact (
        generation int NOT NULL,
        unit_kind text NOT NULL,
        unit text NOT NULL,
        grain text NOT NULL CHECK (grain IN ('day', 'month')),
        day date NOT NULL,
        measure text NOT NULL,
        basis text NOT NULL,
        facet text NOT NULL,
        street text NOT NULL,
        late boolean NOT NULL,
        district text NOT NULL,
        value bigint NOT NULL,
        PRIMARY KEY (generation, unit_kind, unit, grain, day, measure, basis, facet, street, late)
      )`);
    await q.query(`CREATE INDEX fact_kind_district ON "evaluation".fact (generation, unit_kind, district, grain, day)`);

    await q.query(`
      CREATE TABLE "evaluation".duration (
        generation int NOT NULL,
        unit_kind text NOT NULL,
        unit text NOT NULL,
        grain text NOT NULL CHECK (grain IN ('day', 'month')),
        day date NOT NULL,
        measure text NOT NULL,
        minutes int NOT NULL,
        street text NOT NULL,
        late boolean NOT NULL,
        district text NOT NULL,
        count bigint NOT NULL,
        PRIMARY KEY (generation, unit_kind, unit, grain, day, measure, minutes, street, late)
      )`);
    await q.query(
      `CREATE INDEX duration_kind_district ON "evaluation".duration (generation, unit_kind, district, grain, day)`,
    );

    await q.query(`
      CREATE TABLE "evaluation".ticket_state (
        generation int NOT NULL,
        id uuid NOT NULL,
        state jsonb NOT NULL,
        PRIMARY KEY (generation, id)
      )`);
    await q.query(`
      CREATE TABLE "evaluation".assignment_state (
        generation int NOT NULL,
        id uuid NOT NULL,
        state jsonb NOT NULL,
        PRIMARY KEY (generation, id)
      )`);
    await q.query(`
      CREATE TABLE "evaluation".topic_state (
        generation int NOT NULL,
        id uuid NOT NULL,
        state jsonb NOT NULL,
        PRIMARY KEY (generation, id)
      )`);
    await q.query(`
      CREATE TABLE "evaluation".closed_period (
        generation int NOT NULL,
        district text NOT NULL,
        from_day date NOT NULL,
        to_day date NOT NULL,
        label text NOT NULL,
        closed_seq bigint NOT NULL,
        PRIMARY KEY (generation, district, from_day, to_day)
      )`);

    await q.query(`
      CREATE TABLE "evaluation".indicator (
        code text NOT NULL,
        version int NOT NULL,
        district text NOT NULL,
        definition jsonb NOT NULL,
        defined_by text NOT NULL,
        defined_at timestamptz NOT NULL,
        PRIMARY KEY (district, code, version)
      )`);

    await q.query(`
      CREATE TABLE "evaluation".scheme (
        district text NOT NULL,
        code text NOT NULL,
        version int NOT NULL,
        unit_kind text NOT NULL,
        definition jsonb NOT NULL,
        in_use boolean NOT NULL DEFAULT false,
        defined_by text NOT NULL,
        defined_at timestamptz NOT NULL,
        PRIMARY KEY (district, code, version)
      )`);

    await q.query(`
      CREATE TABLE "evaluation".survey (
        id uuid PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('after_ticket', 'periodic')),
        path text NOT NULL,
        street_code text NOT NULL,
        title text NOT NULL,
        questions jsonb NOT NULL,
        answers int NOT NULL DEFAULT 0,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX survey_path ON "evaluation".survey (path text_pattern_ops)`);
    await q.query(`
      CREATE TABLE "evaluation".survey_ticket (
        survey_id uuid NOT NULL REFERENCES "evaluation".survey (id),
        ticket_id uuid NOT NULL,
        PRIMARY KEY (survey_id, ticket_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'survey_ticket',
      'survey',
      'scheme',
      'indicator',
      'closed_period',
      'topic_state',
      'assignment_state',
      'ticket_state',
      'duration',
      'fact',
      'generation',
      'event_log',
    ])
      await q.query(`DROP TABLE "evaluation".${t}`);
  }
}
