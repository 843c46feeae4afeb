import { randomBytes } from 'node:crypto';
import { FieldSealer } from './field-sealer';

const key = () => randomBytes(32);

describe('FieldSealer', () => {
  it('opens what it sealed, only with the same context', () => {
    const s = new FieldSealer([{ id: 'k1', key: key() }], 'test');
    const sealed = s.seal('13800000000', 'contact:a');
    expect(sealed.startsWith('k1:')).toBe(true);
    expect(sealed).not.toContain('13800000000');
    expect(s.open(sealed, 'contact:a')).toBe('13800000000');
    expect(() => s.open(sealed, 'contact:b')).toThrow();
    expect(s.seal('13800000000', 'contact:a')).not.toBe(sealed);
  });

  it('still opens values under an earlier key after rotation and says they need resealing', () => {
    const k1 = { id: 'k1', key: key() };
    const k2 = { id: 'k2', key: key() };
    const before = new FieldSealer([k1], 'test').seal('x', 'c');
    const after = new FieldSealer([k2, k1], 'test');
    expect(after.open(before, 'c')).toBe('x');
    expect(after.needsResealing(before)).toBe(true);
    expect(after.needsResealing(after.seal('x', 'c'))).toBe(false);
    expect(() => new FieldSealer([k2], 'test').open(before, 'c')).toThrow(/k1, which is not configured/);
  });

  it('reads its keys from settings: development key outside production, refused in it', () => {
    const dev = Buffer.alloc(32, 7).toString('base64');
    const base = { name: 'X_PII_KEY', developmentKey: dev, indexLabel: 'x' };
    expect(FieldSealer.fromSettings(base).seal('v', 'c').startsWith('dev:')).toBe(true);
    expect(() => FieldSealer.fromSettings({ ...base, nodeEnv: 'production' })).toThrow(/X_PII_KEY: required/);
    expect(() => FieldSealer.fromSettings({ ...base, key: dev, nodeEnv: 'production' })).toThrow(/development key/);
    const k = key().toString('base64');
    const old = key().toString('base64');
    const s = FieldSealer.fromSettings({ ...base, key: k, keyId: 'k2', previous: `k1=${old}` });
    expect(s.open(FieldSealer.fromSettings({ ...base, key: old }).seal('v', 'c'), 'c')).toBe('v');
    expect(() => FieldSealer.fromSettings({ ...base, key: Buffer.alloc(16).toString('base64') })).toThrow(/32 bytes/);
  });

  it('gives the same blind index for the same value and key, another for another value', () => {
    const k = key();
    const a = new FieldSealer([{ id: 'k1', key: k }], 'label');
    expect(a.index('138')).toBe(new FieldSealer([{ id: 'k1', key: k }], 'label').index('138'));
    expect(a.index('138')).not.toBe(a.index('139'));
    expect(a.index('138')).not.toBe(new FieldSealer([{ id: 'k1', key: k }], 'other').index('138'));
  });
});
