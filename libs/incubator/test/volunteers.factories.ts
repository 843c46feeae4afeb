import type { ActivityView, HoursEntryView, Role, SignUpView, VolunteerTeamView, VolunteerView } from '@gz/contracts';
import { PASSWORD, type TestCaller } from '@gz/testing';

/** Fails with the status and the body when an answer is not the one expected. */
function expectStatus<T>(res: { status: number; body: unknown }, status: number, what: string): T {
  if (res.status !== status) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as T;
}

/** Creates accounts through identity's API (as the district admin); answers their user ids by username. */
export async function createUsers(
  p: TestCaller,
  users: ReadonlyArray<{ username: string; role?: Role; scope?: string; displayName?: string }>,
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const u of users) {
    const res = await p
      .http()
      .post('/api/v1/users')
      .set(p.as('district-admin'))
      .send({
        username: u.username,
        displayName: u.displayName ?? `志愿者${u.username}`,
        password: PASSWORD,
        roles: [u.role ?? 'resident'],
        scopes: [u.scope ?? 'd01.s01.c01.g01'],
      });
    ids.set(u.username, expectStatus<{ id: string }>(res, 201, `user ${u.username}`).id);
  }
  return ids;
}

/** A volunteer team (in d01.s01.c01 unless told otherwise), made by `as`. */
export async function teamIn(
  p: TestCaller,
  as: string,
  name: string,
  organiserIds: string[],
  extra: Record<string, unknown> = {},
): Promise<VolunteerTeamView> {
  const res = await p
    .http()
    .post('/api/v1/incubator/volunteer-teams')
    .set(p.as(as))
    .send({ name, communityPath: 'd01.s01.c01', organiserIds, ...extra });
  return expectStatus(res, 201, `team ${name}`);
}

/** The consent a paper form records (given before any test clock starts). */
export const WRITTEN_CONSENT = {
  givenAt: '2026-01-05T10:00:00+08:00',
  method: 'written',
  note: '志愿者登记表，本人签字',
};

/** A volunteer entered by `as` (a team's organiser with teamId, or a keeper), with written consent. */
export async function volunteerBy(
  p: TestCaller,
  as: string,
  name: string,
  phone: string,
  extra: Record<string, unknown> = {},
): Promise<VolunteerView> {
  const res = await p
    .http()
    .post('/api/v1/incubator/volunteers')
    .set(p.as(as))
    .send({ name, phone, communityPath: 'd01.s01.c01', consent: WRITTEN_CONSENT, ...extra });
  return expectStatus(res, 201, `volunteer ${name}`);
}

/** A resident registers themself as a volunteer. */
export async function selfVolunteer(
  p: TestCaller,
  as: string,
  name: string,
  phone: string,
  extra: Record<string, unknown> = {},
): Promise<VolunteerView> {
  const res = await p
    .http()
    .post('/api/v1/incubator/volunteers/me')
    .set(p.as(as))
    .send({ name, phone, communityPath: 'd01.s01.c01', consent: true, ...extra });
  return expectStatus(res, 201, `self-registered ${name}`);
}

/** An activity of a team, made by one who runs it; times as +08:00 instants. */
export async function activityOf(
  p: TestCaller,
  as: string,
  teamId: string,
  startsAt: string,
  endsAt: string,
  extra: Record<string, unknown> = {},
): Promise<ActivityView> {
  const res = await p
    .http()
    .post('/api/v1/incubator/activities')
    .set(p.as(as))
    .send({
      teamId,
      title: '社区助老服务',
      content: '为独居老人送餐、陪伴聊天',
      place: '湖光社区长者食堂',
      communityPath: 'd01.s01.c01',
      startsAt,
      endsAt,
      capacity: 20,
      inCharge: '赵秀兰',
      ...extra,
    });
  return expectStatus(res, 201, `activity at ${startsAt}`);
}

/** Signs up a volunteer (an organiser, with volunteerId) or the caller themself (without). */
export async function signUp(p: TestCaller, as: string, activityId: string, volunteerId?: string): Promise<SignUpView> {
  const res = await p
    .http()
    .post(`/api/v1/incubator/activities/${activityId}/sign-ups`)
    .set(p.as(as))
    .send(volunteerId ? { volunteerId } : {});
  return expectStatus(res, 201, `sign-up for ${activityId}`);
}

/** Records hours for an activity as one who runs it. */
export async function recordHours(
  p: TestCaller,
  as: string,
  activityId: string,
  entries: Array<{ volunteerId: string; minutes: number; note?: string }>,
): Promise<HoursEntryView[]> {
  const res = await p.http().post(`/api/v1/incubator/activities/${activityId}/hours`).set(p.as(as)).send({ entries });
  return expectStatus(res, 201, `hours of ${activityId}`);
}
