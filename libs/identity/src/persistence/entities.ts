import { newId } from '@gz/platform';
import type { OrgKind, Role, UserStatus } from '@gz/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A unit of the organisation tree (district, street, community, grid, department, …). */
@Entity({ name: 'org_unit', schema: 'identity' })
export class OrgUnit {
  @PrimaryColumn('uuid') id!: string;
  @Column('text') code!: string;
  @Column('text') name!: string;
  @Column('text') kind!: OrgKind;
  @Column('uuid', { name: 'parent_id', nullable: true }) parentId!: string | null;
  @Column('text') path!: string;
  @Column('text', { name: 'street_code' }) streetCode!: string;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
}

/** A person who signs in. */
@Entity({ name: 'app_user', schema: 'identity' })
export class AppUser {
  @PrimaryColumn('uuid') id!: string;
  @Column('text') username!: string;
  @Column('text', { name: 'display_name' }) displayName!: string;
  @Column('text', { name: 'password_hash' }) passwordHash!: string;
  @Column('text', { array: true }) roles!: Role[];
  @Column('text', { array: true }) scopes!: string[];
  @Column('text') status!: UserStatus;
  @Column('int', { name: 'failed_logins' }) failedLogins!: number;
  @Column('timestamptz', { name: 'locked_until', nullable: true }) lockedUntil!: Date | null;
  @Column('timestamptz', { name: 'last_login_at', nullable: true }) lastLoginAt!: Date | null;
  /** base32 TOTP secret (pending until totp_enabled), sealed (crypto/secrets.ts); plain in rows from before sealing */
  @Column('text', { name: 'totp_secret', nullable: true }) totpSecret!: string | null;
  @Column('boolean', { name: 'totp_enabled' }) totpEnabled!: boolean;
  @Column('timestamptz', { name: 'password_changed_at' }) passwordChangedAt!: Date;
  @Column('int') version!: number;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
}

/** One refresh token of a session (family); only its SHA-256 is kept. */
@Entity({ name: 'refresh_token', schema: 'identity' })
export class RefreshToken {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'family_id' }) familyId!: string;
  @Column('uuid', { name: 'user_id' }) userId!: string;
  @Column('text', { name: 'token_hash' }) tokenHash!: string;
  @Column('uuid', { name: 'parent_id', nullable: true }) parentId!: string | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
  @Column('timestamptz', { name: 'last_used_at', nullable: true }) lastUsedAt!: Date | null;
  @Column('timestamptz', { name: 'expires_at' }) expiresAt!: Date;
  @Column('timestamptz', { name: 'used_at', nullable: true }) usedAt!: Date | null;
  @Column('timestamptz', { name: 'revoked_at', nullable: true }) revokedAt!: Date | null;
}

/** A partner system that gets tokens with OAuth2 client credentials. */
@Entity({ name: 'oauth_client', schema: 'identity' })
export class OAuthClient {
  @PrimaryColumn('text', { name: 'client_id' }) clientId!: string;
  @Column('text') name!: string;
  @Column('text', { name: 'secret_hash' }) secretHash!: string;
  @Column('text', { array: true }) scopes!: string[];
  @Column('text', { array: true }) grants!: string[];
  @Column('text') status!: 'active' | 'revoked';
  @Column('text', { name: 'created_by', nullable: true }) createdBy!: string | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
  @Column('timestamptz', { name: 'revoked_at', nullable: true }) revokedAt!: Date | null;
  @Column('int') version!: number;
}

/** An ES256 key pair the service signs access tokens with. */
@Entity({ name: 'signing_key', schema: 'identity' })
export class SigningKey {
  @PrimaryColumn('text') kid!: string;
  @Column('text') alg!: string;
  @Column('jsonb', { name: 'public_jwk' }) publicJwk!: Record<string, unknown>;
  /** PKCS#8 PEM, sealed (crypto/secrets.ts); plain in rows from before sealing */
  @Column('text', { name: 'private_pkcs8' }) privatePkcs8!: string;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
  @Column('boolean') active!: boolean;
}

/** The audit trail: sign-ins, failures and every admin change. */
@Entity({ name: 'audit_log', schema: 'identity' })
export class AuditLog {
  @PrimaryColumn('uuid') id!: string;
  @Column('timestamptz') at!: Date;
  @Column('text') action!: string;
  @Column('text') outcome!: 'success' | 'failure';
  @Column('text', { name: 'actor_id', nullable: true }) actorId!: string | null;
  @Column('text', { name: 'actor_name', nullable: true }) actorName!: string | null;
  @Column('text', { nullable: true }) target!: string | null;
  @Column('jsonb') details!: Record<string, unknown>;
  @Column('text', { nullable: true }) ip!: string | null;
}

export const IDENTITY_ENTITIES = [OrgUnit, AppUser, RefreshToken, OAuthClient, SigningKey, AuditLog];

/** A new, active user without a second factor: the one shape every creation path writes. */
export function newUserRow(
  fields: Pick<AppUser, 'username' | 'displayName' | 'passwordHash' | 'roles' | 'scopes'>,
  now = new Date(),
): AppUser {
  return {
    id: newId(),
    ...fields,
    status: 'active',
    failedLogins: 0,
    lockedUntil: null,
    lastLoginAt: null,
    totpSecret: null,
    totpEnabled: false,
    passwordChangedAt: now,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
}
