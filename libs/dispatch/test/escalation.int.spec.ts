import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  DispatchRoutes,
  TicketingRoutes,
  type Actor,
  type ErrorBody,
  type AnyRoute,
  type RequestOf,
} from '@gz/contracts';
import { BusClient, BusError, DatabaseRegistry, PlatformModule } from '@gz/platform';
import {
  bootTestApp,
  createTestDatabase,
  deleteTestStream,
  eventually,
  testBusRoot,
  testEnv,
  type TestDatabase,
} from '@gz/testing';
import { IdentityModule, seedDemoDistrict } from '@gz/identity';
import { seedDemoCatalogue, TicketingModule } from '@gz/ticketing';
import { DispatchModule, EscalationPoller, seedDemoResponsibilities } from '../src';

class TestClock {
  constructor(private t: Date) {}
  now(): Date {
    return new Date(this.t);
  }
  set(iso: string): void {
    this.t = new Date(iso);
  }
}

const user = (id: string, role: Actor['roles'][number], scope: string): Actor => ({
  kind: 'user',
  id,
  username: id,
  roles: [role],
  scopes: [scope],
});
const gridWorker = user('grid-worker', 'grid_worker', 'd01.s01.c01.g01');
const operator = user('command-operator', 'command_operator', 'd01.s01');
const officer = user('department-officer', 'department_officer', 'd01.dep-sanitation');
const streetAdmin = user('street-admin', 'street_admin', 'd01.s01');

