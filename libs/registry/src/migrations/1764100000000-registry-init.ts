import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The registry schema: buildings, households, persons (identity numbers and phones encrypted,
 * with blind indexes), residence history, field-by-field changes and the access audit of
 * personal data. Name and address search use pg_trgm (PostgreSQL 15 to 18 ship it).
 */
export class RegistryInit1764100000000 implements MigrationInterface {
  name = 'RegistryInit1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public`);
    const [{ schema }]: Array<{ schema: string }> = await q.query(
      `SELECT n.nspname AS schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm'`,
    );
    const trgm = `"${schema}".gin_trgm_ops`;

    await q.query(`
      CREATE TABLE "registry".building (
        id uuid PRIMARY KEY,
        street_code text NOT NULL,
        path text NOT NULL,
        address text NOT NULL,
        name text,
        units int NOT NULL CHECK (units BETWEEN 1 AND 100),
        floors int NOT NULL CHECK (floors BETWEEN 1 AND 200),
        version int NOT NULL DEFAULT 1,
        created_by text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT building_address_unique UNIQUE (path, address)
      )`);
    await q.query(`CREATE INDEX building_path ON "registry".building (path text_pattern_ops)`);
    await q.query(`CREATE INDEX building_address_trgm ON "registry".building USING gin (address ${trgm})`);

    await q.query(`
      CREATE TABLE "registry".household (
        id uuid PRIMARY KEY,
        building_id uuid NOT NULL REFERENCES "registry".building (id),
        street_code text NOT NULL,
        path text NOT NULL,
        door_number text NOT NULL,
        unit_no int,
        floor int,
        type text NOT NULL CHECK (type IN ('family','collective','rental','vacant')),
        head_person_id uuid,
        version int NOT NULL DEFAULT 1,
        created_by text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT household_door_unique UNIQUE (building_id, door_number)
      )`);
    await q.query(`CREATE INDEX household_path ON "registry".household (path text_pattern_ops)`);

    await q.query(`
      CREATE TABLE "registry".person (
        id uuid PRIMARY KEY,
        street_code text NOT NULL,
        path text NOT NULL,
        name text NOT NULL,
        gender text NOT NULL CHECK (gender IN ('male','female')),
        birth_date date NOT NULL,
        ethnicity text NOT NULL,
        id_number_cipher text,
        id_number_key_id text,
        id_number_index text,
        id_number_masked text,
        phone_cipher text,
        phone_key_id text,
        phone_index text,
        phone_masked text,
        residence_type text NOT NULL CHECK (residence_type IN ('registered','resident','floating','foreign')),
        employer text,
        tags text[] NOT NULL DEFAULT '{}',
        household_id uuid REFERENCES "registry".household (id),
        relation text,
        present boolean NOT NULL DEFAULT true,
        version int NOT NULL DEFAULT 1,
        created_by text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((id_number_cipher IS NULL) = (id_number_index IS NULL) AND (id_number_cipher IS NULL) = (id_number_key_id IS NULL)),
        CHECK ((phone_cipher IS NULL) = (phone_index IS NULL) AND (phone_cipher IS NULL) = (phone_key_id IS NULL))
      )`);
    await q.query(
      `CREATE UNIQUE INDEX person_id_number_unique ON "registry".person (id_number_index) WHERE id_number_index IS NOT NULL`,
    );
    await q.query(`CREATE INDEX person_phone ON "registry".person (phone_index) WHERE phone_index IS NOT NULL`);
    await q.query(`CREATE INDEX person_path ON "registry".person (path text_pattern_ops, name)`);
    await q.query(`CREATE INDEX person_household ON "registry".person (household_id)`);
    await q.query(`CREATE INDEX person_tags ON "registry".person USING gin (tags)`);
    await q.query(`CREATE INDEX person_name_trgm ON "registry".person USING gin (name ${trgm})`);
    await q.query(`CREATE INDEX person_key_ids ON "registry".person (id_number_key_id, phone_key_id)`);
    await q.query(
      `ALTER TABLE "registry".household ADD CONSTRAINT household_head_fk FOREIGN KEY (head_person_id) REFERENCES "registry".person (id)`,
    );

    // Who lived where from when to when. A move closes the open row and opens a new one; rows are never deleted.
    await q.query(`
      CREATE TABLE "registry".residence (
        id uuid PRIMARY KEY,
        person_id uuid NOT NULL REFERENCES "registry".person (id),
        household_id uuid NOT NULL REFERENCES "registry".household (id),
        street_code text NOT NULL,
        path text NOT NULL,
        relation text,
        moved_in_on date NOT NULL,
        moved_out_on date,
        move_in_reason text,
        move_out_reason text,
        recorded_by text,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        closed_by text,
        closed_at timestamptz,
        CHECK (moved_out_on IS NULL OR moved_out_on >= moved_in_on)
      )`);
    await q.query(`CREATE UNIQUE INDEX residence_open ON "registry".residence (person_id) WHERE moved_out_on IS NULL`);
    await q.query(`CREATE INDEX residence_person ON "registry".residence (person_id, moved_in_on)`);
    await q.query(`CREATE INDEX residence_household ON "registry".residence (household_id)`);

    await q.query(`
      CREATE TABLE "registry".person_change (
        id uuid PRIMARY KEY,
        person_id uuid NOT NULL REFERENCES "registry".person (id),
        street_code text NOT NULL,
        path text NOT NULL,
        at timestamptz NOT NULL DEFAULT now(),
        actor_id text,
        actor_name text,
        actor_roles text[] NOT NULL DEFAULT '{}',
        field text NOT NULL,
        before jsonb,
        after jsonb
      )`);
    await q.query(`CREATE INDEX person_change_person ON "registry".person_change (person_id, at DESC, id DESC)`);

    await q.query(`
      CREATE TABLE "registry".pii_access (
        id uuid PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        actor_id text NOT NULL,
        actor_name text,
        actor_roles text[] NOT NULL,
        person_id uuid NOT NULL REFERENCES "registry".person (id),
        field text NOT NULL CHECK (field IN ('idNumber','phone')),
        reason text NOT NULL,
        street_code text NOT NULL,
        path text NOT NULL
      )`);
    await q.query(`CREATE INDEX pii_access_at ON "registry".pii_access (at DESC, id DESC)`);
    await q.query(`CREATE INDEX pii_access_person ON "registry".pii_access (person_id, at DESC)`);
    await q.query(`CREATE INDEX pii_access_actor ON "registry".pii_access (actor_id, at DESC)`);

    // The trails are append-only.
    await q.query(`
      CREATE FUNCTION "registry".append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'registry.% is append-only', TG_TABLE_NAME;
      END $$`);
    for (const table of ['pii_access', 'person_change']) {
      await q.query(
        `CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON "registry".${table} FOR EACH ROW EXECUTE FUNCTION "registry".append_only()`,
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['pii_access', 'person_change', 'residence']) await q.query(`DROP TABLE "registry".${table}`);
    await q.query(`ALTER TABLE "registry".household DROP CONSTRAINT household_head_fk`);
    for (const table of ['person', 'household', 'building']) await q.query(`DROP TABLE "registry".${table}`);
    await q.query(`DROP FUNCTION "registry".append_only()`);
  }
}
