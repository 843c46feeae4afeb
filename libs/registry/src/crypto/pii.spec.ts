import { randomBytes } from 'node:crypto';
import { PiiCipher } from './pii';

const key = (n: number) => Buffer.alloc(32, n);

describe('PiiCipher', () => {
  const cipher = new PiiCipher({ currentKeyId: 'k1', keys: new Map([['k1', key(1)]]), indexKey: key(9) });

  it('encrypts with a fresh IV and decrypts', () => {
    const a = cipher.seal('11010519491231002X', 'idNumber', 'row-1');
    const b = cipher.seal('11010519491231002X', 'idNumber', 'row-1');
    expect(a.keyId).toBe('k1');
    expect(a.cipher).not.toBe(b.cipher);
    expect(a.cipher).not.toContain('1101051949');
    expect(cipher.open(a, 'idNumber', 'row-1')).toBe('11010519491231002X');
  });

  it('refuses a ciphertext moved to another row or field, or tampered with', () => {
    const a = cipher.seal('13812345678', 'phone', 'row-1');
    expect(() => cipher.open(a, 'phone', 'row-2')).toThrow();
    expect(() => cipher.open(a, 'idNumber', 'row-1')).toThrow();
    const raw = Buffer.from(a.cipher, 'base64');
    raw[raw.length - 1] ^= 1;
    expect(() => cipher.open({ ...a, cipher: raw.toString('base64') }, 'phone', 'row-1')).toThrow();
  });

  it('keeps old values readable after a key rotation', () => {
    const old = cipher.seal('13812345678', 'phone', 'r');
    const rotated = new PiiCipher({
      currentKeyId: 'k2',
      keys: new Map([
        ['k1', key(1)],
        ['k2', key(2)],
      ]),
      indexKey: key(9),
    });
    expect(rotated.open(old, 'phone', 'r')).toBe('13812345678');
    const fresh = rotated.seal('13812345678', 'phone', 'r');
    expect(fresh.keyId).toBe('k2');
    expect(() => cipher.open(fresh, 'phone', 'r')).toThrow(/k2 is not configured/);
    expect([rotated.hasKey('k1'), rotated.hasKey('k2'), cipher.hasKey('k2')]).toEqual([true, true, false]);
  });

  it('makes a deterministic blind index that depends on the key and the field', () => {
    const same = new PiiCipher({ currentKeyId: 'x', keys: new Map([['x', randomBytes(32)]]), indexKey: key(9) });
    expect(cipher.blindIndex('11010519491231002X', 'idNumber')).toBe(same.blindIndex('11010519491231002X', 'idNumber'));
    expect(cipher.blindIndex('11010519491231002X', 'idNumber')).toMatch(/^[0-9a-f]{64}$/);
    expect(cipher.blindIndex('11010519491231002X', 'idNumber')).not.toBe(
      cipher.blindIndex('110105194912310021', 'idNumber'),
    );
    expect(cipher.blindIndex('13812345678', 'phone')).not.toBe(cipher.blindIndex('13812345678', 'idNumber'));
    const other = new PiiCipher({ currentKeyId: 'k1', keys: new Map([['k1', key(1)]]), indexKey: key(8) });
    expect(other.blindIndex('13812345678', 'phone')).not.toBe(cipher.blindIndex('13812345678', 'phone'));
  });

  it('refuses keys of the wrong size', () => {
    expect(
      () => new PiiCipher({ currentKeyId: 'k', keys: new Map([['k', Buffer.alloc(16)]]), indexKey: key(1) }),
    ).toThrow(/32 bytes/);
  });
});
