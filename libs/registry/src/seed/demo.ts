import { streetOfPath, type CareTag, type HouseholdType, type Relation, type ResidenceType } from '@gz/contracts';
import { loadConfig, newId, Outbox, PlatformConfig } from '@gz/platform';
import { DataSource } from 'typeorm';
import { makeIdNumber } from '../domain/id-number';
import { BuildingStore } from '../persistence/building.store';
import { HouseholdStore } from '../persistence/household.store';
import { EMPTY_PII, PersonStore } from '../persistence/person.store';
import { ResidenceStore } from '../persistence/residence.store';
import { piiKeysOf, RegistryConfig } from '../registry.config';
import { PersonalData } from '../crypto/personal-data';
import { PiiCipher } from '../crypto/pii';

/** Who the demo rows are created by. */
const SEED = 'seed';

interface DemoPerson {
  name: string;
  gender: 'male' | 'female';
  birthDate: string;
  relation: Relation;
  residenceType: ResidenceType;
  /** sequence for a made-up (valid) identity number; null for someone registered without one */
  seq: number | null;
  phone?: string;
  employer?: string;
  tags?: CareTag[];
  ethnicity?: string;
  movedInOn: string;
}

interface DemoHousehold {
  door: string;
  unit: number;
  floor: number;
  type: HouseholdType;
  members: DemoPerson[];
}

interface DemoBuilding {
  path: string;
  address: string;
  name: string;
  units: number;
  floors: number;
  households: DemoHousehold[];
}

/** Made-up people with valid (fictional) identity numbers of region 510104; phones are made up too. */
export const DEMO_BUILDINGS: DemoBuilding[] = [
  {
    path: 'd01.s01.c01.g01',
    address: '锦华路18号',
    name: '锦华苑1栋',
    units: 2,
    floors: 6,
    households: [
      {
        door: '1-101',
        unit: 1,
        floor: 1,
        type: 'family',
        members: [
          {
            name: '张建国',
            gender: 'male',
            birthDate: '1944-05-12',
            relation: 'head',
            residenceType: 'registered',
            seq: 11,
            phone: '13800010001',
            tags: ['old_party_member', 'veteran'],
            movedInOn: '1998-06-01',
          },
          {
            name: '李桂兰',
            gender: 'female',
            birthDate: '1946-08-20',
            relation: 'spouse',
            residenceType: 'registered',
            seq: 22,
            movedInOn: '1998-06-01',
          },
        ],
      },
      {
        door: '1-302',
        unit: 1,
        floor: 3,
        type: 'family',
        members: [
          {
            name: '王秀英',
            gender: 'female',
            birthDate: '1938-02-14',
            relation: 'head',
            residenceType: 'registered',
            seq: 42,
            phone: '13800010002',
            tags: ['elderly_alone'],
            movedInOn: '2001-03-15',
          },
        ],
      },
      {
        door: '2-501',
        unit: 2,
        floor: 5,
        type: 'rental',
        members: [
          {
            name: '刘强',
            gender: 'male',
            birthDate: '1992-11-03',
            relation: 'head',
            residenceType: 'floating',
            seq: 31,
            phone: '13900020001',
            employer: '锦华物流有限公司',
            movedInOn: '2023-04-01',
          },
          {
            name: '陈丽',
            gender: 'female',
            birthDate: '1994-06-30',
            relation: 'spouse',
            residenceType: 'floating',
            seq: 64,
            phone: '13900020002',
            employer: '锦华超市',
            movedInOn: '2023-04-01',
          },
          {
            name: '刘小宇',
            gender: 'male',
            birthDate: '2019-07-08',
            relation: 'child',
            residenceType: 'floating',
            seq: 15,
            movedInOn: '2023-04-01',
          },
        ],
      },
    ],
  },
  {
    path: 'd01.s01.c01.g02',
    address: '锦华路20号',
    name: '锦华苑2栋',
    units: 1,
    floors: 7,
    households: [
      {
        door: '1-201',
        unit: 1,
        floor: 2,
        type: 'family',
        members: [
          {
            name: '赵志明',
            gender: 'male',
            birthDate: '1975-03-21',
            relation: 'head',
            residenceType: 'resident',
            seq: 51,
            phone: '13700030001',
            tags: ['disabled', 'low_income'],
            movedInOn: '2010-09-01',
          },
          {
            name: '赵思琪',
            gender: 'female',
            birthDate: '2012-09-01',
            relation: 'child',
            residenceType: 'resident',
            seq: 82,
            tags: ['left_behind_child'],
            movedInOn: '2012-09-20',
          },
        ],
      },
    ],
  },
  {
    path: 'd01.s02.c01.g01',
    address: '东湖路5号',
    name: '东湖小区5栋',
    units: 2,
    floors: 5,
    households: [
      {
        door: '1-102',
        unit: 1,
        floor: 1,
        type: 'family',
        members: [
          {
            name: '孙卫东',
            gender: 'male',
            birthDate: '1950-01-15',
            relation: 'head',
            residenceType: 'registered',
            seq: 71,
            phone: '13600040001',
            tags: ['veteran', 'under_assistance'],
            movedInOn: '1995-05-01',
          },
          {
            name: '周梅',
            gender: 'female',
            birthDate: '1952-04-02',
            relation: 'spouse',
            residenceType: 'registered',
            seq: 26,
            ethnicity: '回族',
            movedInOn: '1995-05-01',
          },
        ],
      },
      {
        door: '2-301',
        unit: 2,
        floor: 3,
        type: 'rental',
        members: [
          {
            name: 'John Smith',
            gender: 'male',
            birthDate: '1985-10-10',
            relation: 'head',
            residenceType: 'foreign',
            seq: null,
            phone: '13600040002',
            employer: '东湖国际学校',
            ethnicity: '外国籍',
            movedInOn: '2024-02-20',
          },
        ],
      },
    ],
  },
];

