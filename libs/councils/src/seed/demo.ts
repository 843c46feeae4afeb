import { loadConfig, newId } from '@gz/platform';
import type { DataSource } from 'typeorm';
import { CouncilsConfig } from '../councils.config';
import { PhoneCipher } from '../crypto/phone-cipher';
import { countedArea } from '../domain/area';
import { maskPhone } from '@gz/platform';
import { CompoundStore } from '../persistence/compound.store';
import { OwnerStore } from '../persistence/owner.store';
import { UnitStore, type NewUnit } from '../persistence/unit.store';
import type { OwnerRow } from '../persistence/views';

/** The demo compound: 湖光花园 in 湖光社区 (d01.s01.c01), served by 安居物业, with its owners' committee. */
export const DEMO_COMPOUND = {
  communityPath: 'd01.s01.c01',
  name: '湖光花园',
  address: '湖光路1号',
  propertyCompany: { path: 'd01.s01.pm01', name: '安居物业' },
  ownersCommittee: { path: 'd01.s01.c01.oc01', name: '湖光花园业主委员会' },
} as const;

type DemoUnit = [
  building: string,
  number: string,
  registered: number | null,
  surveyed: number | null,
  contract: number | null,
  owners: string[],
];

/** Its units (areas in hundredths of m²) and owners: one owner of two units, joint owners, the developer's unsold unit. */
const UNITS: DemoUnit[] = [
  ['1栋', '101', 8975, 9012, 9100, ['王建国']],
  ['1栋', '102', 8975, null, 9100, ['王建国']],
  ['1栋', '201', null, 12050, 12100, ['李秀英', '张伟']],
  ['1栋', '202', null, null, 12100, ['刘芳']],
  ['2栋', '101', 10500, null, null, ['陈思远']],
  ['2栋', '102', null, null, 10500, ['湖光置业有限公司']],
];
const DEVELOPER = '湖光置业有限公司';
const PHONES: Record<string, string> = { 王建国: '13800001234', 李秀英: '13900002345', 陈思远: '13700003456' };

/**
 * Loads the demo compound once (nothing when the community has a compound already), straight
 * into the councils schema: the org units it names are the demo district's.
 */
export async function seedDemoCouncils(dataSource: DataSource, env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  const cipher = PhoneCipher.fromConfig(loadConfig(CouncilsConfig, env));
  const compounds = new CompoundStore(dataSource);
  const units = new UnitStore(dataSource);
  const owners = new OwnerStore(dataSource);
  return dataSource.transaction(async (m) => {
    if (await compounds.anyIn(m, DEMO_COMPOUND.communityPath)) return false;
    const now = new Date();
    const compoundId = newId();
    await compounds.insert(m, {
      id: compoundId,
      street_code: 's01',
      community_path: DEMO_COMPOUND.communityPath,
      name: DEMO_COMPOUND.name,
      address: DEMO_COMPOUND.address,
      property_company_path: DEMO_COMPOUND.propertyCompany.path,
      property_company_name: DEMO_COMPOUND.propertyCompany.name,
      owners_committee_path: DEMO_COMPOUND.ownersCommittee.path,
      owners_committee_name: DEMO_COMPOUND.ownersCommittee.name,
      version: 1,
      created_by: 'demo',
      created_at: now,
      updated_at: now,
    });
    const buildings = new Map<string, string>();
    for (const name of new Set(UNITS.map((u) => u[0]))) {
      const id = newId();
      buildings.set(name, id);
      await units.insertBuilding(m, { id, compound_id: compoundId, name, created_at: now });
    }
    const ownerIds = new Map<string, string>();
    const ownerRows: OwnerRow[] = [];
    for (const name of new Set(UNITS.flatMap((u) => u[5]))) {
      const id = newId();
      ownerIds.set(name, id);
      const phone = PHONES[name];
      ownerRows.push({
        id,
        compound_id: compoundId,
        name,
        phone_sealed: phone ? cipher.seal(phone, id) : null,
        phone_masked: phone ? maskPhone(phone) : null,
        phone_index: phone ? cipher.index(phone) : null,
        developer: name === DEVELOPER,
        user_id: null,
        version: 1,
        created_at: now,
        updated_at: now,
      });
    }
    const newUnits: NewUnit[] = [];
    const pairs: Array<{ unitId: string; ownerId: string }> = [];
    for (const [building, number, registeredArea, surveyedArea, contractArea, names] of UNITS) {
      const counted = countedArea({ registeredArea, surveyedArea, contractArea });
      if (!counted) continue;
      const id = newId();
      newUnits.push({
        id,
        compoundId,
        buildingId: buildings.get(building) as string,
        number,
        registeredArea,
        surveyedArea,
        contractArea,
        area: counted.area,
        areaSource: counted.source,
        developerUnsold: names.includes(DEVELOPER),
        at: now,
      });
      for (const n of names) pairs.push({ unitId: id, ownerId: ownerIds.get(n) as string });
    }
    await units.insertUnits(m, newUnits);
    await owners.insertMany(m, ownerRows);
    await owners.addOwnerships(m, pairs, now);
    await owners.addChanges(
      m,
      ownerRows.map((o) => ({
        ownerId: o.id,
        change: 'imported' as const,
        fields: [{ field: 'name', from: null, to: o.name }],
        by: 'demo',
        at: now,
      })),
    );
    return true;
  });
}
