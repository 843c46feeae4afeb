import { ConfigError, loadConfig } from '@gz/platform';
import { randomBytes } from 'node:crypto';
import { DEV_IDENTITY_SECRETS_KEY, IdentityConfig, secretKeysOf } from './identity.config';

const b64 = (n = 32) => randomBytes(n).toString('base64');
const keys = (env: Record<string, string>) => secretKeysOf(loadConfig(IdentityConfig, env));
/** the message of the ConfigError thrown by f */
const problem = (f: () => unknown): string => {
  try {
    f();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('no error');
};

describe('identity configuration', () => {
  it('has the documented defaults', () => {
    expect({ ...loadConfig(IdentityConfig, {}) }).toEqual({
      NODE_ENV: 'development',
      ACCESS_TOKEN_TTL_S: 900,
      REFRESH_TOKEN_TTL_S: 7 * 86400,
      SESSION_IDLE_TIMEOUT_S: 1800,
      LOGIN_MAX_FAILURES: 5,
      LOGIN_LOCKOUT_S: 900,
      MFA_REQUIRED_ROLES: [],
      JWT_ISSUER: 'gongzhi-identity',
      JWT_AUDIENCE: 'gongzhi',
    });
  });

  it('reads numbers, role lists and a PEM with escaped newlines', () => {
    const config = loadConfig(IdentityConfig, {
      ACCESS_TOKEN_TTL_S: '300',
      MFA_REQUIRED_ROLES: 'district_admin, street_admin',
      IDENTITY_SIGNING_KEY: '-----BEGIN PRIVATE KEY-----\\nMIGHAgEA\\n-----END PRIVATE KEY-----',
    });
    expect(config.ACCESS_TOKEN_TTL_S).toBe(300);
    expect(config.MFA_REQUIRED_ROLES).toEqual(['district_admin', 'street_admin']);
    expect(config.IDENTITY_SIGNING_KEY).toBe('-----BEGIN PRIVATE KEY-----\nMIGHAgEA\n-----END PRIVATE KEY-----');
  });

  it('names the variable that is wrong', () => {
    expect(() => loadConfig(IdentityConfig, { MFA_REQUIRED_ROLES: 'district_admin,mayor' })).toThrow(
      /MFA_REQUIRED_ROLES/,
    );
    expect(() => loadConfig(IdentityConfig, { LOGIN_MAX_FAILURES: 'five' })).toThrow(ConfigError);
    expect(() => loadConfig(IdentityConfig, { IDENTITY_SIGNING_KEY: 'secret' })).toThrow(/IDENTITY_SIGNING_KEY/);
  });

  describe('the key that seals TOTP secrets and signing keys', () => {
    it('is the development key, id dev, outside production', () => {
      const k = keys({});
      expect(k.currentKeyId).toBe('dev');
      expect(k.keys.get('dev')).toEqual(Buffer.from(DEV_IDENTITY_SECRETS_KEY, 'base64'));
      expect(keys({ NODE_ENV: 'test' }).currentKeyId).toBe('dev');
    });

    it('is required in production, and not the development one', () => {
      expect(problem(() => keys({ NODE_ENV: 'production' }))).toMatch(
        /IDENTITY_SECRETS_KEY: required when NODE_ENV=production/,
      );
      expect(problem(() => keys({ NODE_ENV: 'production', IDENTITY_SECRETS_KEY: DEV_IDENTITY_SECRETS_KEY }))).toMatch(
        /development key cannot be used in production/,
      );
      expect(keys({ NODE_ENV: 'production', IDENTITY_SECRETS_KEY: b64() }).currentKeyId).toBe('k1');
    });

    it('names a key of the wrong size or format without repeating it', () => {
      for (const bad of [b64(16), 'not base64 at all!!', `${b64()}x`]) {
        const message = problem(() => keys({ IDENTITY_SECRETS_KEY: bad }));
        expect(message).toMatch(/IDENTITY_SECRETS_KEY: must be base64 of 32 bytes/);
        expect(message).not.toContain(bad);
      }
      const old = b64(31);
      const message = problem(() => keys({ IDENTITY_SECRETS_KEY: b64(), IDENTITY_SECRETS_PREVIOUS_KEYS: `k0:${old}` }));
      expect(message).toMatch(/IDENTITY_SECRETS_PREVIOUS_KEYS \(k0\): must be base64 of 32 bytes/);
      expect(message).not.toContain(old);
      const noId = b64();
      expect(problem(() => keys({ IDENTITY_SECRETS_PREVIOUS_KEYS: noId }))).not.toContain(noId);
      expect(problem(() => keys({ IDENTITY_SECRETS_KEY_ID: 'k2' }))).toMatch(
        /IDENTITY_SECRETS_KEY_ID: set it together/,
      );
      expect(() => keys({ IDENTITY_SECRETS_KEY: b64(), IDENTITY_SECRETS_KEY_ID: 'k 2' })).toThrow(
        /IDENTITY_SECRETS_KEY_ID/,
      );
    });

    it('takes previous keys by id for a rotation', () => {
      const old = b64();
      const k = keys({
        IDENTITY_SECRETS_KEY: b64(),
        IDENTITY_SECRETS_KEY_ID: 'k2',
        IDENTITY_SECRETS_PREVIOUS_KEYS: `k1:${old},dev:${DEV_IDENTITY_SECRETS_KEY}`,
      });
      expect(k.currentKeyId).toBe('k2');
      expect([...k.keys.keys()]).toEqual(['k2', 'k1', 'dev']);
      expect(k.keys.get('k1')).toEqual(Buffer.from(old, 'base64'));
      expect(() => keys({ IDENTITY_SECRETS_KEY: b64(), IDENTITY_SECRETS_PREVIOUS_KEYS: `k1:${old}` })).toThrow(
        /k1 given twice/,
      );
    });
  });
});
