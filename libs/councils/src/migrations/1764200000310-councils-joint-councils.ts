import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Joint councils (红色物业联席会): one per compound, its members from the community party
 * organisation, the residents' committee, the owners' committee, the property company and the
 * residents' representatives (police and tenants when invited), each with a role; and the
 * meetings of its rhythm as they were held (what is due is computed from them).
 */
export class CouncilsJointCouncils1764200000310 implements MigrationInterface {
  name = 'CouncilsJointCouncils1764200000310';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "councils".council (
        id uuid PRIMARY KEY,
        compound_id uuid NOT NULL UNIQUE REFERENCES "councils".compound (id),
        street_code text NOT NULL,
        community_path text NOT NULL,
        name text NOT NULL,
        since date NOT NULL,
        version int NOT NULL DEFAULT 1,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE "councils".council_member (
        id uuid PRIMARY KEY,
        council_id uuid NOT NULL REFERENCES "councils".council (id),
        side text NOT NULL CHECK (side IN ('party_organisation','residents_committee','owners_committee',
          'property_company','resident_representative','police','tenant')),
        role text NOT NULL CHECK (role IN ('convenor','deputy_convenor','member','agenda_collector','liaison')),
        user_id text,
        person_name text,
        added_by text NOT NULL,
        added_at timestamptz NOT NULL,
        CHECK (user_id IS NOT NULL OR person_name IS NOT NULL)
      )`);
    await q.query(
      `CREATE UNIQUE INDEX council_member_user ON "councils".council_member (council_id, user_id, role) WHERE user_id IS NOT NULL`,
    );
    await q.query(`CREATE INDEX council_member_of ON "councils".council_member (user_id) WHERE user_id IS NOT NULL`);
    await q.query(`
      CREATE TABLE "councils".council_rhythm_held (
        id uuid PRIMARY KEY,
        council_id uuid NOT NULL REFERENCES "councils".council (id),
        kind text NOT NULL CHECK (kind IN ('party_masses_council','daily_contact','weekly_meeting',
          'monthly_consultation','quarterly_review','yearly_summary')),
        held_on date NOT NULL,
        note text,
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL,
        CONSTRAINT council_rhythm_once UNIQUE (council_id, kind, held_on)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "councils".council_rhythm_held`);
    await q.query(`DROP TABLE "councils".council_member`);
    await q.query(`DROP TABLE "councils".council`);
  }
}
