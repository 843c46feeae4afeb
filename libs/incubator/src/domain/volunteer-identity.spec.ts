import { idNumberProblem, normaliseIdNumber } from './volunteer-identity';

describe("a volunteer's basic data", () => {
  it('normalises the identity number for the blind index', () => {
    expect(normaliseIdNumber(' 11010519491231002x ')).toBe('11010519491231002X');
  });

  it('checks the identity number: check character, birth date', () => {
    expect(idNumberProblem('11010519491231002X', '2026-05-12')).toBeNull();
    expect(idNumberProblem('11010519491231002x', '2026-05-12')).toBeNull();
    expect(idNumberProblem('110105194912310021', '2026-05-12')).toMatch(/check character/);
    expect(idNumberProblem('110105194902300021', '2026-05-12')).toMatch(/birth date/);
    expect(idNumberProblem('110105203001010021', '2026-05-12')).toMatch(/birth date/);
    expect(idNumberProblem('1101051949123100', '2026-05-12')).toMatch(/17 digits/);
  });
});
