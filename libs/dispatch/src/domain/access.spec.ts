import type { Actor, Role } from '@gz/contracts';
import { actsForDepartment, assignmentReach, canReadPlace, checkCommand, streetPathFor } from './access';

const actor = (role: Role, scope: string, extra: Partial<Actor> = {}): Actor => ({
  kind: 'user',
  id: role,
  roles: [role],
  scopes: [scope],
  ...extra,
});

describe('dispatch access', () => {
  it('lets the command centre dispatch within its street only', () => {
    expect(() => checkCommand(actor('command_operator', 'd01.s01'), 'd01.s01.c01.g01')).not.toThrow();
    expect(() => checkCommand(actor('command_operator', 'd01.s01'), 'd01.s02.c01.g01')).toThrow('Outside your scope');
    expect(() => checkCommand(actor('grid_worker', 'd01.s01.c01.g01'), 'd01.s01.c01.g01')).toThrow('roles');
  });

  it('lets a department act only on its own work, and its partner system only with the grant', () => {
    expect(
      actsForDepartment(actor('department_officer', 'd01.dep-sanitation'), 'd01.dep-sanitation', 'tickets:feedback'),
    ).toBe(true);
    expect(
      actsForDepartment(actor('department_officer', 'd01.dep-urban'), 'd01.dep-sanitation', 'tickets:feedback'),
    ).toBe(false);
    const client = actor('partner_client', 'd01.dep-sanitation', { kind: 'client', grants: ['tickets:read'] });
    expect(actsForDepartment(client, 'd01.dep-sanitation', 'tickets:read')).toBe(true);
    expect(actsForDepartment(client, 'd01.dep-sanitation', 'tickets:feedback')).toBe(false);
  });

  it('shows a place’s dispatch work to its staff', () => {
    expect(canReadPlace(actor('grid_worker', 'd01.s01.c01.g01'), 'd01.s01.c01.g01')).toBe(true);
    expect(canReadPlace(actor('grid_worker', 'd01.s01.c01.g02'), 'd01.s01.c01.g01')).toBe(false);
    expect(canReadPlace(actor('resident', 'd01.s01.c01.g01'), 'd01.s01.c01.g01')).toBe(false);
  });

  it('lists a place’s work to its staff and a department’s work to the department', () => {
    expect(assignmentReach(actor('command_operator', 'd01.s01'))).toEqual({ places: true, departments: false });
    expect(assignmentReach(actor('department_officer', 'd01.dep-urban'))).toEqual({ places: false, departments: true });
    const reader = actor('partner_client', 'd01.dep-urban', { kind: 'client', grants: ['tickets:read'] });
    expect(assignmentReach(reader)).toEqual({ places: false, departments: true });
    expect(assignmentReach({ ...reader, grants: [] })).toEqual({ places: false, departments: false });
    expect(assignmentReach(actor('resident', 'd01.s01.c01.g01'))).toEqual({ places: false, departments: false });
  });

  it('places a street in the district of the caller’s scopes, never in an assumed one', () => {
    expect(streetPathFor(actor('district_admin', 'd02'), 's01')).toEqual({ path: 'd02.s01', reachable: true });
    expect(streetPathFor(actor('street_admin', 'd03.s01'), 's01')).toEqual({ path: 'd03.s01', reachable: true });
    expect(streetPathFor(actor('street_admin', 'd03.s02'), 's01')).toEqual({ path: 'd03.s01', reachable: false });
    const twoDistricts = actor('street_admin', 'd01.s02', { scopes: ['d01.s02', 'd02.s01'] });
    expect(streetPathFor(twoDistricts, 's01')).toEqual({ path: 'd02.s01', reachable: true });
    expect(streetPathFor(actor('street_admin', 'd01.s01', { scopes: [] }), 's01')).toBeUndefined();
  });
});
