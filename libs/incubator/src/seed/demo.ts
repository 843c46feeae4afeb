import type { DataSource } from 'typeorm';
import { newId } from '@gz/platform';
import type { OrgLegalStatus, ServiceField } from '@gz/contracts';
import { OrganisationStore } from '../persistence/organisation.store';
// organisations and incubation
import type { EntityManager } from 'typeorm';
import { WorkingCalendar } from '@gz/platform';
import { FIRST_REVIEW_WORKING_DAYS } from '@gz/contracts';
import { IncubationStore } from '../persistence/incubation.store';
import { ParkStore } from '../persistence/park.store';

type DemoOrganisation = {
  name: string;
  legalStatus: OrgLegalStatus;
  creditCode: string | null;
  communityPath: string;
  served: string[];
  fields: ServiceField[];
  orgPath: string | null;
  purpose: string;
};

/** The demo street's organisations: the registered mutual-aid association with staff accounts, a filed group, an informal one. */
export const DEMO_ORGANISATIONS: DemoOrganisation[] = [
  {
    name: '东湖邻里互助会',
    legalStatus: 'registered',
    creditCode: '52510100MJ0000001X',
    communityPath: 'd01.s01.c01',
    served: ['d01.s01.c01', 'd01.s01.c02'],
    fields: ['elderly', 'volunteering'],
    orgPath: 'd01.s01.so01',
    purpose: '邻里互助，关爱独居老人',
  },
  {
    name: '湖光社区书画社',
    legalStatus: 'filed',
    creditCode: null,
    communityPath: 'd01.s01.c01',
    served: ['d01.s01.c01'],
    fields: ['culture_sports'],
    orgPath: null,
    purpose: '书画交流，美化楼道',
  },
  {
    name: '桂园巡河志愿小队',
    legalStatus: 'informal',
    creditCode: null,
    communityPath: 'd01.s01.c02',
    served: ['d01.s01.c02'],
    fields: ['environment', 'volunteering'],
    orgPath: null,
    purpose: '巡河护河，垃圾分类宣传',
  },
];

/**
 * Loads the demo organisations once (nothing when the street has any already), straight into
 * the incubator schema: the org units they name are the demo district's.
 */
export async function seedDemoIncubator(dataSource: DataSource): Promise<boolean> {
  const [{ n }] = await dataSource.query(`SELECT count(*)::int AS n FROM "incubator".organisation`);
  if (n > 0) return false;
  const store = new OrganisationStore(dataSource);
  const now = new Date();
  await dataSource.transaction(async (m) => {
    for (const o of DEMO_ORGANISATIONS)
      await store.insert(
        m,
        {
          id: newId(),
          name: o.name,
          legal_status: o.legalStatus,
          credit_code: o.creditCode,
          street_code: o.communityPath.split('.')[1],
          community_path: o.communityPath,
          fields: o.fields,
          org_path: o.orgPath,
          purpose: o.purpose,
          version: 1,
          created_by: 'seed',
          created_at: now,
          updated_at: now,
        },
        o.served,
      );
    // organisations and incubation
    await seedDemoIncubation(m, now);
  });
  return true;
}

// -- organisations and incubation --

/** The demo street's incubation park, and the filed calligraphy group incubating in it since a month ago. */
export const DEMO_PARK = {
  name: '东湖街道社会组织孵化园',
  path: 'd01.s01',
  operator: '东湖社会工作服务中心',
  address: '东湖路88号3楼',
};

async function seedDemoIncubation(m: EntityManager, now: Date): Promise<void> {
  const [org] = await m.query(`SELECT id FROM "incubator".organisation WHERE name = $1`, ['湖光社区书画社']);
  if (!org) return;
  const park = {
    id: newId(),
    ...DEMO_PARK,
    street_code: 's01',
    created_by_id: 'seed',
    created_by_name: 'seed',
    created_at: now,
  };
  await new ParkStore(m.connection).insert(m, park);
  const day = 24 * 60 * 60 * 1000;
  const applied = new Date(now.getTime() - 30 * day);
  const admitted = new Date(now.getTime() - 27 * day);
  const started = new Date(now.getTime() - 20 * day);
  const incubations = new IncubationStore(m.connection);
  const id = newId();
  await incubations.insert(m, {
    id,
    park_id: park.id,
    organisation_id: org.id,
    stage: 'incubating',
    street_code: 's01',
    park_path: park.path,
    applied_at: applied,
    first_review_due_at: new WorkingCalendar().deadlineAfter(applied, FIRST_REVIEW_WORKING_DAYS),
    first_reviewed_at: admitted,
    left_reason: null,
    version: 3,
    created_at: applied,
    updated_at: started,
  });
  const steps = [
    { stage: 'applied', from: null, at: applied, note: '申请入驻，需要活动场地与财务辅导' },
    { stage: 'admitted', from: 'applied', at: admitted, note: null },
    { stage: 'incubating', from: 'admitted', at: started, note: null },
  ] as const;
  for (const s of steps)
    await incubations.enter(m, {
      incubationId: id,
      stage: s.stage,
      from: s.from,
      reason: null,
      note: s.note,
      byId: 'seed',
      byName: 'seed',
      at: s.at,
    });
}
