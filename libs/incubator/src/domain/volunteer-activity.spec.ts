import {
  activityProblems,
  checkProblem,
  checkWindow,
  codeMatches,
  newCheckCode,
  normaliseCheckCode,
} from './volunteer-activity';

const at = (hhmm: string) => new Date(`2026-05-16T${hhmm}:00+08:00`);
const activity = { startsAt: at('09:00'), endsAt: at('11:30') };

describe('volunteer activities', () => {
  it('takes activities that end after they start, within a day', () => {
    expect(activityProblems(activity)).toEqual({});
    expect(activityProblems({ startsAt: at('09:00'), endsAt: at('09:00') })).toHaveProperty('endsAt');
    expect(activityProblems({ startsAt: at('09:00'), endsAt: new Date('2026-05-17T09:01:00+08:00') })).toHaveProperty(
      'endsAt',
    );
  });

  it('makes short codes and reads them as typed', () => {
    const code = newCheckCode();
    expect(code).toMatch(/^[A-HJKMNP-Z2-9]{6}$/);
    expect(codeMatches(code.toLowerCase().replace(/^(...)/, '$1-'), code)).toBe(true);
    expect(codeMatches('AAAAAA', 'BBBBBB')).toBe(false);
    expect(codeMatches('AAAAA', 'AAAAAA')).toBe(false);
    expect(normaliseCheckCode(' k7p 3qx ')).toBe('K7P3QX');
  });

  it('accepts the code during the activity window only, and check-out after check-in', () => {
    const window = checkWindow(activity, 30);
    expect(window).toEqual({ from: at('08:30'), until: at('12:00') });
    const confirmed = { status: 'confirmed' as const, checkedInAt: null, checkedOutAt: null };
    expect(checkProblem('in', confirmed, window, at('08:45'))).toBeNull();
    expect(checkProblem('in', confirmed, window, at('08:29'))).toMatch(/not valid yet/);
    expect(checkProblem('in', confirmed, window, at('12:01'))).toMatch(/expired/);
    expect(checkProblem('out', confirmed, window, at('11:30'))).toMatch(/check in first/);
    expect(checkProblem('out', { ...confirmed, checkedInAt: at('08:50') }, window, at('11:30'))).toBeNull();
    expect(checkProblem('in', { ...confirmed, status: 'waiting' }, window, at('09:00'))).toMatch(/confirmed/);
  });
});
