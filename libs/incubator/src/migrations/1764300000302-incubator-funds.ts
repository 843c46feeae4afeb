import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Community funds and micro-funds (社区基金, 微基金): the fund with its balance, its managers,
 * spending requests, and the ledger. The ledger is never edited: the database refuses UPDATE,
 * DELETE and TRUNCATE on it; a correction is a new entry reversing an earlier one (once). The
 * balance is a column a payment lowers only when it stays at zero or more (one conditional
 * UPDATE), and the fund row it locks numbers the entries.
 */
export class IncubatorFunds1764300000302 implements MigrationInterface {
  name = 'IncubatorFunds1764300000302';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "incubator".fund (
        id uuid PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('community_fund','micro_fund')),
        name text NOT NULL,
        place_path text NOT NULL,
        street_code text NOT NULL,
        charity text NOT NULL,
        charity_credit_code text,
        purpose text,
        balance_fen bigint NOT NULL DEFAULT 0,
        entry_count int NOT NULL DEFAULT 0,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CONSTRAINT fund_balance CHECK (balance_fen >= 0),
        CONSTRAINT fund_name UNIQUE (place_path, name)
      )`);
    await q.query(`CREATE INDEX fund_place ON "incubator".fund (place_path text_pattern_ops)`);

    await q.query(`
      CREATE TABLE "incubator".fund_manager (
        fund_id uuid NOT NULL REFERENCES "incubator".fund (id),
        user_id text NOT NULL,
        name text NOT NULL,
        PRIMARY KEY (fund_id, user_id)
      )`);
    await q.query(`CREATE INDEX fund_manager_user ON "incubator".fund_manager (user_id)`);

    await q.query(`
      CREATE TABLE "incubator".fund_spending (
        id uuid PRIMARY KEY,
        fund_id uuid NOT NULL REFERENCES "incubator".fund (id),
        purpose text NOT NULL,
        payee text NOT NULL,
        amount_fen bigint NOT NULL CHECK (amount_fen > 0),
        status text NOT NULL CHECK (status IN ('requested','approved','rejected','paid')),
        requested_by text NOT NULL,
        requested_by_id text NOT NULL,
        requested_at timestamptz NOT NULL,
        decided_by text,
        decided_by_id text,
        decided_at timestamptz,
        decision_note text,
        paid_by text,
        paid_by_id text,
        paid_at timestamptz,
        reference text,
        version int NOT NULL DEFAULT 1,
        -- four eyes: whoever asked cannot decide
        CONSTRAINT fund_spending_four_eyes CHECK (decided_by_id IS NULL OR decided_by_id <> requested_by_id),
        CONSTRAINT fund_spending_decided CHECK (status = 'requested' OR decided_by_id IS NOT NULL),
        CONSTRAINT fund_spending_paid CHECK ((status = 'paid') = (paid_at IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX fund_spending_fund ON "incubator".fund_spending (fund_id, requested_at, id)`);

    await q.query(`
      CREATE TABLE "incubator".fund_entry (
        id uuid PRIMARY KEY,
        fund_id uuid NOT NULL REFERENCES "incubator".fund (id),
        seq int NOT NULL,
        kind text NOT NULL CHECK (kind IN ('donation','spending','reversal')),
        amount_fen bigint NOT NULL CHECK (amount_fen > 0),
        delta_fen bigint NOT NULL,
        balance_after_fen bigint NOT NULL CHECK (balance_after_fen >= 0),
        day date NOT NULL,
        booked_at timestamptz NOT NULL,
        donor_name text,
        anonymous boolean NOT NULL DEFAULT false,
        donor_phone_sealed text,
        donor_phone_masked text,
        channel text CHECK (channel IN ('cash','bank_transfer','wechat_pay','alipay','other')),
        received_on date,
        note text,
        spending_id uuid REFERENCES "incubator".fund_spending (id),
        reverses_id uuid REFERENCES "incubator".fund_entry (id),
        reason text,
        by_name text NOT NULL,
        by_id text NOT NULL,
        idempotency_key text,
        CONSTRAINT fund_entry_seq UNIQUE (fund_id, seq),
        -- a spending is paid once, an entry reversed once
        CONSTRAINT fund_entry_spending UNIQUE (spending_id),
        CONSTRAINT fund_entry_reverses UNIQUE (reverses_id),
        CONSTRAINT fund_entry_delta CHECK (abs(delta_fen) = amount_fen),
        CONSTRAINT fund_entry_shape CHECK (
          (kind = 'donation' AND delta_fen > 0 AND channel IS NOT NULL AND received_on IS NOT NULL
             AND spending_id IS NULL AND reverses_id IS NULL AND anonymous = (donor_name IS NULL))
          OR (kind = 'spending' AND delta_fen < 0 AND spending_id IS NOT NULL AND reverses_id IS NULL)
          OR (kind = 'reversal' AND reverses_id IS NOT NULL AND spending_id IS NULL AND reason IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX fund_entry_day ON "incubator".fund_entry (fund_id, day, seq)`);
    // a retried donation with the same Idempotency-Key is booked once
    await q.query(
      `CREATE UNIQUE INDEX fund_entry_idempotency ON "incubator".fund_entry (fund_id, by_id, idempotency_key)
       WHERE idempotency_key IS NOT NULL`,
    );
    await q.query(
      `CREATE TRIGGER fund_entry_append_only BEFORE UPDATE OR DELETE ON "incubator".fund_entry
       FOR EACH ROW EXECUTE FUNCTION "incubator".refuse_change()`,
    );
    await q.query(
      `CREATE TRIGGER fund_entry_no_truncate BEFORE TRUNCATE ON "incubator".fund_entry
       FOR EACH STATEMENT EXECUTE FUNCTION "incubator".refuse_change()`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "incubator".fund_entry`);
    await q.query(`DROP TABLE "incubator".fund_spending`);
    await q.query(`DROP TABLE "incubator".fund_manager`);
    await q.query(`DROP TABLE "incubator".fund`);
  }
}
