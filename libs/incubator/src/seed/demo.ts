import type { DataSource } from 'typeorm';
import { newId } from '@gz/platform';
import type { OrgLegalStatus, ServiceField } from '@gz/contracts';
import { OrganisationStore } from '../persistence/organisation.store';

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
  });
  return true;
}
