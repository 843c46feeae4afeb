import { CERTIFICATE_CODE } from '@gz/contracts';
import { certificateCode, certificateIdOf, codeVerifies } from './certificate-code';

const key = Buffer.alloc(32, 7);
const id = '0196c0de-1234-7abc-8def-0123456789ab';
const statement = JSON.stringify({ minutes: 150, entries: [{ activity: '敬老助餐' }] });

describe('certificate verification codes', () => {
  it('names the certificate and verifies its statement', () => {
    const code = certificateCode(key, id, statement);
    expect(code).toMatch(CERTIFICATE_CODE);
    expect(certificateIdOf(code)).toBe(id);
    expect(codeVerifies(key, code, id, statement)).toBe(true);
  });

  it('does not verify an altered statement, another key or a changed code', () => {
    const code = certificateCode(key, id, statement);
    expect(codeVerifies(key, code, id, statement.replace('150', '1500'))).toBe(false);
    expect(codeVerifies(Buffer.alloc(32, 8), code, id, statement)).toBe(false);
    const last = code.at(-2) === 'A' ? 'B' : 'A';
    const changed = code.slice(0, -2) + last + code.slice(-1);
    expect(codeVerifies(key, changed, id, statement)).toBe(false);
    expect(certificateIdOf('not-a-code')).toBeNull();
  });
});
