import type { IncubationView, ParkView } from '@gz/contracts';
import { PASSWORD, type TestCaller } from '@gz/testing';

/** An incubation park made by `as` (the street admin of s01 unless told otherwise). */
export async function parkIn(
  p: TestCaller,
  name: string,
  extra: Record<string, unknown> = {},
  as = 'street-admin',
): Promise<ParkView> {
  const res = await p
    .http()
    .post('/api/v1/incubator/parks')
    .set(p.as(as))
    .send({ name, path: 'd01.s01', operator: '东湖社会工作服务中心', ...extra });
  if (res.status !== 201) throw new Error(`park ${name}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as ParkView;
}

/** An organisation's application to a park, by `as` (the street admin unless told otherwise). */
export async function applyTo(
  p: TestCaller,
  parkId: string,
  organisationId: string,
  as = 'street-admin',
  note?: string,
): Promise<IncubationView> {
  const res = await p
    .http()
    .post(`/api/v1/incubator/parks/${parkId}/incubations`)
    .set(p.as(as))
    .send({ organisationId, ...(note ? { note } : {}) });
  if (res.status !== 201) throw new Error(`apply: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as IncubationView;
}

/** Moves an incubation (the street admin unless told otherwise); answers the raw response. */
export function moveTo(p: TestCaller, id: string, body: Record<string, unknown>, as = 'street-admin') {
  return p.http().post(`/api/v1/incubator/incubations/${id}/stage`).set(p.as(as)).send(body);
}

/** Moves an incubation through each of `stages`, each expected to succeed. */
export async function advance(
  p: TestCaller,
  id: string,
  stages: string[],
  as = 'street-admin',
): Promise<IncubationView> {
  let last: IncubationView | undefined;
  for (const stage of stages) {
    const res = await moveTo(p, id, { stage }, as);
    if (res.status !== 200) throw new Error(`move to ${stage}: ${res.status} ${JSON.stringify(res.body)}`);
    last = res.body as IncubationView;
  }
  return last!;
}

/** Scores of a capacity assessment, one value for every dimension unless told otherwise. */
export const scores = (n = 80, extra: Record<string, number> = {}) => ({
  governance: n,
  finances: n,
  projects: n,
  volunteers: n,
  communityTies: n,
  ...extra,
});

/** An assessor recorded by name with their scores, by the park's keeper. */
export async function assessedByName(p: TestCaller, incubationId: string, n = 80, as = 'street-admin') {
  const res = await p
    .http()
    .post(`/api/v1/incubator/incubations/${incubationId}/assessments`)
    .set(p.as(as))
    .send({ assessorName: '张评估', assessorOrganisation: '市社会组织评估中心', scores: scores(n) });
  if (res.status !== 201) throw new Error(`assessment: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; total: number };
}

/** A user made through identity's API by the district admin; answers its id. */
export async function userMadeBy(
  p: TestCaller,
  username: string,
  roles: string[],
  scopes: string[],
  displayName = username,
): Promise<string> {
  const res = await p
    .http()
    .post('/api/v1/users')
    .set(p.as('district-admin'))
    .send({ username, displayName, password: PASSWORD, roles, scopes });
  if (res.status !== 201) throw new Error(`user ${username}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}
