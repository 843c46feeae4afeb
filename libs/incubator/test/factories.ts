import type { OrganisationView } from '@gz/contracts';
import { configureGateway, GatewayModule } from '@gz/gateway';
import { IdentityModule, seedDemoDistrict } from '@gz/identity';
import { DatabaseRegistry, PlatformModule } from '@gz/platform';
import { bootTestApp, PASSWORD, type TestCaller, type TestClock } from '@gz/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { DataSource } from 'typeorm';
import { IncubatorModule } from '../src';

/** Platform, identity, the incubator and the gateway in one app, the demo district seeded. */
export async function bootIncubator(
  env: NodeJS.ProcessEnv,
  clock: TestClock,
  app = 'incubator-e2e',
): Promise<NestFastifyApplication> {
  const nest = await bootTestApp(
    {
      imports: [
        PlatformModule.forRoot({ app, env }),
        IdentityModule.forRoot({ env }),
        IncubatorModule.forRoot({ env, clock }),
        GatewayModule.forRoot({ env }),
      ],
    },
    { configure: configureGateway, bodyLimit: 256 * 1024 },
  );
  await seedDemoDistrict(nest.get(DatabaseRegistry).get('identity'), PASSWORD);
  return nest;
}

/** The incubator's database of a booted app. */
export const incubatorDb = (app: NestFastifyApplication): DataSource => app.get(DatabaseRegistry).get('incubator');

/** The payloads of the incubator's published events of one type, in order. */
export async function eventsOf(app: NestFastifyApplication, type: string): Promise<Array<Record<string, unknown>>> {
  const rows: Array<{ envelope: { data: Record<string, unknown> } }> = await incubatorDb(app).query(
    `SELECT envelope FROM "incubator".outbox WHERE type = $1 ORDER BY id`,
    [type],
  );
  return rows.map((r) => r.envelope.data);
}

/** An organisation of the demo street s01 made by its street admin (filed, in d01.s01.c01 unless told otherwise). */
export async function organisationIn(
  p: TestCaller,
  name: string,
  extra: Record<string, unknown> = {},
  as = 'street-admin',
): Promise<OrganisationView> {
  const res = await p
    .http()
    .post('/api/v1/incubator/organisations')
    .set(p.as(as))
    .send({
      name,
      legalStatus: 'filed',
      communityPath: 'd01.s01.c01',
      communitiesServed: ['d01.s01.c01'],
      fields: ['elderly'],
      ...extra,
    });
  if (res.status !== 201) throw new Error(`organisation ${name}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as OrganisationView;
}
