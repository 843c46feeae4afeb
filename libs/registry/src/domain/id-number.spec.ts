import { checkIdNumber, idCheckCharacter, makeIdNumber, plausibleBirthDate } from './id-number';

const TODAY = new Date('2026-06-01T00:00:00Z');

describe('GB 11643 identity numbers', () => {
  it('accepts the numbers printed in the standard and reads birth date and gender', () => {
    expect(checkIdNumber('11010519491231002X', TODAY)).toEqual({
      ok: true,
      info: { normalized: '11010519491231002X', birthDate: '1949-12-31', gender: 'female' },
    });
    expect(checkIdNumber('440524188001010014', new Date('2026-01-01'))).toMatchObject({
      ok: false,
      problem: 'birth_date',
    });
    expect(checkIdNumber('11010519491231002x', TODAY)).toMatchObject({
      ok: true,
      info: { normalized: '11010519491231002X' },
    });
    expect(checkIdNumber('510104195003120010', TODAY)).toMatchObject({
      ok: true,
      info: { birthDate: '1950-03-12', gender: 'male' },
    });
  });

  it('computes the ISO 7064 MOD 11-2 check character', () => {
    expect(idCheckCharacter('11010519491231002')).toBe('X');
    expect(idCheckCharacter('51010419500312001')).toBe('0');
    expect(idCheckCharacter('44052418800101001')).toBe('4');
  });

  it('rejects a wrong check character, naming the problem', () => {
    expect(checkIdNumber('110105194912310021', TODAY)).toEqual({ ok: false, problem: 'check_digit' });
    expect(checkIdNumber('510104195003120013', TODAY)).toEqual({ ok: false, problem: 'check_digit' });
    // one digit mistyped: the check character catches it
    expect(checkIdNumber('510104195003121010', TODAY)).toEqual({ ok: false, problem: 'check_digit' });
  });

  it('rejects wrong lengths, letters, unknown regions and impossible birth dates', () => {
    expect(checkIdNumber('51010419500312001', TODAY)).toEqual({ ok: false, problem: 'length' });
    expect(checkIdNumber('5101041950031200130', TODAY)).toEqual({ ok: false, problem: 'length' });
    expect(checkIdNumber('51010419500312A013', TODAY)).toEqual({ ok: false, problem: 'format' });
    expect(checkIdNumber(makeIdNumber('990104', '1950-03-12', 1), TODAY)).toEqual({ ok: false, problem: 'region' });
    expect(checkIdNumber(makeIdNumber('510104', '1950-02-30', 1), TODAY)).toEqual({ ok: false, problem: 'birth_date' });
    expect(checkIdNumber(makeIdNumber('510104', '2030-01-01', 1), TODAY)).toEqual({ ok: false, problem: 'birth_date' });
    expect(checkIdNumber(makeIdNumber('510104', '1899-12-31', 1), TODAY)).toEqual({ ok: false, problem: 'birth_date' });
  });

  it('makes valid numbers for seeds', () => {
    const id = makeIdNumber('510104', '2019-07-08', 22);
    expect(id).toMatch(/^51010420190708022[\dX]$/);
    expect(checkIdNumber(id, TODAY)).toMatchObject({ ok: true, info: { birthDate: '2019-07-08', gender: 'female' } });
  });

  it('knows plausible birth dates', () => {
    expect(plausibleBirthDate('2000-02-29', TODAY)).toBe(true);
    expect(plausibleBirthDate('1900-02-29', TODAY)).toBe(false);
    expect(plausibleBirthDate('2026-06-01', TODAY)).toBe(true);
    expect(plausibleBirthDate('2026-06-02', TODAY)).toBe(false);
  });
});
