import { base32Decode, base32Encode, newTotpSecret, totpCode, totpUri, totpValid } from './totp';

// RFC 6238 appendix B: SHA-1, secret "12345678901234567890", 8 digits; the 6-digit codes are
// the last six digits of the published values.
const RFC_SECRET = base32Encode(Buffer.from('12345678901234567890'));
const VECTORS: Array<[seconds: number, code: string]> = [
  [59, '287082'],
  [1111111109, '081804'],
  [1111111111, '050471'],
  [1234567890, '005924'],
  [2000000000, '279037'],
  [20000000000, '353130'],
];

describe('TOTP', () => {
  it('encodes base32 as RFC 4648 does', () => {
    expect(base32Encode(Buffer.from('foobar'))).toBe('MZXW6YTBOI');
    expect(Buffer.from(base32Decode('MZXW6YTBOI======')).toString()).toBe('foobar');
    expect(Buffer.from(base32Decode('mzxw 6ytb oi')).toString()).toBe('foobar');
    expect(() => base32Decode('MZXW1')).toThrow();
  });

  it.each(VECTORS)('gives the RFC 6238 code at %i s', async (seconds, code) => {
    await expect(totpCode(RFC_SECRET, new Date(seconds * 1000))).resolves.toBe(code);
  });

  it('accepts the current code and the neighbouring steps, nothing else', async () => {
    const secret = newTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const now = new Date();
    await expect(totpValid(secret, await totpCode(secret, now))).resolves.toBe(true);
    await expect(totpValid(secret, await totpCode(secret, new Date(now.getTime() - 30_000)))).resolves.toBe(true);
    await expect(totpValid(secret, await totpCode(secret, new Date(now.getTime() - 120_000)))).resolves.toBe(false);
    await expect(totpValid(secret, 'abcdef')).resolves.toBe(false);
  });

  it('makes an otpauth URI for authenticator apps', () => {
    const uri = totpUri('Gongzhi', 'street-admin', 'JBSWY3DPEHPK3PXP');
    expect(uri).toMatch(/^otpauth:\/\/totp\/Gongzhi:street-admin\?/);
    expect(uri).toContain('secret=JBSWY3DPEHPK3PXP');
    expect(uri).toContain('issuer=Gongzhi');
  });
});
