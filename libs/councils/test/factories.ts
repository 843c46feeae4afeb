import type { CompoundView, OwnerView, UnitView } from '@gz/contracts';
import { configureGateway, GatewayModule } from '@gz/gateway';
import { IdentityModule, seedDemoDistrict } from '@gz/identity';
import { DatabaseRegistry, PlatformModule } from '@gz/platform';
import { bootTestApp, PASSWORD, type TestCaller, type TestClock } from '@gz/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
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
