import type { Actor, Role } from '@gz/contracts';
import { actsForDepartment, canReadPlace, checkCommand } from './access';

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
});
