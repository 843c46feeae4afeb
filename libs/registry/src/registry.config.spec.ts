import { ConfigError, loadConfig } from '@gz/platform';
import { randomBytes } from 'node:crypto';
import { DEV_PII_ENCRYPTION_KEY, DEV_PII_KEY_ID, piiKeysOf, RegistryConfig } from './registry.config';

const keys = (env: NodeJS.ProcessEnv) => piiKeysOf(loadConfig(RegistryConfig, env));
const b64 = (n = 32) => randomBytes(n).toString('base64');

describe('registry configuration', () => {
  it('uses the documented development keys outside production', () => {
    const k = keys({ NODE_ENV: 'test' });
    expect(k.currentKeyId).toBe(DEV_PII_KEY_ID);
    expect(k.keys.get('dev')).toEqual(Buffer.from(DEV_PII_ENCRYPTION_KEY, 'base64'));
    expect(k.indexKey).toHaveLength(32);
  });

  it('refuses to start in production without real keys, naming the variables', () => {
    expect(() => keys({ NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => keys({ NODE_ENV: 'production' })).toThrow(
      /PII_ENCRYPTION_KEY: required[\s\S]*PII_INDEX_KEY: required/,
    );
    expect(() =>
      keys({ NODE_ENV: 'production', PII_ENCRYPTION_KEY: DEV_PII_ENCRYPTION_KEY, PII_INDEX_KEY: b64() }),
    ).toThrow(/development key cannot be used/);
    expect(keys({ NODE_ENV: 'production', PII_ENCRYPTION_KEY: b64(), PII_INDEX_KEY: b64() }).currentKeyId).toBe('k1');
  });

  it('checks key sizes and formats', () => {
    expect(() => keys({ PII_ENCRYPTION_KEY: b64(16) })).toThrow(
      /PII_ENCRYPTION_KEY: must be base64 of 32 bytes \(got 16\)/,
    );
    expect(() => keys({ PII_ENCRYPTION_KEY: 'not base64!' })).toThrow(/PII_ENCRYPTION_KEY/);
    expect(() => keys({ PII_INDEX_KEY: b64(8) })).toThrow(/PII_INDEX_KEY/);
    expect(() => keys({ PII_KEY_ID: 'k9' })).toThrow(/PII_KEY_ID: set it together/);
  });

  it('keeps previous keys for decryption under their ids', () => {
    const old = b64();
    const k = keys({
      PII_ENCRYPTION_KEY: b64(),
      PII_KEY_ID: 'k2',
      PII_PREVIOUS_KEYS: `k1:${old},dev:${DEV_PII_ENCRYPTION_KEY}`,
    });
    expect(k.currentKeyId).toBe('k2');
    expect([...k.keys.keys()]).toEqual(['k2', 'k1', 'dev']);
    expect(() => keys({ PII_ENCRYPTION_KEY: b64(), PII_PREVIOUS_KEYS: `k1:${old}` })).toThrow(/k1 given twice/);
  });
});
