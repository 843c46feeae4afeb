import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Services purchased by government (政府购买服务): contracts between a street (or the district)
 * and an organisation, their deliverables, and the payments made for accepted deliverables.
 * The running totals (committed, paid) are columns checked by the database, so that the budget
 * holds under concurrent requests (conditional updates); payments are never edited.
 */
export class IncubatorPurchasedServices1764300000301 implements MigrationInterface {
  name = 'IncubatorPurchasedServices1764300000301';

  async up(q: QueryRunner): Promise<void> {
    // Shared by the incubator's append-only tables (payments here, the funds' ledger later).
    await q.query(`
      CREATE FUNCTION "incubator".refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'incubator.% is append-only: % refused', TG_TABLE_NAME, TG_OP
          USING ERRCODE = 'restrict_violation';
      END $$`);

    await q.query(`
      CREATE TABLE "incubator".service_contract (
        id uuid PRIMARY KEY,
        contract_no text,
        organisation_id uuid NOT NULL REFERENCES "incubator".organisation (id),
        street_code text NOT NULL,
        community_path text NOT NULL,
        buyer_path text NOT NULL,
        title text NOT NULL,
        service_items jsonb NOT NULL,
        budget_fen bigint NOT NULL CHECK (budget_fen > 0),
        committed_fen bigint NOT NULL DEFAULT 0,
        paid_fen bigint NOT NULL DEFAULT 0,
        deliverable_count int NOT NULL DEFAULT 0,
        period_start date NOT NULL,
        period_end date NOT NULL,
        version int NOT NULL DEFAULT 1,
        created_by text NOT NULL,
        created_by_id text NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CONSTRAINT service_contract_period CHECK (period_end >= period_start),
        CONSTRAINT service_contract_committed CHECK (committed_fen >= 0 AND committed_fen <= budget_fen),
        CONSTRAINT service_contract_paid CHECK (paid_fen >= 0 AND paid_fen <= budget_fen),
        CONSTRAINT service_contract_no UNIQUE (buyer_path, contract_no)
      )`);
    await q.query(`CREATE INDEX service_contract_buyer ON "incubator".service_contract (buyer_path text_pattern_ops)`);
    await q.query(
      `CREATE INDEX service_contract_community ON "incubator".service_contract (community_path text_pattern_ops)`,
    );
    await q.query(`CREATE INDEX service_contract_organisation ON "incubator".service_contract (organisation_id)`);

    await q.query(`
      CREATE TABLE "incubator".deliverable (
        id uuid PRIMARY KEY,
        contract_id uuid NOT NULL REFERENCES "incubator".service_contract (id),
        seq int NOT NULL,
        title text NOT NULL,
        description text,
        due_on date NOT NULL,
        amount_fen bigint NOT NULL CHECK (amount_fen > 0),
        paid_fen bigint NOT NULL DEFAULT 0,
        status text NOT NULL CHECK (status IN ('pending','reported','accepted','returned')),
        report_summary text,
        attachments text[] NOT NULL DEFAULT '{}',
        reported_by text,
        reported_at timestamptz,
        reports int NOT NULL DEFAULT 0,
        decision_note text,
        decided_by text,
        decided_at timestamptz,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CONSTRAINT deliverable_paid CHECK (paid_fen >= 0 AND paid_fen <= amount_fen),
        CONSTRAINT deliverable_paid_accepted CHECK (paid_fen = 0 OR status = 'accepted'),
        CONSTRAINT deliverable_seq UNIQUE (contract_id, seq)
      )`);

    await q.query(`
      CREATE TABLE "incubator".service_payment (
        id uuid PRIMARY KEY,
        contract_id uuid NOT NULL REFERENCES "incubator".service_contract (id),
        deliverable_id uuid NOT NULL REFERENCES "incubator".deliverable (id),
        amount_fen bigint NOT NULL CHECK (amount_fen > 0),
        paid_on date NOT NULL,
        reference text,
        paid_by text NOT NULL,
        paid_by_id text NOT NULL,
        idempotency_key text,
        at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX service_payment_contract ON "incubator".service_payment (contract_id, at, id)`);
    // a retried request with the same Idempotency-Key pays once
    await q.query(
      `CREATE UNIQUE INDEX service_payment_idempotency ON "incubator".service_payment (deliverable_id, paid_by_id, idempotency_key)
       WHERE idempotency_key IS NOT NULL`,
    );
    await q.query(
      `CREATE TRIGGER service_payment_append_only BEFORE UPDATE OR DELETE ON "incubator".service_payment
       FOR EACH ROW EXECUTE FUNCTION "incubator".refuse_change()`,
    );
    await q.query(
      `CREATE TRIGGER service_payment_no_truncate BEFORE TRUNCATE ON "incubator".service_payment
       FOR EACH STATEMENT EXECUTE FUNCTION "incubator".refuse_change()`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "incubator".service_payment`);
    await q.query(`DROP TABLE "incubator".deliverable`);
    await q.query(`DROP TABLE "incubator".service_contract`);
    await q.query(`DROP FUNCTION "incubator".refuse_change()`);
  }
}
