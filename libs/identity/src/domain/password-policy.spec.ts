import { DomainError } from '@gz/platform';
import { passwordProblems, requireStrongPassword } from './password-policy';

describe('password policy', () => {
  it('accepts three of four classes', () => {
    expect(passwordProblems('Gongzhi@2026', 'district-admin')).toEqual([]);
    expect(passwordProblems('gongzhi@2026', 'x-user')).toEqual([]); // lower, symbol, digit
    expect(passwordProblems('GONGZHIabcd', 'x-user')).toHaveLength(1); // two classes
  });

  it('refuses short passwords', () => {
    expect(passwordProblems('Ab1!', 'someone')).toContain('at least 10 characters');
  });

  it('refuses passwords with fewer than three classes', () => {
    expect(passwordProblems('abcdefghijk', 'someone')).toEqual([
      'at least three of: lower-case letters, upper-case letters, digits, symbols',
    ]);
    expect(passwordProblems('1234567890!', 'someone')).toHaveLength(1);
  });

  it('refuses passwords that contain the username, whatever the case', () => {
    expect(passwordProblems('Grid-Worker-2026!', 'grid-worker')).toEqual(['must not contain the username']);
  });

  it('throws unprocessable naming the field', () => {
    try {
      requireStrongPassword('password', 'someone', 'newPassword');
      throw new Error('expected a failure');
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).body.code).toBe('unprocessable');
      expect((error as DomainError).body.message).toContain('newPassword');
      expect((error as DomainError).body.details).toMatchObject({ field: 'newPassword' });
    }
  });
});
