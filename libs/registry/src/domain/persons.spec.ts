import { DomainError } from '@gz/platform';
import { makeIdNumber } from './id-number';
import { checkIdentity, checkMoveDate, checkNewPersonPlace, identityOfNewPerson, requireVersion } from './persons';

const TODAY = '2026-11-20';
/** The error body `f` throws. */
const codeOf = (f: () => unknown): unknown => {
  try {
    f();
  } catch (error) {
    if (error instanceof DomainError) return error.body;
    throw error;
  }
  return undefined;
};

describe('person rules', () => {
  const id = makeIdNumber('510104', '1948-03-12', 18);

  it('takes birth date and gender from the identity number, which what is sent must agree with', () => {
    expect(identityOfNewPerson({ idNumber: id }, TODAY)).toEqual({
      idNumber: id,
      birthDate: '1948-03-12',
      gender: 'female',
    });
    expect(codeOf(() => identityOfNewPerson({ idNumber: id, birthDate: '1948-03-13' }, TODAY))).toMatchObject({
      code: 'unprocessable',
      details: { field: 'birthDate' },
    });
    expect(codeOf(() => identityOfNewPerson({ idNumber: id, gender: 'male' }, TODAY))).toMatchObject({
      details: { field: 'gender' },
    });
    const wrongCheck = id.slice(0, 17) + (id[17] === '0' ? '1' : '0');
    expect(codeOf(() => identityOfNewPerson({ idNumber: wrongCheck }, TODAY))).toMatchObject({
      details: { field: 'idNumber', reason: 'check_digit' },
    });
  });

  it('needs birth date and gender without an identity number, and a plausible birth date', () => {
    expect(codeOf(() => identityOfNewPerson({}, TODAY))).toMatchObject({
      code: 'invalid',
      details: { fields: { birthDate: [expect.any(String)], gender: [expect.any(String)] } },
    });
    expect(identityOfNewPerson({ birthDate: '1990-01-01', gender: 'male' }, TODAY)).toEqual({
      birthDate: '1990-01-01',
      gender: 'male',
    });
    expect(codeOf(() => identityOfNewPerson({ birthDate: '2027-01-01', gender: 'male' }, TODAY))).toMatchObject({
      details: { field: 'birthDate' },
    });
  });

  it('keeps birth date and gender consistent with the identity number after a change', () => {
    expect(() => checkIdentity('1948-03-12', 'female', id, TODAY)).not.toThrow();
    expect(() => checkIdentity('1990-01-01', 'male', null, TODAY)).not.toThrow();
    expect(codeOf(() => checkIdentity('1948-03-11', 'female', id, TODAY))).toMatchObject({
      details: { field: 'birthDate' },
    });
    expect(codeOf(() => checkIdentity('1948-03-12', 'male', id, TODAY))).toMatchObject({
      details: { field: 'gender' },
    });
  });

  it('places a new person in a household or a grid', () => {
    expect(codeOf(() => checkNewPersonPlace({}))).toMatchObject({
      code: 'invalid',
      details: { fields: { gridPath: [expect.any(String)] } },
    });
    expect(codeOf(() => checkNewPersonPlace({ gridPath: 'd01.s01.c01.g01', relation: 'head' }))).toMatchObject({
      details: { fields: { householdId: [expect.any(String)] } },
    });
    expect(() => checkNewPersonPlace({ householdId: 'h', relation: 'head' })).not.toThrow();
  });

  it('dates moves between birth and today, and refuses a stale version', () => {
    expect(() => checkMoveDate('2020-01-01', '1948-03-12', TODAY, 'date')).not.toThrow();
    expect(codeOf(() => checkMoveDate('2026-11-21', '1948-03-12', TODAY, 'date'))).toMatchObject({
      details: { field: 'date' },
    });
    expect(codeOf(() => checkMoveDate('1940-01-01', '1948-03-12', TODAY, 'movedInOn'))).toMatchObject({
      details: { field: 'movedInOn' },
    });
    expect(() => requireVersion('person', undefined, 3)).not.toThrow();
    expect(codeOf(() => requireVersion('person', 2, 3))).toMatchObject({
      code: 'conflict',
      details: { currentVersion: 3 },
    });
  });
});
