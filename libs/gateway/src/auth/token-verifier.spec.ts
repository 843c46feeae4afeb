import { BusClient, DomainError } from '@gz/platform';
import { exportJWK, generateKeyPair, SignJWT, type JWK, type KeyLike } from 'jose';
import { GatewayConfig } from '../gateway-config';
import { TokenVerifier } from './token-verifier';

async function signingKey(kid: string): Promise<{ jwk: JWK; privateKey: KeyLike; kid: string }> {
  const { publicKey, privateKey } = await generateKeyPair('ES256');
  return { jwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' }, privateKey, kid };
}

function token(key: { privateKey: KeyLike; kid: string }, config: GatewayConfig): Promise<string> {
  return new SignJWT({ roles: ['grid_worker'], scopes: ['d01.s01'] })
    .setProtectedHeader({ alg: 'ES256', kid: key.kid })
    .setSubject('u1')
    .setIssuer(config.JWT_ISSUER)
    .setAudience(config.JWT_AUDIENCE)
    .setExpirationTime('5m')
    .sign(key.privateKey);
}

describe('access token verification', () => {
  const config = new GatewayConfig();

  it('verifies a token signed with a key of the key set, asking for the key set once', async () => {
    const known = await signingKey('k1');
    const request = jest.fn().mockResolvedValue({ keys: [known.jwk] });
    const verifier = new TokenVerifier({ request } as unknown as BusClient, config);
    const t = await token(known, config);
    expect((await verifier.verify(t)).actor).toMatchObject({ kind: 'user', id: 'u1', scopes: ['d01.s01'] });
    await verifier.verify(await token(known, config));
    expect(request).toHaveBeenCalledTimes(1);
  });

  it('refuses a token naming a key the identity service does not have as 401, not 500', async () => {
    const known = await signingKey('k1');
    const stranger = await signingKey('k-unknown');
    const request = jest.fn().mockResolvedValue({ keys: [known.jwk] });
    const verifier = new TokenVerifier({ request } as unknown as BusClient, config);
    const t = await token(stranger, config);
    // Just after the key set was fetched (no refetch yet), and again after the refetch.
    await expect(verifier.verify(t)).rejects.toMatchObject({ code: 'unauthorized' });
    jest.spyOn(Date, 'now').mockReturnValue(Date.now() + 60_000);
    try {
      const error: unknown = await verifier.verify(t).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({ code: 'unauthorized' });
      expect(request).toHaveBeenCalledTimes(2);
    } finally {
      jest.restoreAllMocks();
    }
  });
});
