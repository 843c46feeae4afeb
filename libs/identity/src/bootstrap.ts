import { ORG_CODE } from '@gz/contracts';
import { invalid, newId, Outbox } from '@gz/platform';
import type { DataSource } from 'typeorm';
import { requireStrongPassword } from './domain/password-policy';
import { AppUser, AuditLog, newUserRow, OrgUnit } from './entities/entities';
import { hashPassword } from './passwords';

export interface BootstrapRequest {
  /** code of the district, e.g. `d01` */
  code: string;
  name: string;
  adminUsername: string;
  adminDisplayName: string;
  password: string;
  /** the bus root the outbox events will be published under */
  busRoot: string;
}

/**
 * The first start of a real deployment: the district itself and its first district admin, who
 * then builds the rest of the tree and the users through the API. Refuses when any unit exists.
 * The events go to the outbox; the identity service publishes them when it runs.
 */
export async function bootstrapDistrict(dataSource: DataSource, request: BootstrapRequest): Promise<{ districtId: string; adminId: string }> {
  if (!ORG_CODE.test(request.code)) throw invalid(`The district code must look like d01 (got ${request.code})`);
  if (!/^[a-z0-9][a-z0-9._-]{2,63}$/.test(request.adminUsername)) throw invalid('The admin username must be 3-64 lower-case letters, digits, . _ or -');
  requireStrongPassword(request.password, request.adminUsername);
  const hash = await hashPassword(request.password);
  const outbox = new Outbox('identity', request.busRoot);
  return dataSource.transaction(async (m) => {
    await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['gz-identity-seed']);
    const [{ any }]: Array<{ any: boolean }> = await m.query('SELECT EXISTS (SELECT 1 FROM "identity".org_unit) AS any');
    if (any) throw invalid('The organisation tree is not empty: this deployment was bootstrapped already');
    const now = new Date();
    const district: OrgUnit = { id: newId(), code: request.code, name: request.name, kind: 'district', parentId: null, path: request.code, streetCode: 'all', createdAt: now };
    await m.insert(OrgUnit, district);
    const admin = newUserRow(
      { username: request.adminUsername, displayName: request.adminDisplayName, passwordHash: hash, roles: ['district_admin'], scopes: [request.code] },
      now,
    );
    await m.insert(AppUser, admin);
    const actor = { kind: 'system' as const, id: 'cli' };
    await outbox.add(m, { type: 'org.created', street: 'all', actor, data: { id: district.id, path: district.path, kind: 'district', name: district.name } });
    await outbox.add(m, { type: 'user.created', street: 'all', actor, data: { id: admin.id, username: admin.username, roles: admin.roles, scopes: admin.scopes } });
    await m.insert(AuditLog, {
      id: newId(),
      at: now,
      action: 'district.bootstrapped',
      outcome: 'success',
      actorId: 'cli',
      actorName: 'gz bootstrap',
      target: request.code,
      details: { admin: admin.username },
      ip: null,
    });
    return { districtId: district.id, adminId: admin.id };
  });
}
