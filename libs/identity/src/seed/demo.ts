import { AuditActions, codeOfPath, parentOfPath, type OrgKind, type Role } from '@gz/contracts';
import { newId } from '@gz/platform';
import { DataSource } from 'typeorm';
import { hashPassword } from '../crypto/passwords';
import { streetCodeOf } from '../domain/org-tree';
import { AuditStore } from '../persistence/audit.store';
import { ClientStore } from '../persistence/client.store';
import { newUserRow, type OAuthClient, type OrgUnit } from '../persistence/entities';
import { anyOrgUnit, lockFirstUnits, OrgStore } from '../persistence/org.store';
import { UserStore } from '../persistence/user.store';

/** The password of every demo account when GZ_DEMO_PASSWORD is not set. */
export const DEMO_PASSWORD_DEFAULT = 'Gongzhi@2026';

type Unit = [path: string, kind: OrgKind, name: string];

const GRIDS = ['第一网格', '第二网格', '第三网格'];

function community(path: string, name: string): Unit[] {
  return [[path, 'community', name], ...GRIDS.map((g, i): Unit => [`${path}.g0${i + 1}`, 'grid', g])];
}

/** The demo district: one district, two streets, two communities each, three grids each, and more. */
export const DEMO_UNITS: Unit[] = [
  ['d01', 'district', '共治示范区'],
  ['d01.dep-sanitation', 'department', '区环卫局'],
  ['d01.dep-urban', 'department', '区城管局'],
  ['d01.dep-housing', 'department', '区住建局'],
  ['d01.dep-parks', 'department', '区园林局'],
  ['d01.dep-civil', 'department', '区民政局'],
  ['d01.dep-market', 'department', '区市场监管局'],
  ['d01.dep-emergency', 'department', '区应急管理局'],
  ['d01.s01', 'street', '东湖街道'],
  ...community('d01.s01.c01', '湖光社区'),
  ['d01.s01.c01.oc01', 'owners_committee', '湖光花园业主委员会'],
  ...community('d01.s01.c02', '桂园社区'),
  ['d01.s01.pm01', 'property_company', '安居物业'],
  ['d01.s01.so01', 'social_org', '东湖邻里互助会'],
  ['d01.s02', 'street', '西城街道'],
  ...community('d01.s02.c01', '西苑社区'),
  ...community('d01.s02.c02', '文昌社区'),
];

export interface DemoAccount {
  username: string;
  role: Role;
  scope: string;
}

type Account = DemoAccount & { displayName: string };

export const DEMO_ACCOUNTS: Account[] = [
  { username: 'district-admin', role: 'district_admin', scope: 'd01', displayName: '陈立新' },
  { username: 'street-admin', role: 'street_admin', scope: 'd01.s01', displayName: '王海燕' },
  { username: 'command-operator', role: 'command_operator', scope: 'd01.s01', displayName: '刘志强' },
  { username: 'community-secretary', role: 'community_secretary', scope: 'd01.s01.c01', displayName: '赵秀兰' },
  { username: 'grid-worker', role: 'grid_worker', scope: 'd01.s01.c01.g01', displayName: '孙建国' },
  { username: 'department-officer', role: 'department_officer', scope: 'd01.dep-sanitation', displayName: '周文博' },
  { username: 'social-org-staff', role: 'social_org_staff', scope: 'd01.s01.so01', displayName: '吴晓梅' },
  { username: 'property-manager', role: 'property_manager', scope: 'd01.s01.pm01', displayName: '郑国华' },
  {
    username: 'owners-committee-member',
    role: 'owners_committee_member',
    scope: 'd01.s01.c01.oc01',
    displayName: '冯玉珍',
  },
  { username: 'resident', role: 'resident', scope: 'd01.s01.c01.g01', displayName: '李明' },
  { username: 'auditor', role: 'auditor', scope: 'd01', displayName: '何静' },
  { username: 'street-admin-s02', role: 'street_admin', scope: 'd01.s02', displayName: '马俊' },
  { username: 'grid-worker-s02', role: 'grid_worker', scope: 'd01.s02.c01.g01', displayName: '林芳' },
];

export interface DemoClient {
  clientId: string;
  name: string;
  scopes: string[];
  grants: string[];
}

export const DEMO_CLIENTS: DemoClient[] = [
  {
    clientId: 'demo-sanitation',
    name: '区环卫局工单系统',
    scopes: ['d01.dep-sanitation'],
    grants: ['tickets:read', 'tickets:feedback'],
  },
];

export interface DemoSeedResult {
  /** false when the district was already there (nothing was written) */
  created: boolean;
  accounts: DemoAccount[];
  clients: DemoClient[];
}

/**
 * Loads the demo district once: does nothing when any org unit exists. Every account's password
 * and the demo client's secret is `password`. Hashed once (argon2 is slow on purpose), in one
 * transaction, serialised so that two processes starting together seed once.
 */
export async function seedDemoDistrict(
  dataSource: DataSource,
  password: string = DEMO_PASSWORD_DEFAULT,
): Promise<DemoSeedResult> {
  const summary = {
    accounts: DEMO_ACCOUNTS.map(({ username, role, scope }) => ({ username, role, scope })),
    clients: DEMO_CLIENTS.map((c) => ({ ...c, scopes: [...c.scopes], grants: [...c.grants] })),
  };
  if (await anyOrgUnit(dataSource)) return { created: false, ...summary };
  const hash = await hashPassword(password);
  const created = await dataSource.transaction(async (m) => {
    await lockFirstUnits(m);
    if (await anyOrgUnit(m)) return false;
    const now = new Date();
    const ids = new Map<string, string>();
    const units: OrgUnit[] = DEMO_UNITS.map(([path, kind, name]) => {
      const id = newId();
      ids.set(path, id);
      const parentPath = parentOfPath(path);
      const code = codeOfPath(path);
      return {
        id,
        code,
        name,
        kind,
        parentId: parentPath ? (ids.get(parentPath) as string) : null,
        path,
        streetCode: streetCodeOf(path),
        createdAt: now,
      };
    });
    await new OrgStore(dataSource).insert(m, units);
    const users = DEMO_ACCOUNTS.map((a) =>
      newUserRow(
        { username: a.username, displayName: a.displayName, passwordHash: hash, roles: [a.role], scopes: [a.scope] },
        now,
      ),
    );
    await new UserStore(dataSource).insert(m, users);
    const clients: OAuthClient[] = DEMO_CLIENTS.map((c) => ({
      clientId: c.clientId,
      name: c.name,
      secretHash: hash,
      scopes: c.scopes,
      grants: c.grants,
      status: 'active',
      createdBy: null,
      createdAt: now,
      revokedAt: null,
      version: 1,
    }));
    await new ClientStore(dataSource).insert(m, clients);
    await new AuditStore(dataSource).write(m, {
      action: AuditActions.demoSeeded,
      outcome: 'success',
      actor: { id: 'system', username: 'seed' },
      target: 'd01',
      details: { units: units.length, users: users.length, clients: clients.length },
      at: now,
    });
    return true;
  });
  return { created, ...summary };
}
