import { roleRequiresMfa, secondFactorStep, sessionFactors } from './mfa';

describe('second factor', () => {
  const required = ['district_admin', 'street_admin'];

  it('requires MFA only for configured roles', () => {
    expect(roleRequiresMfa(['street_admin', 'grid_worker'], required)).toBe(true);
    expect(roleRequiresMfa(['grid_worker'], required)).toBe(false);
    expect(roleRequiresMfa(['district_admin'], [])).toBe(false);
  });

  it('limits an admin without a second factor to enrolment', () => {
    expect(sessionFactors({ roles: ['district_admin'], totpEnabled: false }, required)).toEqual({
      amr: ['pwd'],
      enrollOnly: true,
    });
    expect(sessionFactors({ roles: ['district_admin'], totpEnabled: true }, required)).toEqual({
      amr: ['pwd', 'otp'],
      enrollOnly: false,
    });
    expect(sessionFactors({ roles: ['resident'], totpEnabled: false }, required)).toEqual({
      amr: ['pwd'],
      enrollOnly: false,
    });
  });

  it('asks for a code only when TOTP is on', () => {
    expect(secondFactorStep(false, undefined)).toBe('none');
    expect(secondFactorStep(false, '123456')).toBe('none');
    expect(secondFactorStep(true, undefined)).toBe('ask');
    expect(secondFactorStep(true, '123456')).toBe('check');
  });
});
