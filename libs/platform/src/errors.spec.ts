import { findUnstorableText, toErrorBody, unstorableTextError } from './errors';

describe('text PostgreSQL cannot store', () => {
  it('finds a NUL byte in a string, at any depth, and names its field', () => {
    expect(findUnstorableText('a\u0000b')).toEqual({ field: '', problem: 'nul' });
    expect(findUnstorableText({ address: { street: 'x', lines: ['ok', 'a\u0000'] } })).toEqual({
      field: 'address.lines.1',
      problem: 'nul',
    });
    expect(findUnstorableText({ q: 'a' }, 'headers')).toBeNull();
    expect(findUnstorableText({ q: 'a\u0000' }, 'headers')).toEqual({ field: 'headers.q', problem: 'nul' });
  });

  it('finds one in a key, and a lone surrogate, and lets well-formed text through', () => {
    expect(findUnstorableText({ 'a\u0000': 1 })).toEqual({ field: 'a\u0000', problem: 'nul' });
    expect(findUnstorableText({ name: 'x\ud800y' })).toEqual({ field: 'name', problem: 'unicode' });
    expect(findUnstorableText({ name: 'x\udc00' })).toEqual({ field: 'name', problem: 'unicode' });
    expect(
      findUnstorableText({ name: '街道 🏠 \\u0000', n: 1, ok: true, none: null, data: Buffer.from([0]) }),
    ).toBeNull();
  });

  it('walks any depth without overflowing the stack', () => {
    let deep: unknown = 'end\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findUnstorableText(deep)?.problem).toBe('nul');
  });

  it('answers invalid, naming the field with the NUL written out', () => {
    expect(unstorableTextError({ field: 'user\u0000name', problem: 'nul' }).body).toEqual({
      code: 'invalid',
      message: 'Input must not contain a NUL byte',
      details: { fields: { 'user\\0name': ['must not contain a NUL byte'] } },
    });
    expect(unstorableTextError({ field: 'q', problem: 'unicode' }).body.message).toBe(
      'Input must be well-formed Unicode text',
    );
  });

  it('answers PostgreSQL refusing text as invalid, not internal', () => {
    const failed = (code: string) =>
      Object.assign(new Error('query failed'), { driverError: { code, message: 'invalid byte sequence' } });
    expect(toErrorBody(failed('22021')).code).toBe('invalid');
    expect(toErrorBody(failed('22P05')).code).toBe('invalid');
  });
});
