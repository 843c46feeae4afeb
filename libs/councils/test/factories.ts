import type { CompoundView, CouncilView, MeetingView, OwnerView, StepView, TopicView, UnitView } from '@gz/contracts';
import { configureGateway, GatewayModule } from '@gz/gateway';
import { IdentityModule, seedDemoDistrict } from '@gz/identity';
import { DispatchModule, seedDemoResponsibilities } from '@gz/dispatch';
import { DatabaseRegistry, PlatformModule } from '@gz/platform';
import { bootTestApp, PASSWORD, type TestCaller, type TestClock } from '@gz/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { seedDemoCatalogue, TicketingModule } from '@gz/ticketing';
import { CouncilsModule } from '../src';

/** Platform, identity, councils and the gateway in one app, the demo district seeded. */
export async function bootCouncils(
  env: NodeJS.ProcessEnv,
  clock: TestClock,
  app = 'councils-e2e',
): Promise<NestFastifyApplication> {
  const nest = await bootTestApp(
    {
      imports: [
        PlatformModule.forRoot({ app, env }),
        IdentityModule.forRoot({ env }),
        CouncilsModule.forRoot({ env, clock }),
        GatewayModule.forRoot({ env }),
      ],
    },
    { configure: configureGateway, bodyLimit: 256 * 1024 },
  );
  await seedDemoDistrict(nest.get(DatabaseRegistry).get('identity'), PASSWORD);
  return nest;
}

