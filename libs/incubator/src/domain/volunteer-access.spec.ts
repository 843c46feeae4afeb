import type { Actor, Role } from '@gz/contracts';
import { isSelf, managesTeam, neighbourhoods, readsTeam, seesActivity, type TeamFacts } from './volunteer-access';

const user = (id: string, role: Role, ...scopes: string[]): Actor => ({ kind: 'user', id, roles: [role], scopes });
const orgTeam: TeamFacts = { communityPath: 'd01.s01.c01', organiserIds: ['leader'], orgPath: 'd01.s01.so01' };
const committeeTeam: TeamFacts = { communityPath: 'd01.s01.c02', organiserIds: ['leader'], orgPath: null };

describe('who runs and reads volunteer teams', () => {
  it("lets the organisers, the organisation's staff and the community's keepers run a team", () => {
    expect(managesTeam(user('leader', 'resident', 'd01.s01.c01.g01'), orgTeam)).toBe(true);
    expect(managesTeam(user('x', 'social_org_staff', 'd01.s01.so01'), orgTeam)).toBe(true);
    expect(managesTeam(user('x', 'social_org_staff', 'd01.s01.so01'), committeeTeam)).toBe(false);
    expect(managesTeam(user('x', 'community_secretary', 'd01.s01.c02'), committeeTeam)).toBe(true);
    expect(managesTeam(user('x', 'community_secretary', 'd01.s01.c01'), committeeTeam)).toBe(false);
    expect(managesTeam(user('x', 'auditor', 'd01'), orgTeam)).toBe(false);
    expect(managesTeam(user('other', 'resident', 'd01.s01.c01.g01'), orgTeam)).toBe(false);
    expect(managesTeam({ kind: 'client', id: 'leader', roles: [], scopes: ['d01'] }, orgTeam)).toBe(false);
  });

  it('lets auditors read a team, not run it', () => {
    expect(readsTeam(user('x', 'auditor', 'd01'), orgTeam)).toBe(true);
    expect(readsTeam(user('x', 'street_admin', 'd01.s02'), orgTeam)).toBe(false);
  });

  it('opens an activity to the people of its street', () => {
    expect(neighbourhoods(user('x', 'resident', 'd01.s01.c01.g01', 'd01.s01.c02.g01'))).toEqual(['d01.s01']);
    expect(seesActivity(user('x', 'resident', 'd01.s01.c01.g01'), 'd01.s01.c02', committeeTeam)).toBe(true);
    expect(seesActivity(user('x', 'resident', 'd01.s02.c01.g01'), 'd01.s01.c02', committeeTeam)).toBe(false);
    expect(seesActivity(user('x', 'street_admin', 'd01'), 'd01.s01.c02', committeeTeam)).toBe(true);
  });

  it('knows the volunteer themself by the linked account', () => {
    expect(isSelf(user('u1', 'resident'), 'u1')).toBe(true);
    expect(isSelf(user('u1', 'resident'), null)).toBe(false);
    expect(isSelf(user('u1', 'resident'), 'u2')).toBe(false);
  });
});
