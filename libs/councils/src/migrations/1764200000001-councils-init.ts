import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The councils schema, first part: residential compounds (小区), their buildings and units
 * (专有部分) with the areas the owners' count uses, the owners' roll (phones sealed, with a blind
 * index), ownership, the roll's history, link codes, imports and the audit of full phone reads.
 */
export class CouncilsInit1764200000001 implements MigrationInterface {
  name = 'CouncilsInit1764200000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "councils".compound (
        id uuid PRIMARY KEY,
        street_code text NOT NULL,
        community_path text NOT NULL,
        name text NOT NULL,
        address text,
        property_company_path text,
        property_company_name text,
        owners_committee_path text,
        owners_committee_name text,
        version int NOT NULL DEFAULT 1,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CONSTRAINT compound_name UNIQUE (community_path, name)
      )`);
    await q.query(`CREATE INDEX compound_path ON "councils".compound (community_path text_pattern_ops)`);

    await q.query(`
      CREATE TABLE "councils".building (
        id uuid PRIMARY KEY,
        compound_id uuid NOT NULL REFERENCES "councils".compound (id),
        name text NOT NULL,
        created_at timestamptz NOT NULL,
        CONSTRAINT building_name UNIQUE (compound_id, name)
      )`);

    await q.query(`
      CREATE TABLE "councils".unit (
        id uuid PRIMARY KEY,
        compound_id uuid NOT NULL REFERENCES "councils".compound (id),
        building_id uuid NOT NULL REFERENCES "councils".building (id),
        number text NOT NULL,
        registered_area int CHECK (registered_area > 0),
        surveyed_area int CHECK (surveyed_area > 0),
        contract_area int CHECK (contract_area > 0),
        area int NOT NULL CHECK (area > 0),
        area_source text NOT NULL CHECK (area_source IN ('registered','surveyed','contract')),
        developer_unsold boolean NOT NULL DEFAULT false,
        version int NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CONSTRAINT unit_number UNIQUE (building_id, number)
      )`);
    await q.query(`CREATE INDEX unit_compound ON "councils".unit (compound_id)`);

    await q.query(`
      CREATE TABLE "councils".owner (
        id uuid PRIMARY KEY,
        compound_id uuid NOT NULL REFERENCES "councils".compound (id),
        name text NOT NULL,
        phone_sealed text,
        phone_masked text,
        phone_index text,
        developer boolean NOT NULL DEFAULT false,
        user_id uuid,
        version int NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX owner_compound ON "councils".owner (compound_id, name)`);
    await q.query(`CREATE UNIQUE INDEX owner_developer ON "councils".owner (compound_id) WHERE developer`);
    await q.query(
      `CREATE UNIQUE INDEX owner_user ON "councils".owner (compound_id, user_id) WHERE user_id IS NOT NULL`,
    );
    await q.query(`CREATE INDEX owner_user_any ON "councils".owner (user_id) WHERE user_id IS NOT NULL`);

    await q.query(`
      CREATE TABLE "councils".ownership (
        unit_id uuid NOT NULL REFERENCES "councils".unit (id),
        owner_id uuid NOT NULL REFERENCES "councils".owner (id),
        since timestamptz NOT NULL,
        PRIMARY KEY (unit_id, owner_id)
      )`);
    await q.query(`CREATE INDEX ownership_owner ON "councils".ownership (owner_id)`);

    await q.query(`
      CREATE TABLE "councils".owner_change (
        id uuid PRIMARY KEY,
        owner_id uuid NOT NULL REFERENCES "councils".owner (id),
        change text NOT NULL CHECK (change IN ('added','updated','linked','imported')),
        fields jsonb NOT NULL,
        by text NOT NULL,
        at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX owner_change_owner ON "councils".owner_change (owner_id, at)`);

    await q.query(`
      CREATE TABLE "councils".owner_link_code (
        code_hash text PRIMARY KEY,
        owner_id uuid NOT NULL REFERENCES "councils".owner (id),
        expires_at timestamptz NOT NULL,
        redeemed_at timestamptz,
        redeemed_by uuid,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL
      )`);

    await q.query(`
      CREATE TABLE "councils".owner_import (
        id uuid PRIMARY KEY,
        compound_id uuid NOT NULL REFERENCES "councils".compound (id),
        mode text NOT NULL,
        status text NOT NULL CHECK (status IN ('done','rejected')),
        report jsonb NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL
      )`);

    await q.query(`
      CREATE TABLE "councils".pii_access (
        id uuid PRIMARY KEY,
        owner_id uuid NOT NULL REFERENCES "councils".owner (id),
        compound_id uuid NOT NULL,
        reader text NOT NULL,
        reader_id text NOT NULL,
        reason text NOT NULL,
        at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX pii_access_owner ON "councils".pii_access (owner_id, at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'pii_access',
      'owner_import',
      'owner_link_code',
      'owner_change',
      'ownership',
      'owner',
      'unit',
      'building',
      'compound',
    ])
      await q.query(`DROP TABLE IF EXISTS "councils".${t}`);
  }
}
