import type { BuildingView, HouseholdView, Page, PersonView } from '@gz/contracts';
import type { TestCaller } from '@gz/testing';

/**
 * Named factories for the registry through the gateway: a test says whom it needs ("a person in
 * grid g02, born 1944") rather than repeating the request that registers them.
 */
export interface PersonSpec {
  name?: string;
  gridPath?: string;
  /** who registers them (a grid worker of the demo's first grid by default) */
  by?: string;
  /** any other field of the registration: birthDate, idNumber, tags, householdId … */
  [field: string]: unknown;
}

/** A person registered in a grid (`POST /registry/persons`), as the registering user sees them. */
export async function personIn(p: TestCaller, spec: PersonSpec = {}): Promise<PersonView> {
  const { by = 'grid-worker', ...fields } = spec;
  const res = await p
    .http()
    .post('/api/v1/registry/persons')
    .set(p.as(by))
    .send({ name: '测试居民', gender: 'female', residenceType: 'registered', gridPath: 'd01.s01.c01.g01', ...fields })
    .expect(201);
  return res.body as PersonView;
}

/** The first person of that name the user can find. */
export async function personNamed(p: TestCaller, name: string, by = 'street-admin'): Promise<PersonView> {
  const res = await p.http().get('/api/v1/registry/persons').query({ name }).set(p.as(by)).expect(200);
  const found = (res.body as Page<PersonView>).items[0];
  if (!found) throw new Error(`no person named ${name} visible to ${by}`);
  return found;
}

/** The demo household with that door number the user can see. */
export async function householdAt(p: TestCaller, doorNumber: string, by = 'community-secretary'): Promise<HouseholdView> {
  const res = await p.http().get('/api/v1/registry/households').query({ pageSize: 100 }).set(p.as(by)).expect(200);
  const found = (res.body as Page<HouseholdView>).items.find((h) => h.doorNumber === doorNumber);
  if (!found) throw new Error(`no household ${doorNumber} visible to ${by}`);
  return found;
}

/** The demo building at that address the user can see. */
export async function buildingAt(p: TestCaller, address: string, by = 'grid-worker'): Promise<BuildingView> {
  const res = await p.http().get('/api/v1/registry/buildings').set(p.as(by)).expect(200);
  const found = (res.body as Page<BuildingView>).items.find((b) => b.address === address);
  if (!found) throw new Error(`no building at ${address} visible to ${by}`);
  return found;
}