/** The identity number the demo gives a person (for tests and the README). */
export function demoIdNumber(p: Pick<DemoPerson, 'birthDate' | 'seq'>): string | null {
  return p.seq === null ? null : makeIdNumber('510104', p.birthDate, p.seq);
}

export interface RegistrySeedResult {
  created: boolean;
  buildings: number;
  households: number;
  persons: number;
}

/**
 * Loads the demo registry once (nothing is written when any building exists): a few buildings,
 * households and persons in grids of s01 and s02, identity numbers and phones encrypted with the
 * configured keys. `env` is read like RegistryModule reads it (default process.env).
 */
export async function seedDemoRegistry(
  dataSource: DataSource,
  env: NodeJS.ProcessEnv = process.env,
): Promise<RegistrySeedResult> {
  const pii = new PersonalData(new PiiCipher(piiKeysOf(loadConfig(RegistryConfig, env))));
  // the seed publishes nothing: the demo is there before anyone listens
  const households = new HouseholdStore(dataSource, new Outbox('registry', loadConfig(PlatformConfig, env).BUS_ROOT));
  return seedWith(dataSource, pii, households);
}

async function seedWith(
  dataSource: DataSource,
  pii: PersonalData,
  households: HouseholdStore,
): Promise<RegistrySeedResult> {
  const counts = {
    buildings: DEMO_BUILDINGS.length,
    households: DEMO_BUILDINGS.reduce((n, b) => n + b.households.length, 0),
    persons: DEMO_BUILDINGS.reduce((n, b) => n + b.households.reduce((k, h) => k + h.members.length, 0), 0),
  };
  const buildings = new BuildingStore(dataSource);
  const persons = new PersonStore(dataSource);
  const residences = new ResidenceStore(dataSource);
  if (await buildings.anyRegistered(dataSource)) return { created: false, ...counts };
  const created = await dataSource.transaction(async (m) => {
    await buildings.lockSeeding(m);
    if (await buildings.anyRegistered(m)) return false;
    for (const b of DEMO_BUILDINGS) {
      const street = streetOfPath(b.path);
      const buildingId = newId();
      await buildings.insert(m, {
        id: buildingId,
        street,
        path: b.path,
        address: b.address,
        name: b.name,
        units: b.units,
        floors: b.floors,
        createdBy: SEED,
      });
      for (const h of b.households) {
        const householdId = newId();
        await households.insert(m, {
          id: householdId,
          buildingId,
          street,
          path: b.path,
          doorNumber: h.door,
          unit: h.unit,
          floor: h.floor,
          type: h.type,
          createdBy: SEED,
        });
        for (const p of h.members) {
          const personId = newId();
          const idNumber = demoIdNumber(p);
          await persons.insert(m, {
            id: personId,
            street,
            path: b.path,
            name: p.name,
            gender: p.gender,
            birthDate: p.birthDate,
            ethnicity: p.ethnicity ?? '汉族',
            idNumber: idNumber ? pii.idNumber(idNumber, personId) : EMPTY_PII,
            phone: p.phone ? pii.phone(p.phone, personId) : EMPTY_PII,
            residenceType: p.residenceType,
            employer: p.employer ?? null,
            tags: p.tags ?? [],
            householdId,
            relation: p.relation,
            createdBy: SEED,
          });
          await residences.insert(m, {
            id: newId(),
            personId,
            householdId,
            street,
            path: b.path,
            relation: p.relation,
            movedInOn: p.movedInOn,
            reason: '建档',
            recordedBy: SEED,
          });
          if (p.relation === 'head') await households.setHead(m, householdId, personId);
        }
      }
    }
    return true;
  });
  return { created, ...counts };
}