describe.each([
  ['the in-process bus', false],
  ['NATS', true],
])('ticketing and dispatch as separate services over %s', (_name, nats) => {
  const root = testBusRoot();
  const clock = new TestClock(new Date('2026-05-12T01:00:00Z'));
  let db: TestDatabase;
  let env: NodeJS.ProcessEnv;
  let ticketing: NestFastifyApplication;
  let dispatch: NestFastifyApplication | undefined;

  const bootDispatch = () =>
    bootTestApp({
      imports: [PlatformModule.forRoot({ app: 'dispatch', env }), DispatchModule.forRoot({ env, clock })],
    });
  const call = <R extends AnyRoute>(route: R, data: RequestOf<R>, actor: Actor, street = 's01') =>
    ticketing.get(BusClient).request(route, street, data, { actor });
  const failure = async (route: AnyRoute, data: unknown, actor: Actor): Promise<ErrorBody> => {
    try {
      await call(route, data as never, actor);
    } catch (e) {
      if (e instanceof BusError) return e.body;
      throw e;
    }
    throw new Error('expected a failure');
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    env = testEnv({ databaseUrl: db.url, busRoot: root, nats, extra: { TIMER_POLL_MS: '0' } });
    // identity answers ticketing's question of which grids exist
    ticketing = await bootTestApp({
      imports: [
        PlatformModule.forRoot({ app: 'ticketing', env }),
        IdentityModule.forRoot({ env }),
        TicketingModule.forRoot({ env, clock }),
      ],
    });
    dispatch = await bootDispatch();
    await seedDemoDistrict(ticketing.get(DatabaseRegistry).get('identity'), 'Demo-Passw0rd!');
    await seedDemoCatalogue(ticketing.get(DatabaseRegistry).get('ticketing'));
  });

  afterAll(async () => {
    await dispatch?.close();
    await ticketing?.close();
    await db.drop();
    if (nats) await deleteTestStream(root);
  });

  it('publishes versioned responsibility lists and proposes from the newest', async () => {
    await seedDemoResponsibilities(dispatch!.get(DatabaseRegistry).get('dispatch'));
    expect(await seedDemoResponsibilities(dispatch!.get(DatabaseRegistry).get('dispatch'))).toEqual({ published: [] });
    const v1 = await call(DispatchRoutes.responsibilityGet, { street: 's01' }, operator);
    expect(v1.version).toBe(1);
    const forbidden = await failure(
      DispatchRoutes.responsibilityPublish,
      { street: 's01', rules: [{ category: '*', lead: { path: 'd01.dep-urban', name: '区城管局' } }] },
      operator,
    );
    expect(forbidden.code).toBe('forbidden');
    const outside = await failure(
      DispatchRoutes.responsibilityPublish,
      {
        street: 's01',
        rules: [{ category: '*', orgPath: 'd01.s02', lead: { path: 'd01.dep-urban', name: '区城管局' } }],
      },
      user('district-admin', 'district_admin', 'd01'),
    );
    expect(outside.code).toBe('unprocessable');
    const v2 = await call(
      DispatchRoutes.responsibilityPublish,
      {
        street: 's01',
        rules: [
          { category: '*', lead: { path: 'd01.dep-urban', name: '区城管局' } },
          { category: 'C03*', lead: { path: 'd01.dep-sanitation', name: '区环卫局' } },
        ],
      },
      streetAdmin,
    );
    expect(v2.version).toBe(2);
  });

  it('publishes in the district of the caller, never an assumed one', async () => {
    const rules = [{ category: '*', lead: { path: 'd02.dep-urban', name: '区城管局' } }];
    // a street admin of another district: the rules cover its street there, not the demo district's
    const other = await call(
      DispatchRoutes.responsibilityPublish,
      { street: 's09', rules },
      user('d02-admin', 'street_admin', 'd02.s09'),
    );
    expect(other.rules[0].orgPath).toBe('d02.s09');
    // without a scope the district cannot be known: refused, naming no district
    const unscoped = await failure(
      DispatchRoutes.responsibilityPublish,
      { street: 's09', rules },
      { ...streetAdmin, scopes: [] },
    );
    expect(unscoped).toMatchObject({ code: 'forbidden', message: 'Outside your scope: s09' });
  });

  it('escalates a missed acknowledgement after the dispatch service restarts, and shows it on the ticket', async () => {
    clock.set('2026-05-12T07:05:00Z');
    const t = await call(
      TicketingRoutes.report,
      {
        source: 'informant',
        categoryCode: 'C0302',
        description: '旱厕墙体开裂',
        location: { gridPath: 'd01.s01.c01.g01' },
      },
      gridWorker,
    );
    await call(TicketingRoutes.open, { id: t.id }, gridWorker);
    const proposed = await eventually(async () => {
      const c = await call(DispatchRoutes.caseGet, { ticketId: t.id }, operator).catch(() => undefined);
      return c?.status === 'proposed' ? c : undefined;
    });
    expect(proposed.proposal).toMatchObject({ lead: { path: 'd01.dep-sanitation' }, listVersion: 2 });
    clock.set('2026-05-12T07:30:00Z');
    await call(DispatchRoutes.confirm, { ticketId: t.id }, operator);
    await eventually(async () =>
      (await call(TicketingRoutes.get, { id: t.id }, operator)).state === 'dispatched' ? true : undefined,
    );

    // the dispatch service goes down; the deadline passes while it is down
    await dispatch!.close();
    dispatch = undefined;
    clock.set('2026-05-13T08:00:00Z');
    dispatch = await bootDispatch();
    expect(await dispatch.get(EscalationPoller).tick()).toBe(1);
    expect(await dispatch.get(EscalationPoller).tick()).toBe(0);

    await eventually(async () =>
      (await call(TicketingRoutes.get, { id: t.id }, operator)).escalationLevel === 1 ? true : undefined,
    );
    const timeline = await call(TicketingRoutes.timeline, { id: t.id }, operator);
    expect(timeline.at(-1)).toMatchObject({
      action: 'escalated',
      at: '2026-05-13T08:00:00.000Z',
      fromState: 'dispatched',
      toState: 'dispatched',
      data: { level: 1, to: 'street', reason: 'unacknowledged', dueAt: '2026-05-13T07:30:00.000Z' },
    });

    // acknowledging late stops the climb to the district
    const [assignment] = (await call(DispatchRoutes.caseGet, { ticketId: t.id }, operator)).assignments;
    await call(DispatchRoutes.acknowledge, { id: assignment.id }, officer);
    clock.set('2026-05-13T12:00:00Z');
    expect(await dispatch.get(EscalationPoller).tick()).toBe(0);
    // a second acknowledgement is a conflict with the current status
    const again = await failure(DispatchRoutes.acknowledge, { id: assignment.id }, officer);
    expect(again).toMatchObject({ code: 'conflict', details: { status: 'acknowledged' } });
  });
});
