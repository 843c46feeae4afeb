import { organisationProblems } from './organisation-rules';

const ok = { legalStatus: 'filed' as const, communityPath: 'd01.s01.c01', communitiesServed: ['d01.s01.c01'] };

describe('organisation rules', () => {
  it('accepts a filed group serving its own community', () => {
    expect(organisationProblems(ok)).toEqual({});
  });

  it('asks a registered organisation for its credit code, and only it', () => {
    expect(organisationProblems({ ...ok, legalStatus: 'registered' })).toHaveProperty('creditCode');
    expect(organisationProblems({ ...ok, legalStatus: 'registered', creditCode: 'X' })).toEqual({});
    expect(organisationProblems({ ...ok, legalStatus: 'informal', creditCode: 'X' })).toHaveProperty('creditCode');
  });

  it('serves its own community and stays in its district', () => {
    expect(organisationProblems({ ...ok, communitiesServed: ['d01.s01.c02'] })).toHaveProperty('communitiesServed');
    expect(organisationProblems({ ...ok, communitiesServed: ['d01.s01.c01', 'd02.s01.c01'] })).toHaveProperty(
      'communitiesServed',
    );
  });
});
