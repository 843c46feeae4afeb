import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { JwksView, PublicJwk } from '@gz/contracts';
import { calculateJwkThumbprint, exportJWK, exportPKCS8, generateKeyPair, importPKCS8, type KeyLike } from 'jose';
import { createPublicKey } from 'node:crypto';
import { DataSource } from 'typeorm';
import { IdentityConfig } from './identity.config';

export const SIGNING_ALG = 'ES256';

interface KeyRow {
  kid: string;
  public_jwk: Record<string, unknown>;
  private_pkcs8: string;
}

/**
 * The ES256 keys access tokens are signed with. With IDENTITY_SIGNING_KEY that key signs (and
 * is recorded so it appears in the JWKS); without it, the newest active key in the database
 * signs, and the first instance to start generates one. Every active key is in the JWKS, so a
 * key can be rotated by adding a new one before retiring the old.
 */
@Injectable()
export class SigningKeys implements OnModuleInit {
  private signing?: { kid: string; key: KeyLike };

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: IdentityConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    const row = await this.dataSource.transaction(async (m) => {
      // Instances starting together must agree on one key.
      await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['gz-identity-signing-key']);
      if (this.config.IDENTITY_SIGNING_KEY)
        return this.recordConfiguredKey(m.query.bind(m), this.config.IDENTITY_SIGNING_KEY);
      const [existing]: KeyRow[] = await m.query(
        `SELECT kid, public_jwk, private_pkcs8 FROM "identity".signing_key WHERE active ORDER BY created_at DESC, kid LIMIT 1`,
      );
      return existing ?? this.generate(m.query.bind(m));
    });
    this.signing = { kid: row.kid, key: await importPKCS8(row.private_pkcs8, SIGNING_ALG) };
  }

  /** The key that signs new tokens. */
  current(): { kid: string; key: KeyLike } {
    if (!this.signing) throw new Error('Signing keys are not loaded yet');
    return this.signing;
  }

  async jwks(): Promise<JwksView> {
    const rows: Array<Pick<KeyRow, 'public_jwk'>> = await this.dataSource.query(
      `SELECT public_jwk FROM "identity".signing_key WHERE active ORDER BY created_at DESC, kid`,
    );
    return { keys: rows.map((r) => r.public_jwk as unknown as PublicJwk) };
  }

  private async recordConfiguredKey(query: QueryFn, pem: string): Promise<KeyRow> {
    const privateKey = await importPKCS8(pem, SIGNING_ALG, { extractable: true });
    const publicJwk = await exportJWK(createPublicKey(pem));
    if (publicJwk.crv !== 'P-256') throw new Error('IDENTITY_SIGNING_KEY must be a P-256 (ES256) key');
    const kid = await calculateJwkThumbprint(publicJwk);
    const row: KeyRow = {
      kid,
      public_jwk: { ...publicJwk, kid, alg: SIGNING_ALG, use: 'sig' },
      private_pkcs8: await exportPKCS8(privateKey),
    };
    await query(
      `INSERT INTO "identity".signing_key (kid, alg, public_jwk, private_pkcs8, created_at, active)
       VALUES ($1, $2, $3, $4, $5, true)
       ON CONFLICT (kid) DO UPDATE SET active = true`,
      [row.kid, SIGNING_ALG, JSON.stringify(row.public_jwk), row.private_pkcs8, new Date()],
    );
    return row;
  }

  private async generate(query: QueryFn): Promise<KeyRow> {
    const { publicKey, privateKey } = await generateKeyPair(SIGNING_ALG, { extractable: true });
    const publicJwk = await exportJWK(publicKey);
    const kid = await calculateJwkThumbprint(publicJwk);
    const row: KeyRow = {
      kid,
      public_jwk: { ...publicJwk, kid, alg: SIGNING_ALG, use: 'sig' },
      private_pkcs8: await exportPKCS8(privateKey),
    };
    await query(
      `INSERT INTO "identity".signing_key (kid, alg, public_jwk, private_pkcs8, created_at, active) VALUES ($1, $2, $3, $4, $5, true)`,
      [row.kid, SIGNING_ALG, JSON.stringify(row.public_jwk), row.private_pkcs8, new Date()],
    );
    return row;
  }
}

type QueryFn = (sql: string, params?: unknown[]) => Promise<unknown>;
