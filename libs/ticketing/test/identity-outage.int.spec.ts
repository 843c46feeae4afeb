import type { INestApplication } from '@nestjs/common';
import { TicketingRoutes, type Actor } from '@gz/contracts';
import { IdentityModule, seedDemoDistrict } from '@gz/identity';
import { BusClient, BusError, DatabaseRegistry, PlatformModule } from '@gz/platform';
import {
  bootTestApp,
  createTestDatabase,
  deleteTestStream,
  testBusRoot,
  testEnv,
  type TestDatabase,
} from '@gz/testing';
import { seedDemoCatalogue, TicketingModule } from '../src';

const operator: Actor = {
  kind: 'user',
  id: 'command-operator',
  username: 'command-operator',
  roles: ['command_operator'],
  scopes: ['d01.s01'],
};

// Ticketing asks identity which grids exist. With identity stopped, grids it has read keep
// taking reports; a grid it never read cannot be checked, and is "unavailable", not refused.
describe.each([
  ['the in-process bus', false],
  ['NATS', true],
])('reporting while the identity service is stopped, over %s', (_name, nats) => {
  const root = testBusRoot();
  let db: TestDatabase;
  let identity: INestApplication | undefined;
  let ticketing: INestApplication;

  beforeAll(async () => {
    db = await createTestDatabase();
    const env = testEnv({ databaseUrl: db.url, busRoot: root, nats, extra: { ORG_TREE_CACHE_S: '1' } });
    identity = await bootTestApp({
      imports: [PlatformModule.forRoot({ app: 'identity', env }), IdentityModule.forRoot({ env })],
    });
    ticketing = await bootTestApp({
      imports: [PlatformModule.forRoot({ app: 'ticketing', env }), TicketingModule.forRoot({ env })],
    });
    await seedDemoDistrict(identity.get(DatabaseRegistry).get('identity'), 'Demo-Passw0rd!');
    await seedDemoCatalogue(ticketing.get(DatabaseRegistry).get('ticketing'));
  });

  afterAll(async () => {
    await ticketing?.close();
    await identity?.close();
    await db.drop();
    if (nats) await deleteTestStream(root);
  });

  const report = (gridPath: string) =>
    ticketing
      .get(BusClient)
      .request(
        TicketingRoutes.report,
        's01',
        { source: 'grid_patrol', categoryCode: 'E0102', description: '路边暴露垃圾', location: { gridPath } },
        { actor: operator },
      );
  const count = async () =>
    (
      await ticketing.get(DatabaseRegistry).get('ticketing').query(`SELECT count(*)::int AS n FROM "ticketing".ticket`)
    )[0].n as number;

  it('keeps taking reports from grids it knows, and calls an unseen grid unavailable', async () => {
    expect((await report('d01.s01.c01.g01')).created).toBe(true);
    await identity!.close();
    identity = undefined;
    // past ORG_TREE_CACHE_S: the grids must be asked for again, and nobody answers
    await new Promise((r) => setTimeout(r, 1100));
    expect((await report('d01.s01.c01.g02')).created).toBe(true);
    const unseen = await report('d01.s01.c02.g09').catch((e: unknown) => e);
    expect(unseen).toBeInstanceOf(BusError);
    expect((unseen as BusError).body).toMatchObject({ code: 'unavailable' });
    expect((unseen as BusError).body.message).toContain('could not be read from the identity service');
    expect(await count()).toBe(2);
  });
});
