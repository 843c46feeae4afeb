import type { RoundApplicationView, RoundView } from '@gz/contracts';
import { PASSWORD, type TestCaller } from '@gz/testing';
import type { Response } from 'supertest';

/** The user id (the token's subject) of a signed-in user. */
export function userIdOf(p: TestCaller, username: string): string {
  const token = p.as(username).authorization.replace(/^Bearer /, '');
  return (JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as { sub: string }).sub;
}

/** Creates people through identity's API as the district admin (reviewers, experts); answers their ids. */
export async function createUsers(
  p: TestCaller,
  usernames: string[],
  role = 'resident',
  scope = 'd01.s01.c01.g02',
): Promise<string[]> {
  const ids: string[] = [];
  for (const username of usernames) {
    const res = await p
      .http()
      .post('/api/v1/users')
      .set(p.as('district-admin'))
      .send({ username, displayName: `评审${username}`, password: PASSWORD, roles: [role], scopes: [scope] });
    if (res.status !== 201) throw new Error(`user ${username}: ${res.status} ${JSON.stringify(res.body)}`);
    ids.push(res.body.id as string);
  }
  return ids;
}

/** Fails with the answer's status and body unless it is `status` (so a failing setup says why). */
export function expectStatus(res: Response, status: number): Response {
  if (res.status !== status) throw new Error(`${res.status} (wanted ${status}): ${JSON.stringify(res.body)}`);
  return res;
}

export const STANDARD_CRITERIA = [
  { key: 'need', name: '需求迫切性', weight: 40 },
  { key: 'design', name: '项目设计', weight: 35 },
  { key: 'budget', name: '预算合理性', weight: 25 },
];

/** A drafted round of street s01 (standard, three criteria, open to every legal status) by its street admin. */
export async function roundIn(
  p: TestCaller,
  extra: Record<string, unknown> = {},
  as = 'street-admin',
): Promise<RoundView> {
  const res = await p
    .http()
    .post('/api/v1/incubator/rounds')
    .set(p.as(as))
    .send({
      place: 'd01.s01',
      title: '2026年东湖街道公益创投',
      callText: '面向辖区社区社会组织征集为老、助残、儿童服务项目',
      track: 'standard',
      budgetFen: 10_000_000,
      minScoreSheets: 2,
      eligibility: { legalStatuses: ['registered', 'filed', 'informal'] },
      opensAt: '2026-05-12T00:00:00+08:00',
      closesAt: '2026-06-01T00:00:00+08:00',
      reviewBy: '2026-06-15T00:00:00+08:00',
      criteria: STANDARD_CRITERIA,
      ...extra,
    });
  return expectStatus(res, 201).body as RoundView;
}

/** Moves a round one step on as its street admin (`open`, `close-call`, `close-review`, `close`). */
export async function stepRound(p: TestCaller, roundId: string, step: string, as = 'street-admin'): Promise<RoundView> {
  const res = await p.http().post(`/api/v1/incubator/rounds/${roundId}/${step}`).set(p.as(as)).send({});
  return expectStatus(res, 200).body as RoundView;
}

/** The body of an application asking `amountFen` (two budget lines, two milestones 40/60%) for d01.s01.c01. */
export function applicationBody(organisationId: string, amountFen: number, extra: Record<string, unknown> = {}) {
  const first = Math.floor(amountFen / 2);
  return {
    organisationId,
    title: '邻里守望：独居老人探访',
    summary: '组织志愿者每周探访独居老人，建立紧急联络机制',
    targetGroup: '80岁以上独居老人',
    communityPath: 'd01.s01.c01',
    amountFen,
    budgetLines: [
      { item: '志愿者培训', amountFen: first },
      { item: '活动物料', amountFen: amountFen - first },
    ],
    milestones: [
      { title: '完成入户调研', dueOn: '2026-09-30', shareBp: 4000 },
      { title: '完成全年探访', dueOn: '2026-12-31', shareBp: 6000 },
    ],
    ...extra,
  };
}

export async function applyTo(
  p: TestCaller,
  roundId: string,
  body: Record<string, unknown>,
  as = 'street-admin',
): Promise<RoundApplicationView> {
  const res = await p.http().post(`/api/v1/incubator/rounds/${roundId}/applications`).set(p.as(as)).send(body);
  return expectStatus(res, 201).body as RoundApplicationView;
}

/** Names reviewers of a round as its street admin. */
export async function namePanel(p: TestCaller, roundId: string, userIds: string[], as = 'street-admin'): Promise<void> {
  for (const userId of userIds)
    expectStatus(
      await p.http().post(`/api/v1/incubator/rounds/${roundId}/reviewers`).set(p.as(as)).send({ userId }),
      201,
    );
}

/** The marks of a sheet of the standard criteria: [need, design, budget], null for not applicable. */
export function marks(points: Array<number | null>, keys = STANDARD_CRITERIA.map((c) => c.key)) {
  return keys.map((criterion, i) =>
    points[i] === null ? { criterion, notApplicable: true } : { criterion, points: points[i] },
  );
}

/** Puts a reviewer's sheet on an application. */
export function score(p: TestCaller, applicationId: string, as: string, points: Array<number | null>, keys?: string[]) {
  return p
    .http()
    .put(`/api/v1/incubator/applications/${applicationId}/score-sheet`)
    .set(p.as(as))
    .send({ marks: marks(points, keys) });
}
