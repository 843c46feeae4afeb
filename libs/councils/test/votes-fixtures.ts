import type { INestApplication } from '@nestjs/common';
import { configureGateway, GatewayModule } from '@gz/gateway';
import { IdentityModule, seedDemoDistrict } from '@gz/identity';
import { DatabaseRegistry, newId, PlatformModule } from '@gz/platform';
import { bootTestApp, PASSWORD, type TestCaller, type TestClock } from '@gz/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { DataSource } from 'typeorm';
import { CouncilsModule, VoteTimerPoller } from '../src';

/** Platform, identity, councils and the gateway in one app, the demo district seeded. */
export async function bootVotes(
  env: NodeJS.ProcessEnv,
  clock: TestClock,
  app = 'votes-e2e',
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
    { configure: configureGateway, bodyLimit: 64 * 1024 },
  );
  await seedDemoDistrict(nest.get(DatabaseRegistry).get('identity'), PASSWORD);
  return nest;
}

export const councilsDb = (app: INestApplication): DataSource => app.get(DatabaseRegistry).get('councils');
export const voteTimers = (app: INestApplication) => app.get(VoteTimerPoller);

/** Creates resident accounts through the identity API (as the district admin). */
export async function createResidents(p: TestCaller, usernames: string[], scope = 'd01.s01.c01.g01'): Promise<void> {
  for (const username of usernames)
    await p
      .http()
      .post('/api/v1/users')
      .set(p.as('district-admin'))
      .send({ username, displayName: `业主${username}`, password: PASSWORD, roles: ['resident'], scopes: [scope] })
      .expect(201);
}

/** One unit of a roll fixture: its building, its area (hundredths of m²), its owners by name, or the developer's while unsold. */
export interface UnitSpec {
  building: string;
  number: string;
  area: number;
  owners?: string[];
  developerUnsold?: boolean;
}

export interface RollFixture {
  compoundId: string;
  buildings: Map<string, string>;
  /** owner ids by the names the spec gave (the developer as `developer`) */
  owners: Map<string, string>;
}

/**
 * A compound's roll written straight into the councils schema (the roll's own API and import are
 * tested with it; the votes' tests need a roll of a given shape): compound, buildings, units with
 * their counted area, owners (linked to users by id), ownership.
 */
export async function rollFixture(
  ds: DataSource,
  spec: { name: string; communityPath?: string; units: UnitSpec[]; links?: Record<string, string>; at?: Date },
): Promise<RollFixture> {
  const at = spec.at ?? new Date();
  const community = spec.communityPath ?? 'd01.s01.c01';
  const compoundId = newId();
  await ds.query(
    `INSERT INTO "councils".compound (id, street_code, community_path, name, created_by, created_at, updated_at)
     VALUES ($1, $2, $3, $4, 'fixture', $5, $5)`,
    [compoundId, community.split('.')[1], community, spec.name, at],
  );
  const buildings = new Map<string, string>();
  const owners = new Map<string, string>();
  const unitRows: unknown[][] = [];
  const ownershipRows: unknown[][] = [];
  for (const u of spec.units) {
    if (!buildings.has(u.building)) buildings.set(u.building, newId());
    const unitId = newId();
    unitRows.push([unitId, compoundId, buildings.get(u.building), u.number, u.area, u.developerUnsold ?? false]);
    const names = u.developerUnsold ? ['developer', ...(u.owners ?? [])] : (u.owners ?? []);
    for (const name of names) {
      if (!owners.has(name)) owners.set(name, newId());
      ownershipRows.push([unitId, owners.get(name)]);
    }
  }
  const links = spec.links ?? {};
  await ds.query(
    `INSERT INTO "councils".building (id, compound_id, name, created_at) SELECT id, $2, name, $3 FROM unnest($1::uuid[], $4::text[]) AS b(id, name)`,
    [[...buildings.values()], compoundId, at, [...buildings.keys()]],
  );
  await ds.query(
    `INSERT INTO "councils".unit (id, compound_id, building_id, number, registered_area, area, area_source, developer_unsold, created_at, updated_at)
     SELECT (r->>0)::uuid, (r->>1)::uuid, (r->>2)::uuid, r->>3, (r->>4)::int, (r->>4)::int, 'registered', (r->>5)::boolean, $2, $2
       FROM jsonb_array_elements($1::jsonb) r`,
    [JSON.stringify(unitRows), at],
  );
  await ds.query(
    `INSERT INTO "councils".owner (id, compound_id, name, developer, user_id, created_at, updated_at)
     SELECT o.id, $2, o.name, o.name = 'developer', o.user_id, $3, $3
       FROM unnest($1::uuid[], $4::text[], $5::uuid[]) AS o(id, name, user_id)`,
    [[...owners.values()], compoundId, at, [...owners.keys()], [...owners.keys()].map((n) => links[n] ?? null)],
  );
  await ds.query(
    `INSERT INTO "councils".ownership (unit_id, owner_id, since)
     SELECT (r->>0)::uuid, (r->>1)::uuid, $2 FROM jsonb_array_elements($1::jsonb) r`,
    [JSON.stringify(ownershipRows), at],
  );
  return { compoundId, buildings, owners };
}
