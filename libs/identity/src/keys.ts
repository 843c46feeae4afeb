import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { JwksView, PublicJwk } from '@gz/contracts';
import { calculateJwkThumbprint, exportJWK, exportPKCS8, generateKeyPair, importPKCS8, type KeyLike } from 'jose';
import { createPublicKey } from 'node:crypto';
import { DataSource } from 'typeorm';
import { IdentityConfig } from './identity.config';
import { SecretBox, signingKeyContext } from './secrets';

export const SIGNING_ALG = 'ES256';

interface KeyRow {
  kid: string;
  public_jwk: Record<string, unknown>;
  /** sealed (secrets.ts); a plain PEM in rows written before sealing existed */
  private_pkcs8: string;
}

/**
 * The ES256 keys access tokens are signed with. With IDENTITY_SIGNING_KEY that key signs (and
 * is recorded so it appears in the JWKS); without it, the newest active key in the database
 * signs, and the first instance to start generates one. Every active key is in the JWKS, so a
 * key can be rotated by adding a new one before retiring the old. Private keys are stored sealed
 * with IDENTITY_SECRETS_KEY.
 */
@Injectable()
export class SigningKeys implements OnModuleInit {
  private signing?: { kid: string; key: KeyLike };

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: IdentityConfig,
    private readonly secrets: SecretBox,
  ) {}

  async onModuleInit(): Promise<void> {
    const signing = await this.dataSource.transaction(async (m) => {
      // Instances starting together must agree on one key.
      await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['gz-identity-signing-key']);
      const query: QueryFn = m.query.bind(m);
      await this.resealStored(query);
      if (this.config.IDENTITY_SIGNING_KEY) return this.recordConfiguredKey(query, this.config.IDENTITY_SIGNING_KEY);
      const [existing]: KeyRow[] = await m.query(
        `SELECT kid, public_jwk, private_pkcs8 FROM "identity".signing_key WHERE active ORDER BY created_at DESC, kid LIMIT 1`,
      );
      if (!existing) return this.generate(query);
      return { kid: existing.kid, pem: this.secrets.open(existing.private_pkcs8, signingKeyContext(existing.kid)) };
    });
    this.signing = { kid: signing.kid, key: await importPKCS8(signing.pem, SIGNING_ALG) };
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

  /**
   * Seals private keys stored in plain (before sealing existed) or under an older key with the
   * current one, so a rotated-out key is no longer needed. A row under a key id that is not
   * configured is left as it is: opening it fails with a message naming the key id if it is needed.
   */
  private async resealStored(query: QueryFn): Promise<void> {
    const rows = (await query(`SELECT kid, private_pkcs8 FROM "identity".signing_key`)) as KeyRow[];
    for (const row of rows) {
      if (!this.secrets.stale(row.private_pkcs8)) continue;
      let pem: string;
      try {
        pem = this.secrets.open(row.private_pkcs8, signingKeyContext(row.kid));
      } catch {
        continue;
      }
      await query(`UPDATE "identity".signing_key SET private_pkcs8 = $2 WHERE kid = $1`, [
        row.kid,
        this.secrets.seal(pem, signingKeyContext(row.kid)),
      ]);
    }
  }

  private async recordConfiguredKey(query: QueryFn, pem: string): Promise<{ kid: string; pem: string }> {
    const privateKey = await importPKCS8(pem, SIGNING_ALG, { extractable: true });
    const publicJwk = await exportJWK(createPublicKey(pem));
    if (publicJwk.crv !== 'P-256') throw new Error('IDENTITY_SIGNING_KEY must be a P-256 (ES256) key');
    const kid = await calculateJwkThumbprint(publicJwk);
    const normalised = await exportPKCS8(privateKey);
    await query(
      `INSERT INTO "identity".signing_key (kid, alg, public_jwk, private_pkcs8, created_at, active)
       VALUES ($1, $2, $3, $4, $5, true)
       ON CONFLICT (kid) DO UPDATE SET active = true`,
      [
        kid,
        SIGNING_ALG,
        JSON.stringify({ ...publicJwk, kid, alg: SIGNING_ALG, use: 'sig' }),
        this.secrets.seal(normalised, signingKeyContext(kid)),
        new Date(),
      ],
    );
    return { kid, pem: normalised };
  }

  private async generate(query: QueryFn): Promise<{ kid: string; pem: string }> {
    const { publicKey, privateKey } = await generateKeyPair(SIGNING_ALG, { extractable: true });
    const publicJwk = await exportJWK(publicKey);
    const kid = await calculateJwkThumbprint(publicJwk);
    const pem = await exportPKCS8(privateKey);
    await query(
      `INSERT INTO "identity".signing_key (kid, alg, public_jwk, private_pkcs8, created_at, active) VALUES ($1, $2, $3, $4, $5, true)`,
      [
        kid,
        SIGNING_ALG,
        JSON.stringify({ ...publicJwk, kid, alg: SIGNING_ALG, use: 'sig' }),
        this.secrets.seal(pem, signingKeyContext(kid)),
        new Date(),
      ],
    );
    return { kid, pem };
  }
}

type QueryFn = (sql: string, params?: unknown[]) => Promise<unknown>;
