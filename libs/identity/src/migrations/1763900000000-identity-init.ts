import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The identity schema: org tree, users, sessions, partner clients, signing keys, audit trail. */
export class IdentityInit1763900000000 implements MigrationInterface {
  name = 'IdentityInit1763900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "identity".org_unit (
        id uuid PRIMARY KEY,
        code text NOT NULL,
        name text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('district','street','community','grid','department','social_org','property_company','owners_committee')),
        parent_id uuid REFERENCES "identity".org_unit (id),
        path text NOT NULL,
        street_code text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT org_unit_path_unique UNIQUE (path),
        CONSTRAINT org_unit_parent_code_unique UNIQUE (parent_id, code)
      )`);
    await q.query(`CREATE INDEX org_unit_parent ON "identity".org_unit (parent_id)`);
    await q.query(`CREATE INDEX org_unit_path_prefix ON "identity".org_unit (path text_pattern_ops)`);

    await q.query(`
      CREATE TABLE "identity".app_user (
        id uuid PRIMARY KEY,
        username text NOT NULL,
        display_name text NOT NULL,
        password_hash text NOT NULL,
        roles text[] NOT NULL,
        scopes text[] NOT NULL,
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active','disabled')),
        failed_logins int NOT NULL DEFAULT 0,
        locked_until timestamptz,
        last_login_at timestamptz,
        totp_secret text,
        totp_enabled boolean NOT NULL DEFAULT false,
        password_changed_at timestamptz NOT NULL DEFAULT now(),
        version int NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT app_user_username_unique UNIQUE (username)
      )`);
    await q.query(`CREATE INDEX app_user_roles ON "identity".app_user USING gin (roles)`);

    await q.query(`
      CREATE TABLE "identity".refresh_token (
        id uuid PRIMARY KEY,
        family_id uuid NOT NULL,
        user_id uuid NOT NULL REFERENCES "identity".app_user (id) ON DELETE CASCADE,
        token_hash text NOT NULL,
        parent_id uuid REFERENCES "identity".refresh_token (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        revoked_at timestamptz,
        CONSTRAINT refresh_token_hash_unique UNIQUE (token_hash)
      )`);
    await q.query(`CREATE INDEX refresh_token_family ON "identity".refresh_token (family_id)`);
    await q.query(
      `CREATE INDEX refresh_token_user_live ON "identity".refresh_token (user_id) WHERE revoked_at IS NULL`,
    );
    await q.query(`CREATE INDEX refresh_token_expires ON "identity".refresh_token (expires_at)`);

    await q.query(`
      CREATE TABLE "identity".oauth_client (
        client_id text PRIMARY KEY,
        name text NOT NULL,
        secret_hash text NOT NULL,
        scopes text[] NOT NULL,
        grants text[] NOT NULL,
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active','revoked')),
        created_by text,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz,
        version int NOT NULL DEFAULT 1
      )`);

    await q.query(`
      CREATE TABLE "identity".signing_key (
        kid text PRIMARY KEY,
        alg text NOT NULL,
        public_jwk jsonb NOT NULL,
        private_pkcs8 text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        active boolean NOT NULL DEFAULT true
      )`);

    await q.query(`
      CREATE TABLE "identity".audit_log (
        id uuid PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        action text NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('success','failure')),
        actor_id text,
        actor_name text,
        target text,
        details jsonb NOT NULL DEFAULT '{}'::jsonb,
        ip text
      )`);
    await q.query(`CREATE INDEX audit_log_at ON "identity".audit_log (at DESC, id DESC)`);
    await q.query(`CREATE INDEX audit_log_action_at ON "identity".audit_log (action, at DESC)`);
    await q.query(`CREATE INDEX audit_log_actor_at ON "identity".audit_log (actor_id, at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['audit_log', 'signing_key', 'oauth_client', 'refresh_token', 'app_user', 'org_unit']) {
      await q.query(`DROP TABLE "identity".${table}`);
    }
  }
}
