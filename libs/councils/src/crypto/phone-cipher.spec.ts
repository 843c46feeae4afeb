import { randomBytes } from 'node:crypto';
import { FieldSealer } from '@gz/platform';
import type { CouncilsConfig } from '../councils.config';
import { DEV_COUNCILS_PII_KEY, PhoneCipher } from './phone-cipher';

const config = (over: Partial<CouncilsConfig>): CouncilsConfig => ({ ...over }) as CouncilsConfig;

describe('sealed phones', () => {
  const cipher = new PhoneCipher(new FieldSealer([{ id: 'k1', key: randomBytes(32) }], 'gongzhi councils phone index'));

  it('open for the owner they were sealed for, and only for them', () => {
    const sealed = cipher.seal('13800001234', 'owner-a');
    expect(sealed).toMatch(/^k1:/);
    expect(sealed).not.toContain('13800001234');
    expect(cipher.open(sealed, 'owner-a')).toBe('13800001234');
    expect(() => cipher.open(sealed, 'owner-b')).toThrow();
  });

  it('index the digits of a phone, not its spelling', () => {
    expect(cipher.index('028-8765432')).toBe(cipher.index('0288765432'));
    expect(cipher.index('13800001234')).not.toBe(cipher.index('13800001235'));
  });

  it('need a key of their own in production', () => {
    expect(() => PhoneCipher.fromConfig(config({ NODE_ENV: 'production' }))).toThrow(/COUNCILS_PII_KEY/);
    expect(() =>
      PhoneCipher.fromConfig(config({ NODE_ENV: 'production', COUNCILS_PII_KEY: DEV_COUNCILS_PII_KEY })),
    ).toThrow(/development key/);
    expect(() => PhoneCipher.fromConfig(config({}))).not.toThrow();
    expect(() => PhoneCipher.fromConfig(config({ COUNCILS_PII_KEY: randomBytes(16).toString('base64') }))).toThrow(
      /32 bytes/,
    );
  });
});
