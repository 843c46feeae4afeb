import { Injectable } from '@nestjs/common';
import type { PublicJwk } from '@gz/contracts';
import { DataSource, type EntityManager } from 'typeorm';

/** A signing key as stored. */
export interface KeyRow {
  kid: string;
  public_jwk: PublicJwk;
  /** sealed (crypto/secrets.ts); a plain PEM in rows written before sealing existed */
  private_pkcs8: string;
}

/** A key to record: its public JWK as published, its private key sealed. */
export interface NewKey {
  kid: string;
  alg: string;
  publicJwk: object;
  sealedPkcs8: string;
}

/** The ES256 keys access tokens are signed with (`identity.signing_key`). */
@Injectable()
export class SigningKeyStore {
  constructor(private readonly dataSource: DataSource) {}

  /** Runs `work` in a transaction that instances starting together take one after the other. */
  serialised<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (m) => {
      await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['gz-identity-signing-key']);
      return work(m);
    });
  }

  all(m: EntityManager): Promise<Array<Pick<KeyRow, 'kid' | 'private_pkcs8'>>> {
    return m.query(`SELECT kid, private_pkcs8 FROM "identity".signing_key`);
  }

  async newestActive(m: EntityManager): Promise<KeyRow | undefined> {
    const [row]: KeyRow[] = await m.query(
      `SELECT kid, public_jwk, private_pkcs8 FROM "identity".signing_key WHERE active ORDER BY created_at DESC, kid LIMIT 1`,
    );
    return row;
  }

  /** The public keys of every active key, newest first. */
  async activePublic(): Promise<PublicJwk[]> {
    const rows: Array<Pick<KeyRow, 'public_jwk'>> = await this.dataSource.query(
      `SELECT public_jwk FROM "identity".signing_key WHERE active ORDER BY created_at DESC, kid`,
    );
    return rows.map((r) => r.public_jwk);
  }

  async reseal(m: EntityManager, kid: string, sealed: string): Promise<void> {
    await m.query(`UPDATE "identity".signing_key SET private_pkcs8 = $2 WHERE kid = $1`, [kid, sealed]);
  }

  /**
   * Records a key as active. `configured`: a key from the configuration, which may be recorded
   * already (then it only becomes active again).
   */
  async insert(m: EntityManager, key: NewKey, configured: boolean): Promise<void> {
    await m.query(
      `INSERT INTO "identity".signing_key (kid, alg, public_jwk, private_pkcs8, created_at, active)
       VALUES ($1, $2, $3, $4, $5, true)${configured ? ' ON CONFLICT (kid) DO UPDATE SET active = true' : ''}`,
      [key.kid, key.alg, JSON.stringify(key.publicJwk), key.sealedPkcs8, new Date()],
    );
  }
}
