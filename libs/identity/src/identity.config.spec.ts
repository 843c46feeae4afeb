import { ConfigError, loadConfig } from '@gz/platform';
import { IdentityConfig } from './identity.config';

describe('identity configuration', () => {
  it('has the documented defaults', () => {
    expect({ ...loadConfig(IdentityConfig, {}) }).toEqual({
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
});
