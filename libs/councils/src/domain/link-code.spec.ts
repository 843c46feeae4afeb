import { linkCodeHash, newLinkCode, normaliseLinkCode } from './link-code';

describe('link codes', () => {
  it('are eight unambiguous characters read back whatever the case and dashes', () => {
    const code = newLinkCode();
    expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(normaliseLinkCode(code.toLowerCase())).toBe(code.replace('-', ''));
    expect(normaliseLinkCode(' ' + code.replace('-', ' ') + ' ')).toBe(code.replace('-', ''));
  });

  it('refuse what cannot be a code', () => {
    expect(normaliseLinkCode('ABCD-EFG0')).toBeNull();
    expect(normaliseLinkCode('ABC')).toBeNull();
  });

  it('are stored as a hash', () => {
    expect(linkCodeHash('ABCDEFGH')).toMatch(/^[0-9a-f]{64}$/);
    expect(linkCodeHash('ABCDEFGH')).not.toBe(linkCodeHash('ABCDEFGJ'));
  });
});
