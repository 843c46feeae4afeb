import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { JwksView } from '@gz/contracts';
import {
  calculateJwkThumbprint,
  exportJWK,
  exportPKCS8,
  generateKeyPair,
  importPKCS8,
  type JWK,
  type KeyLike,
} from 'jose';
import { createPublicKey } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { SecretBox, signingKeyContext } from '../crypto/secrets';
import { IdentityConfig } from '../identity.config';
import { SigningKeyStore, type NewKey } from '../persistence/signing-key.store';

export const SIGNING_ALG = 'ES256';

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
    private readonly store: SigningKeyStore,
    private readonly config: IdentityConfig,
    private readonly secrets: SecretBox,
  ) {}

  async onModuleInit(): Promise<void> {
    // Instances starting together must agree on one key.
    const signing = await this.store.serialised(async (m) => {
      await this.resealStored(m);
      if (this.config.IDENTITY_SIGNING_KEY) return this.recordConfiguredKey(m, this.config.IDENTITY_SIGNING_KEY);
      const existing = await this.store.newestActive(m);
      if (!existing) return this.generate(m);
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
    return { keys: await this.store.activePublic() };
  }

  /**
   * Seals private keys stored in plain (before sealing existed) or under an older key with the
   * current one, so a rotated-out key is no longer needed. A row under a key id that is not
   * configured is left as it is: opening it fails with a message naming the key id if it is needed.
   */
  private async resealStored(m: EntityManager): Promise<void> {
    for (const row of await this.store.all(m)) {
      if (!this.secrets.stale(row.private_pkcs8)) continue;
      let pem: string;
      try {
        pem = this.secrets.open(row.private_pkcs8, signingKeyContext(row.kid));
      } catch {
        continue;
      }
      await this.store.reseal(m, row.kid, this.secrets.seal(pem, signingKeyContext(row.kid)));
    }
  }

  private async recordConfiguredKey(m: EntityManager, pem: string): Promise<{ kid: string; pem: string }> {
    const privateKey = await importPKCS8(pem, SIGNING_ALG, { extractable: true });
    const publicJwk = await exportJWK(createPublicKey(pem));
    if (publicJwk.crv !== 'P-256') throw new Error('IDENTITY_SIGNING_KEY must be a P-256 (ES256) key');
    const kid = await calculateJwkThumbprint(publicJwk);
    const normalised = await exportPKCS8(privateKey);
    await this.store.insert(m, this.row(kid, publicJwk, normalised), true);
    return { kid, pem: normalised };
  }

  private async generate(m: EntityManager): Promise<{ kid: string; pem: string }> {
    const { publicKey, privateKey } = await generateKeyPair(SIGNING_ALG, { extractable: true });
    const publicJwk = await exportJWK(publicKey);
    const kid = await calculateJwkThumbprint(publicJwk);
    const pem = await exportPKCS8(privateKey);
    await this.store.insert(m, this.row(kid, publicJwk, pem), false);
    return { kid, pem };
  }

  private row(kid: string, publicJwk: JWK, pem: string): NewKey {
    return {
      kid,
      alg: SIGNING_ALG,
      publicJwk: { ...publicJwk, kid, alg: SIGNING_ALG, use: 'sig' },
      sealedPkcs8: this.secrets.seal(pem, signingKeyContext(kid)),
    };
  }
}
