import { AuditActions, IdentityEvents, ORG_CODE, USERNAME } from '@gz/contracts';
import { invalid, newId, Outbox } from '@gz/platform';
import type { DataSource } from 'typeorm';
import { hashPassword } from '../crypto/passwords';
import { requireStrongPassword } from '../domain/password-policy';
import { AuditStore } from '../persistence/audit.store';
import { newUserRow, type OrgUnit } from '../persistence/entities';
import { anyOrgUnit, lockFirstUnits, OrgStore } from '../persistence/org.store';
import { UserStore } from '../persistence/user.store';

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
export async function bootstrapDistrict(
  dataSource: DataSource,
  request: BootstrapRequest,
): Promise<{ districtId: string; adminId: string }> {
  if (!ORG_CODE.test(request.code)) throw invalid(`The district code must look like d01 (got ${request.code})`);
  if (!USERNAME.test(request.adminUsername))
    throw invalid('The admin username must be 3-64 lower-case letters, digits, . _ or -');
  requireStrongPassword(request.password, request.adminUsername);
  const hash = await hashPassword(request.password);
  const outbox = new Outbox('identity', request.busRoot);
  return dataSource.transaction(async (m) => {
    await lockFirstUnits(m);
    if (await anyOrgUnit(m))
      throw invalid('The organisation tree is not empty: this deployment was bootstrapped already');
    const now = new Date();
    const district: OrgUnit = {
      id: newId(),
      code: request.code,
      name: request.name,
      kind: 'district',
      parentId: null,
      path: request.code,
      streetCode: 'all',
      createdAt: now,
    };
    await new OrgStore(dataSource).insert(m, district);
    const admin = newUserRow(
      {
        username: request.adminUsername,
        displayName: request.adminDisplayName,
        passwordHash: hash,
        roles: ['district_admin'],
        scopes: [request.code],
      },
      now,
    );
    await new UserStore(dataSource).insert(m, admin);
    const actor = { kind: 'system' as const, id: 'cli' };
    await outbox.add(m, {
      type: IdentityEvents.orgCreated,
      street: 'all',
      actor,
      data: { id: district.id, path: district.path, kind: 'district', name: district.name },
    });
    await outbox.add(m, {
      type: IdentityEvents.userCreated,
      street: 'all',
      actor,
      data: { id: admin.id, username: admin.username, roles: admin.roles, scopes: admin.scopes },
    });
    await new AuditStore(dataSource).write(m, {
      action: AuditActions.districtBootstrapped,
      outcome: 'success',
      actor: { id: 'cli', username: 'gz bootstrap' },
      target: request.code,
      details: { admin: admin.username },
      at: now,
    });
    return { districtId: district.id, adminId: admin.id };
  });
}
