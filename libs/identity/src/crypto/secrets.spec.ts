import { randomBytes } from 'node:crypto';
import { isSealed, openSecret, SecretBox, sealedKeyId, sealSecret, type SecretKeys } from './secrets';

const ring = (currentKeyId: string, keys: Record<string, Buffer>): SecretKeys => ({
  currentKeyId,
  keys: new Map(Object.entries(keys)),
});

describe('sealed secrets', () => {
  const k1 = randomBytes(32);
  const keys = ring('k1', { k1 });

  it('round-trips, with a fresh IV each time, in the self-describing format', () => {
    const a = sealSecret('JBSWY3DPEHPK3PXP', keys, 'ctx:1');
    const b = sealSecret('JBSWY3DPEHPK3PXP', keys, 'ctx:1');
    expect(a).toMatch(/^gz1:k1:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('JBSWY3DPEHPK3PXP');
    expect(isSealed(a)).toBe(true);
    expect(sealedKeyId(a)).toBe('k1');
    expect(openSecret(a, keys, 'ctx:1')).toBe('JBSWY3DPEHPK3PXP');
    expect(openSecret(b, keys, 'ctx:1')).toBe('JBSWY3DPEHPK3PXP');
    const pem = '-----BEGIN PRIVATE KEY-----\nMIGHAgEA…\n-----END PRIVATE KEY-----\n';
    expect(openSecret(sealSecret(pem, keys, 'k'), keys, 'k')).toBe(pem);
  });

  it('refuses a value that was altered, or moved to another context', () => {
    const sealed = sealSecret('JBSWY3DPEHPK3PXP', keys, 'ctx:1');
    const [prefix, id, iv, tag, body] = sealed.split(':');
    const flip = (b64: string) => {
      const raw = Buffer.from(b64, 'base64');
      raw[0] ^= 1;
      return raw.toString('base64');
    };
    for (const tampered of [
      [prefix, id, iv, tag, flip(body)],
      [prefix, id, iv, flip(tag), body],
      [prefix, id, flip(iv), tag, body],
    ])
      expect(() => openSecret(tampered.join(':'), keys, 'ctx:1')).toThrow(/does not open with key k1/);
    expect(() => openSecret(sealed, keys, 'ctx:2')).toThrow(/does not open/);
    expect(() => openSecret(`${prefix}:${id}:${iv}`, keys, 'ctx:1')).toThrow(/malformed/);
    // a key of the same id but other bytes
    expect(() => openSecret(sealed, ring('k1', { k1: randomBytes(32) }), 'ctx:1')).toThrow(/does not open/);
  });

  it('names a key id that is not configured', () => {
    const sealed = sealSecret('secret', ring('k7', { k7: randomBytes(32) }), 'ctx');
    expect(() => openSecret(sealed, keys, 'ctx')).toThrow(/key id k7, which is not configured/);
  });

  it('reads a value without the prefix as a legacy plain value', () => {
    expect(isSealed('JBSWY3DPEHPK3PXP')).toBe(false);
    expect(sealedKeyId('JBSWY3DPEHPK3PXP')).toBeUndefined();
    expect(openSecret('JBSWY3DPEHPK3PXP', keys, 'ctx')).toBe('JBSWY3DPEHPK3PXP');
    expect(openSecret('-----BEGIN PRIVATE KEY-----', keys, 'ctx')).toBe('-----BEGIN PRIVATE KEY-----');
  });

  it('opens values sealed under a previous key after a rotation, and seals new ones with the current key', () => {
    const old = sealSecret('secret', keys, 'ctx');
    const rotated = new SecretBox(ring('k2', { k2: randomBytes(32), k1 }));
    expect(rotated.open(old, 'ctx')).toBe('secret');
    expect(rotated.stale(old)).toBe(true);
    expect(rotated.stale('plain')).toBe(true);
    const fresh = rotated.seal('secret', 'ctx');
    expect(sealedKeyId(fresh)).toBe('k2');
    expect(rotated.stale(fresh)).toBe(false);
    expect(() => openSecret(fresh, keys, 'ctx')).toThrow(/key id k2/);
  });

  it('refuses a key ring without its current key or with a key of the wrong size', () => {
    expect(() => new SecretBox(ring('k2', { k1 }))).toThrow(/k2 is not among the keys/);
    expect(() => new SecretBox(ring('k1', { k1: randomBytes(16) }))).toThrow(/32 bytes/);
  });
});
