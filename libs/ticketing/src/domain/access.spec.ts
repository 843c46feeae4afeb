import type { Actor, Role } from '@gz/contracts';
import { DomainError } from '@gz/platform';
import { canSee, checkRate, checkReport, checkStaff, listScope, mayUploadPhotos, reportSources } from './access';

const actor = (role: Role, scope: string, extra: Partial<Actor> = {}): Actor => ({
  kind: 'user',
  id: `${role}-${scope}`,
  roles: [role],
  scopes: [scope],
  ...extra,
});
const ticket = { gridPath: 'd01.s01.c01.g01', departments: ['d01.dep-sanitation'], reporterId: 'someone' };
const code = (f: () => void) => {
  try {
    f();
  } catch (e) {
    return (e as DomainError).code;
  }
  return 'ok';
};

describe('ticket access', () => {
  it('lets a grid worker report patrol findings and relayed informants in their own grid only', () => {
    const gw = actor('grid_worker', 'd01.s01.c01.g01');
    expect(code(() => checkReport(gw, 'd01.s01.c01.g01', 'informant'))).toBe('ok');
    expect(code(() => checkReport(gw, 'd01.s01.c01.g02', 'informant'))).toBe('forbidden');
    expect(code(() => checkReport(gw, 'd01.s01.c01.g01', 'hotline_12345'))).toBe('forbidden');
  });

  it('lets the command centre take 12345 calls for its street', () => {
    expect(code(() => checkReport(actor('command_operator', 'd01.s01'), 'd01.s01.c02.g03', 'hotline_12345'))).toBe(
      'ok',
    );
    expect(code(() => checkReport(actor('command_operator', 'd01.s01'), 'd01.s02.c01.g01', 'hotline_12345'))).toBe(
      'forbidden',
    );
  });

  it('gives a partner client only what its grants allow', () => {
    const partner = actor('partner_client', 'd01.dep-sanitation', {
      kind: 'client',
      grants: ['tickets:read', 'tickets:feedback'],
    });
    expect(reportSources(partner)).toEqual([]);
    expect(canSee(partner, ticket)).toBe(true);
    expect(canSee({ ...partner, grants: ['tickets:feedback'] }, ticket)).toBe(false);
  });

  it('shows a ticket to the place, its departments and its reporter, and to nobody else', () => {
    expect(canSee(actor('grid_worker', 'd01.s01.c01.g01'), ticket)).toBe(true);
    expect(canSee(actor('grid_worker', 'd01.s01.c01.g02'), ticket)).toBe(false);
    expect(canSee(actor('command_operator', 'd01.s01'), ticket)).toBe(true);
    expect(canSee(actor('command_operator', 'd01.s02'), ticket)).toBe(false);
    expect(canSee(actor('department_officer', 'd01.dep-sanitation'), ticket)).toBe(true);
    expect(canSee(actor('department_officer', 'd01.dep-urban'), ticket)).toBe(false);
    expect(canSee(actor('resident', 'd01.s01.c01.g01'), ticket)).toBe(false);
    expect(canSee(actor('resident', 'd01.s01.c01.g01', { id: 'someone' }), ticket)).toBe(true);
  });

  it('lets only the place staff verify, check and close; only the reporter or the place rate', () => {
    expect(code(() => checkStaff(actor('department_officer', 'd01.dep-sanitation'), ticket))).toBe('forbidden');
    expect(code(() => checkStaff(actor('grid_worker', 'd01.s01.c01.g01'), ticket))).toBe('ok');
    expect(code(() => checkRate(actor('grid_worker', 'd01.s01.c01.g01'), ticket))).toBe('ok');
    expect(code(() => checkRate(actor('command_operator', 'd01.s01'), ticket))).toBe('forbidden');
  });
});

describe('list scope', () => {
  it('lists the places of staff and auditors, and the departments of anyone but residents', () => {
    expect(listScope(actor('grid_worker', 'd01.s01.c01.g01'))).toEqual({
      reporterId: 'grid_worker-d01.s01.c01.g01',
      scopes: ['d01.s01.c01.g01'],
      places: true,
      departments: true,
    });
    expect(listScope(actor('auditor', 'd01'))).toMatchObject({ places: true, departments: true });
    expect(listScope(actor('department_officer', 'd01.dep-sanitation'))).toMatchObject({
      places: false,
      departments: true,
    });
    expect(listScope(actor('resident', 'd01.s01.c01'))).toMatchObject({ places: false, departments: false });
  });

  it('lists a department’s tickets for a partner client only with tickets:read', () => {
    const client = (grants: string[]) => actor('partner_client', 'd01.dep-sanitation', { kind: 'client', grants });
    expect(listScope(client(['tickets:report'])).departments).toBe(false);
    expect(listScope(client(['tickets:read'])).departments).toBe(true);
  });
});

describe('photo uploads', () => {
  it('are for those who report or work on tickets', () => {
    expect(mayUploadPhotos(actor('resident', 'd01.s01.c01'))).toBe(true);
    expect(mayUploadPhotos(actor('department_officer', 'd01.dep-sanitation'))).toBe(true);
    expect(mayUploadPhotos(actor('auditor', 'd01'))).toBe(false);
    const client = (grants: string[]) => actor('auditor', 'd01', { kind: 'client', grants });
    expect(mayUploadPhotos(client(['tickets:read']))).toBe(true);
    expect(mayUploadPhotos(client([]))).toBe(false);
  });
});