/** A compound of the demo community d01.s01.c01 with its property company and owners' committee, made by its secretary. */
export async function compoundIn(
  p: TestCaller,
  name: string,
  extra: Record<string, unknown> = {},
): Promise<CompoundView> {
  const res = await p
    .http()
    .post('/api/v1/councils/compounds')
    .set(p.as('community-secretary'))
    .send({
      communityPath: 'd01.s01.c01',
      name,
      propertyCompanyPath: 'd01.s01.pm01',
      ownersCommitteePath: 'd01.s01.c01.oc01',
      ...extra,
    });
  if (res.status !== 201) throw new Error(`compound ${name}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as CompoundView;
}

/** A building of the compound, by name. */
export async function buildingIn(p: TestCaller, compoundId: string, name: string): Promise<string> {
  const res = await p
    .http()
    .post(`/api/v1/councils/compounds/${compoundId}/buildings`)
    .set(p.as('community-secretary'))
    .send({ name });
  if (res.status !== 201) throw new Error(`building ${name}: ${res.status} ${JSON.stringify(res.body)}`);
  return (res.body as { id: string }).id;
}

/** A unit of a building with its areas (hundredths of m²). */
export async function unitIn(
  p: TestCaller,
  compoundId: string,
  buildingId: string,
  number: string,
  areas: Record<string, unknown>,
): Promise<UnitView> {
  const res = await p
    .http()
    .post(`/api/v1/councils/compounds/${compoundId}/units`)
    .set(p.as('community-secretary'))
    .send({ buildingId, number, ...areas });
  if (res.status !== 201) throw new Error(`unit ${number}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as UnitView;
}

/** An owner of these units. */
export async function ownerOf(
  p: TestCaller,
  compoundId: string,
  name: string,
  unitIds: string[],
  extra: Record<string, unknown> = {},
): Promise<OwnerView> {
  const res = await p
    .http()
    .post(`/api/v1/councils/compounds/${compoundId}/owners`)
    .set(p.as('community-secretary'))
    .send({ name, unitIds, ...extra });
  if (res.status !== 201) throw new Error(`owner ${name}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as OwnerView;
}

/** The user id inside an access token (its `sub`). */
export function subjectOf(authorization: string): string {
  const token = authorization.replace(/^Bearer /, '');
  return (JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as { sub: string }).sub;
}

/** An owner of one new unit of the compound, linked to the signed-in user `username` (assessment). */
export async function linkedOwner(
  p: TestCaller,
  compoundId: string,
  username: string,
  number: string,
): Promise<OwnerView> {
  const building = await buildingIn(p, compoundId, `${number}栋`);
  const unit = await unitIn(p, compoundId, building, number, { registeredArea: 8950 });
  const owner = await ownerOf(p, compoundId, `业主${number}`, [unit.id]);
  const res = await p
    .http()
    .post(`/api/v1/councils/owners/${owner.id}/link`)
    .set(p.as('community-secretary'))
    .send({ userId: subjectOf(p.as(username).authorization) });
  if (res.status !== 200) throw new Error(`link ${username}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as OwnerView;
}

// -- seven steps and meetings --

/** The step endpoints of a topic. */
const stepUrl = (topicId: string, step: string) => `/api/v1/councils/topics/${topicId}/steps/${step}`;

/** Assigns a step's owner, duty and deadline (the community secretary). */
export async function assignStep(
  p: TestCaller,
  topicId: string,
  step: string,
  ownerId: string,
  deadline: string,
): Promise<StepView> {
  const res = await p
    .http()
    .put(`${stepUrl(topicId, step)}/owner`)
    .set(p.as('community-secretary'))
    .send({ ownerId, duty: `负责${step}`, deadline });
  if (res.status !== 200) throw new Error(`assign ${step}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as StepView;
}

/** Completes a step with its record (and the notice, for the notice step), as `who`. */
export function completeStep(
  p: TestCaller,
  topicId: string,
  step: string,
  body: Record<string, unknown> = {},
  who = 'community-secretary',
) {
  return p
    .http()
    .post(`${stepUrl(topicId, step)}/complete`)
    .set(p.as(who))
    .send({ record: `${step}: 已完成`, ...body });
}

/** A meeting of the topic's deliberate step held with these attendees present, its minutes final (every one confirmed by the secretary). */
export async function heldMeeting(
  p: TestCaller,
  topicId: string,
  attendees: { id: string; role: string }[],
  kind = 'coordination',
): Promise<MeetingView> {
  const admin = p.as('community-secretary');
  const created = await p
    .http()
    .post(`/api/v1/councils/topics/${topicId}/meetings`)
    .set(admin)
    .send({ kind, title: '侧门开设协调会', heldAt: '2026-12-09T14:00:00+08:00', invited: attendees });
  if (created.status !== 201) throw new Error(`meeting: ${created.status} ${JSON.stringify(created.body)}`);
  const id = (created.body as MeetingView).id;
  const ids = attendees.map((a) => a.id);
  await p
    .http()
    .put(`/api/v1/councils/meetings/${id}/minutes`)
    .set(admin)
    .send({ present: ids, minutes: '各方同意开设侧门', positions: ids.map((a) => ({ attendeeId: a, stand: 'for' })) })
    .expect(200);
  for (const a of ids)
    await p.http().post(`/api/v1/councils/meetings/${id}/confirmations`).set(admin).send({ attendeeId: a }).expect(200);
  const final = await p.http().post(`/api/v1/councils/meetings/${id}/final`).set(admin).send({}).expect(200);
  return final.body as MeetingView;
}

// -- joint councils and topics --

/** Platform, identity, ticketing (its catalogue seeded), councils and the gateway in one app: topics forwarded as tickets. */
export async function bootCouncilsWithTicketing(
  env: NodeJS.ProcessEnv,
  clock: TestClock,
): Promise<NestFastifyApplication> {
  const nest = await bootTestApp(
    {
      imports: [
        PlatformModule.forRoot({ app: 'councils-topics-e2e', env }),
        IdentityModule.forRoot({ env }),
        TicketingModule.forRoot({ env, clock }),
        CouncilsModule.forRoot({ env, clock }),
        GatewayModule.forRoot({ env }),
      ],
    },
    { configure: configureGateway, bodyLimit: 256 * 1024 },
  );
  const registry = nest.get(DatabaseRegistry);
  await seedDemoDistrict(registry.get('identity'), PASSWORD);
  await seedDemoCatalogue(registry.get('ticketing'));
  return nest;
}

/** The compound's joint council with these members, set up by the community secretary. */
export async function councilOf(
  p: TestCaller,
  compoundId: string,
  members: Record<string, unknown>[],
  extra: Record<string, unknown> = {},
): Promise<CouncilView> {
  const res = await p
    .http()
    .post(`/api/v1/councils/compounds/${compoundId}/council`)
    .set(p.as('community-secretary'))
    .send({ name: '红色物业联席会', members, ...extra });
  if (res.status !== 201) throw new Error(`council: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as CouncilView;
}

/** A topic submitted to the compound by `who` (a linked resident or an agenda collector). */
export async function submittedTopic(
  p: TestCaller,
  compoundId: string,
  who: string,
  body: Record<string, unknown> = {},
): Promise<TopicView> {
  const res = await p
    .http()
    .post(`/api/v1/councils/compounds/${compoundId}/topics`)
    .set(p.as(who))
    .send({ title: '开设通往地铁站的侧门', description: '西侧围墙离地铁站两百米，居民要绕行一公里', ...body });
  if (res.status !== 201) throw new Error(`topic: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as TopicView;
}

/** Triages a topic as the community secretary. */
export function triageTopic(p: TestCaller, topicId: string, body: Record<string, unknown>) {
  return p.http().post(`/api/v1/councils/topics/${topicId}/triage`).set(p.as('community-secretary')).send(body);
}

/** A topic submitted by `who` and accepted in `topicClass` (the seven steps start from it). */
export async function acceptedTopic(
  p: TestCaller,
  compoundId: string,
  who: string,
  topicClass = 'major_matter',
  body: Record<string, unknown> = {},
): Promise<TopicView> {
  const t = await submittedTopic(p, compoundId, who, body);
  const res = await triageTopic(p, t.id, { outcome: 'accept', topicClass });
  if (res.status !== 200) throw new Error(`accept: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as TopicView;
}

/** Councils with ticketing and dispatch (tickets go through the whole loop) in one app (a resolution's task goes to ticketing and follows its ticket). */
export async function bootCouncilsWithDispatch(
  env: NodeJS.ProcessEnv,
  clock: TestClock,
): Promise<NestFastifyApplication> {
  const nest = await bootTestApp(
    {
      imports: [
        PlatformModule.forRoot({ app: 'resolutions-e2e', env }),
        IdentityModule.forRoot({ env }),
        CouncilsModule.forRoot({ env, clock }),
        TicketingModule.forRoot({ env, clock }),
        DispatchModule.forRoot({ env, clock }),
        GatewayModule.forRoot({ env }),
      ],
    },
    { configure: configureGateway, bodyLimit: 256 * 1024 },
  );
  const registry = nest.get(DatabaseRegistry);
  await seedDemoDistrict(registry.get('identity'), PASSWORD);
  await seedDemoCatalogue(registry.get('ticketing'));
  await seedDemoResponsibilities(registry.get('dispatch'));
  return nest;
}
