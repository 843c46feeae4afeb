import { communityOfPath, districtOfPath } from '@gz/contracts';
import { birthdayAt, isDue } from './life-events';

describe('life events', () => {
  it('computes the birthday a person turns N on, 29 February falling on 28 February in common years', () => {
    expect(birthdayAt('1946-08-20', 80)).toBe('2026-08-20');
    expect(birthdayAt('2020-02-29', 6)).toBe('2026-02-28');
    expect(birthdayAt('2020-02-29', 4)).toBe('2024-02-29');
  });

  it('is due once the birthday is reached by today, not before the rule existed, with its tag', () => {
    const rule = { ageYears: 80, since: '2026-01-01', tag: null };
    expect(isDue(rule, { birthDate: '1946-08-20', tags: [] }, '2026-08-19')).toBe(false);
    expect(isDue(rule, { birthDate: '1946-08-20', tags: [] }, '2026-08-20')).toBe(true);
    expect(isDue(rule, { birthDate: '1940-08-20', tags: [] }, '2026-08-20')).toBe(false);
    expect(isDue({ ...rule, tag: 'disabled' }, { birthDate: '1946-08-20', tags: [] }, '2026-09-01')).toBe(false);
    expect(isDue({ ...rule, tag: 'disabled' }, { birthDate: '1946-08-20', tags: ['disabled'] }, '2026-09-01')).toBe(
      true,
    );
  });

  it('names the district and the community of a path', () => {
    expect(districtOfPath('d01.s01.c01.g01')).toBe('d01');
    expect(communityOfPath('d01.s01.c01.g01')).toBe('d01.s01.c01');
  });
});
