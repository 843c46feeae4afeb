import { Injectable } from '@nestjs/common';
import { execute, newId } from '@gz/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { RefreshToken } from './entities';

/** A refresh token as a refresh reads it. */
export interface TokenRow {
  id: string;
  family_id: string;
  user_id: string;
  created_at: Date;
  expires_at: Date;
  used_at: Date | null;
  revoked_at: Date | null;
}

export interface NewToken {
  familyId: string;
  userId: string;
  hash: string;
  parentId: string | null;
  now: Date;
  expiresAt: Date;
}

/** Sessions: families of rotating refresh tokens (`identity.refresh_token`), kept as hashes. */
@Injectable()
export class RefreshTokenStore {
  constructor(private readonly dataSource: DataSource) {}

  async insert(m: EntityManager, t: NewToken): Promise<void> {
    await m.insert(RefreshToken, {
      id: newId(),
      familyId: t.familyId,
      userId: t.userId,
      tokenHash: t.hash,
      parentId: t.parentId,
      createdAt: t.now,
      lastUsedAt: null,
      expiresAt: t.expiresAt,
      usedAt: null,
      revokedAt: null,
    });
  }

  /** The token with this hash, locked until the caller's transaction ends. */
  async lockByHash(m: EntityManager, hash: string): Promise<TokenRow | undefined> {
    const [row]: TokenRow[] = await m.query(
      `SELECT id, family_id, user_id, created_at, expires_at, used_at, revoked_at
         FROM "identity".refresh_token WHERE token_hash = $1 FOR UPDATE`,
      [hash],
    );
    return row;
  }

  /** The session (family) and user of the token with this hash. */
  async sessionOf(m: EntityManager, hash: string): Promise<Pick<TokenRow, 'family_id' | 'user_id'> | undefined> {
    const [row]: Array<Pick<TokenRow, 'family_id' | 'user_id'>> = await m.query(
      `SELECT family_id, user_id FROM "identity".refresh_token WHERE token_hash = $1`,
      [hash],
    );
    return row;
  }

  /** A token traded for the next one of its family. */
  async markUsed(m: EntityManager, id: string, at: Date): Promise<void> {
    await m.update(RefreshToken, { id }, { usedAt: at, lastUsedAt: at });
  }

  /** Revokes every token of a session (the whole family, all descendants); answers how many. */
  revokeFamily(m: EntityManager, familyId: string, at: Date): Promise<number> {
    return execute(
      m,
      `UPDATE "identity".refresh_token SET revoked_at = $2 WHERE family_id = $1 AND revoked_at IS NULL`,
      [familyId, at],
    );
  }

  /** Revokes every session of a user, except the session `keep` when given; answers how many tokens. */
  revokeUser(m: EntityManager, userId: string, at: Date, keep: string | null = null): Promise<number> {
    return execute(
      m,
      `UPDATE "identity".refresh_token SET revoked_at = $2
        WHERE user_id = $1 AND revoked_at IS NULL AND ($3::uuid IS NULL OR family_id <> $3::uuid)`,
      [userId, at, keep],
    );
  }

  /**
   * Deletes up to `batch` whole sessions past `before` (a family shares one `expires_at`, so
   * whole families go together); answers how many tokens.
   */
  deleteExpired(before: Date, batch: number): Promise<number> {
    return execute(
      this.dataSource,
      `DELETE FROM "identity".refresh_token WHERE family_id IN (
         SELECT DISTINCT family_id FROM "identity".refresh_token WHERE expires_at < $1 LIMIT ${batch})`,
      [before],
    );
  }
}
