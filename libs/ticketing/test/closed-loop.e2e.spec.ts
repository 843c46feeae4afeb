import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DispatchEvents, TicketingEvents, type EventEnvelope } from '@gz/contracts';
import { EVENT_TRANSPORT, type EventTransport } from '@gz/platform';
import {
  createTestDatabase,
  deleteTestStream,
  eventually,
  testBusRoot,
  testEnv,
  TEST_NATS_URL,
  TestClock,
  TestSession,
  type TestDatabase,
} from '@gz/testing';
import { jetstream } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { Client } from 'pg';
import { register } from 'prom-client';
import { assignmentsOf, proposedCase, readTicket, ticketIn, untilTicketState } from './factories';
import { bootPlatform, clientToken, login, poller } from './support';

type Mode = 'in-process bus' | 'NATS';

// 2026-05-12 15:05 in China (UTC+8)
const T = (day: number, hhmm: string) => `2026-05-${String(day).padStart(2, '0')}T${hhmm}:00+08:00`;
const iso = (s: string) => new Date(s).toISOString();

describe.each<Mode>(['in-process bus', 'NATS'])('tickets and dispatch through the gateway, %s', (mode) => {
  const nats = mode === 'NATS';
  const root = testBusRoot();
  const clock = new TestClock(T(12, '08:00'));
  let db: TestDatabase;
  let app: NestFastifyApplication;
  const people = new TestSession(() => app);
  const http = () => people.http();
  const as = (who: string) => people.as(who);
  /** every event published during the suite, as evaluation and the live view receive them */
  const published: EventEnvelope[] = [];
  const eventsOf = (ticketId: string) =>
    published.filter((e) => (e.data as { ticketId?: string }).ticketId === ticketId);

  beforeAll(async () => {
    db = await createTestDatabase();
    const env = testEnv({
      databaseUrl: db.url,
      busRoot: root,
      nats,
      extra: { TIMER_POLL_MS: '0', RATE_LIMIT_PER_MINUTE: '100000' },
    });
    app = await bootPlatform(env, clock);
    await app.get<EventTransport>(EVENT_TRANSPORT).subscribe(`${root}.evt.>`, (e) => published.push(e));
    await people.signIn('grid-worker', 'command-operator', 'department-officer', 'resident', 'district-admin', 'grid-worker-s02');
    // a second department's officer, to show that a department sees only its own work
    await http()
      .post('/api/v1/users')
      .set(as('district-admin'))
      .send({
        username: 'urban-officer',
        displayName: '钱卫东',
        password: 'Urban-Passw0rd!',
        roles: ['department_officer'],
        scopes: ['d01.dep-urban'],
      })
      .expect(201);
    people.use('urban-officer', await login(app, 'urban-officer', 'Urban-Passw0rd!'));
    people.use('demo-sanitation', await clientToken(app, 'demo-sanitation'));
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
    if (nats) await deleteTestStream(root);
  });

  /** The stream delivers an event again, as after a consumer's crash before its ack (a new stream message). */
  async function redeliver(event: EventEnvelope): Promise<void> {
    const subject = `${root}.evt.${event.street}.${event.type}`;
    if (!nats) return app.get<EventTransport>(EVENT_TRANSPORT).publish(subject, event, {});
    const nc = await connect({ servers: TEST_NATS_URL });
    await jetstream(nc).publish(subject, JSON.stringify(event), { msgID: `${event.id}-again` });
    await nc.close();
  }

  /** Events a service's consumer handled, by type and outcome (handled, duplicate …). */
  async function handled(service: string, type: string, outcome: string): Promise<number> {
    const metric = await register.getSingleMetric('gz_events_handled_total')?.get();
    return (metric?.values ?? [])
      .filter((v) => v.labels.service === service && v.labels.type === type && v.labels.outcome === outcome)
      .reduce((sum, v) => sum + v.value, 0);
  }

  function report(who: string, body: Record<string, unknown>, key?: string) {
    const req = http().post('/api/v1/tickets').set(as(who));
    if (key) req.set('idempotency-key', key);
    return req.send(body);
  }

  const ticket = (id: string, who = 'command-operator') => readTicket(people, id, who);
  const untilState = (id: string, state: string, who = 'command-operator') => untilTicketState(people, id, state, who);
  const dispatchCase = (id: string) => proposedCase(people, id);
  const assignmentOf = (ticketId: string, who: string) => assignmentsOf(people, ticketId, who);
  const openedTicket = (categoryCode: string, description: string, location: Record<string, unknown> = {}) =>
    ticketIn(people, 'opened', { categoryCode, description, extra: { location } });

  it('runs the seeds’ closed loop: a cracked dry-toilet wall, from the informant to two stars', async () => {
    // 15:05 an informant's photo, relayed by the grid worker
    clock.set(T(12, '15:05'));
    const reported = await report(
      'grid-worker',
      {
        source: 'informant',
        informant: '张阿姨（信息员）',
        categoryCode: 'C0302',
        description: '湖光社区旱厕东侧墙体开裂，有倒塌危险',
        location: { gridPath: 'd01.s01.c01.g01', building: '湖光花园北侧旱厕', lat: 30.5728, lng: 104.0668 },
        photos: ['photo-crack-0001'],
      },
      'phone-0512-1505-a',
    ).expect(201);
    expect(reported.body).toMatchObject({
      state: 'reported',
      version: 1,
      categoryName: '旱厕',
      street: 's01',
      created: true,
      source: 'informant',
    });
    const id = reported.body.id as string;

    // 15:15 verified on site and reported (核实立案)
    clock.set(T(12, '15:15'));
    await http()
      .post(`/api/v1/tickets/${id}/open`)
      .set(as('grid-worker'))
      .send({ version: 1, note: '已现场核实，墙体裂缝约1米' })
      .expect(200);

    // the responsibility list proposes the sanitation bureau; the command centre confirms at 15:30
    const proposal = await dispatchCase(id);
    expect(proposal.proposal?.lead).toEqual({ path: 'd01.dep-sanitation', name: '区环卫局' });
    clock.set(T(12, '15:30'));
    const dispatched = await http()
      .post(`/api/v1/tickets/${id}/dispatch`)
      .set(as('command-operator'))
      .send({ note: '请区环卫局处置' })
      .expect(200);
    expect(dispatched.body.assignments).toEqual([
      expect.objectContaining({
        department: { path: 'd01.dep-sanitation', name: '区环卫局' },
        role: 'lead',
        status: 'dispatched',
        ackDueAt: iso(T(13, '15:30')),
        handleDueAt: iso(T(15, '15:30')),
      }),
    ]);
    await untilState(id, 'dispatched');

    // the bureau acknowledges the next day (签收)
    clock.set(T(13, '09:10'));
    const [assignment] = await assignmentOf(id, 'department-officer');
    await http()
      .post(`/api/v1/assignments/${assignment.id}/acknowledge`)
      .set(as('department-officer'))
      .send({})
      .expect(200);
    await untilState(id, 'acknowledged');

    // … and reports its result with after-photos two days later
    clock.set(T(15, '10:00'));
    await http()
      .post(`/api/v1/assignments/${assignment.id}/result`)
      .set(as('department-officer'))
      .send({ result: '已对墙体加固修补', photos: ['photo-after-0001', 'photo-after-0002'] })
      .expect(200);
    await untilState(id, 'handled');

    // the grid worker checks on site, closes and rates two stars
    clock.set(T(15, '15:00'));
    const handled = await ticket(id, 'grid-worker');
    await http()
      .post(`/api/v1/tickets/${id}/check`)
      .set(as('grid-worker'))
      .send({ version: handled.version, passed: true, note: '已修补，但未清理现场' })
      .expect(200);
    clock.set(T(15, '15:05'));
    await http().post(`/api/v1/tickets/${id}/close`).set(as('grid-worker')).send({}).expect(200);
    clock.set(T(15, '15:10'));
    const rated = await http()
      .post(`/api/v1/tickets/${id}/rating`)
      .set(as('grid-worker'))
      .send({ stars: 2, comment: '处理太慢' })
      .expect(200);
    expect(rated.body).toMatchObject({
      state: 'rated',
      rating: 2,
      ratingComment: '处理太慢',
      result: '已对墙体加固修补',
    });

    const timeline = (await http().get(`/api/v1/tickets/${id}/timeline`).set(as('grid-worker')).expect(200)).body;
    expect(
      timeline.map((e: { action: string; at: string; toState: string | null; by: { name?: string } }) => [
        e.action,
        e.at,
        e.toState,
        e.by.name,
      ]),
    ).toEqual([
      ['reported', iso(T(12, '15:05')), 'reported', 'grid-worker'],
      ['opened', iso(T(12, '15:15')), 'opened', 'grid-worker'],
      ['proposed', iso(T(12, '15:15')), null, '指挥调度'],
      ['dispatched', iso(T(12, '15:30')), 'dispatched', 'command-operator'],
      ['acknowledged', iso(T(13, '09:10')), 'acknowledged', 'department-officer'],
      ['handled', iso(T(15, '10:00')), 'handled', 'department-officer'],
      ['checked', iso(T(15, '15:00')), 'checked', 'grid-worker'],
      ['closed', iso(T(15, '15:05')), 'closed', 'grid-worker'],
      ['rated', iso(T(15, '15:10')), 'rated', 'grid-worker'],
    ]);
    expect(timeline[0]).toMatchObject({ photos: ['photo-crack-0001'], data: { informant: '张阿姨（信息员）' } });
    expect(timeline[5].photos).toEqual(['photo-after-0001', 'photo-after-0002']);

    // the events evaluation counts, each at the time it happened
    await eventually(async () => (eventsOf(id).some((e) => e.type === TicketingEvents.rated) ? true : undefined));
    const ticketEvents = eventsOf(id).filter((e) => e.type.startsWith('ticket.'));
    expect(ticketEvents.map((e) => [e.type, e.occurredAt])).toEqual([
      [TicketingEvents.reported, iso(T(12, '15:05'))],
      [TicketingEvents.opened, iso(T(12, '15:15'))],
      [TicketingEvents.dispatched, iso(T(12, '15:30'))],
      [TicketingEvents.acknowledged, iso(T(13, '09:10'))],
      [TicketingEvents.handled, iso(T(15, '10:00'))],
      [TicketingEvents.checked, iso(T(15, '15:00'))],
      [TicketingEvents.closed, iso(T(15, '15:05'))],
      [TicketingEvents.rated, iso(T(15, '15:10'))],
    ]);
    expect(ticketEvents.at(-1)?.data).toMatchObject({ stars: 2, comment: '处理太慢', by: { name: 'grid-worker' } });
    expect(
      eventsOf(id)
        .filter((e) => !e.type.startsWith('ticket.'))
        .map((e) => e.type),
    ).toEqual([DispatchEvents.proposed, DispatchEvents.confirmed, DispatchEvents.acknowledged, DispatchEvents.handled]);
    // no personal data of the informant in any event
    expect(JSON.stringify(eventsOf(id))).not.toContain('张阿姨');

    // rated once
    const again = await http()
      .post(`/api/v1/tickets/${id}/rating`)
      .set(as('grid-worker'))
      .send({ stars: 5 })
      .expect(409);
    expect(again.body).toMatchObject({ code: 'conflict', details: { state: 'rated' } });
  });

  it('keeps small things in the grid: handled and closed without dispatch', async () => {
    clock.set(T(16, '09:00'));
    const id = await openedTicket('E0603', '3号楼2单元楼道堆放杂物', { building: '3号楼' });
    await http()
      .post(`/api/v1/tickets/${id}/handle`)
      .set(as('grid-worker'))
      .send({ result: '已联系住户清理' })
      .expect(200);
    await http().post(`/api/v1/tickets/${id}/check`).set(as('grid-worker')).send({ passed: true }).expect(200);
    const closed = await http().post(`/api/v1/tickets/${id}/close`).set(as('grid-worker')).send({}).expect(200);
    expect(closed.body).toMatchObject({ state: 'closed', departments: [], result: '已联系住户清理' });
    // the proposal is moot: nothing to dispatch any more
    await eventually(async () => {
      const res = await http().get(`/api/v1/tickets/${id}/dispatch`).set(as('command-operator'));
      return res.body.status === 'closed' ? true : undefined;
    });
    await http().post(`/api/v1/tickets/${id}/dispatch`).set(as('command-operator')).send({}).expect(409);

    // a category that must be dispatched cannot be closed in the grid
    const big = await openedTicket('C0302', '旱厕化粪池满溢');
    const refused = await http()
      .post(`/api/v1/tickets/${big}/handle`)
      .set(as('grid-worker'))
      .send({ result: '自行处理' })
      .expect(409);
    expect(refused.body).toMatchObject({ code: 'conflict', details: { state: 'opened' } });
  });

  it('answers 409 with the current state on an illegal step, and on a stale version', async () => {
    clock.set(T(16, '10:00'));
    const created = await report('grid-worker', {
      source: 'grid_patrol',
      categoryCode: 'E0102',
      description: '路边暴露垃圾',
      location: { gridPath: 'd01.s01.c01.g01' },
    }).expect(201);
    const id = created.body.id;
    const illegal = await http().post(`/api/v1/tickets/${id}/close`).set(as('grid-worker')).send({}).expect(409);
    expect(illegal.headers['content-type']).toContain('application/problem+json');
    expect(illegal.body).toMatchObject({
      status: 409,
      code: 'conflict',
      details: { state: 'reported', action: 'close' },
    });
    await http().post(`/api/v1/tickets/${id}/open`).set(as('grid-worker')).send({ version: 1 }).expect(200);
    const stale = await http()
      .post(`/api/v1/tickets/${id}/reject`)
      .set(as('grid-worker'))
      .send({ version: 1, reason: '重复' })
      .expect(409);
    expect(stale.body.details).toMatchObject({ currentVersion: 2, state: 'opened' });
    // bad input is 400, never a partial write
    const bad = await http()
      .post(`/api/v1/tickets`)
      .set(as('grid-worker'))
      .send({
        source: 'grid_patrol',
        categoryCode: 'C0302',
        description: 'x',
        location: { gridPath: 'd01.s01.c01.g01' },
        extra: 1,
      })
      .expect(400);
    expect(bad.body.details.fields).toHaveProperty('extra');
    await http()
      .post(`/api/v1/tickets`)
      .set(as('grid-worker'))
      .send({
        source: 'grid_patrol',
        categoryCode: 'C9999',
        description: '不存在的类别',
        location: { gridPath: 'd01.s01.c01.g01' },
      })
      .expect(422);
  });

  it('creates one ticket for a retried submission with the same Idempotency-Key', async () => {
    clock.set(T(16, '11:00'));
    const body = {
      source: 'resident',
      categoryCode: 'E0601',
      description: '楼下广场舞噪声扰民',
      location: { gridPath: 'd01.s01.c01.g01' },
    };
    const [a, b] = await Promise.all([
      report('resident', body, 'retry-key-0001'),
      report('resident', body, 'retry-key-0001'),
    ]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.body.id).toBe(b.body.id);
    const c = await report('resident', body, 'retry-key-0001').expect(201);
    expect(c.body).toMatchObject({ id: a.body.id, created: false });
    const mine = await http().get('/api/v1/tickets').query({ categoryCode: 'E0601' }).set(as('resident')).expect(200);
    expect(mine.body.total).toBe(1);
  });

  it('refuses a report from a grid the organisation tree does not have, writing nothing', async () => {
    const body = {
      source: 'grid_patrol',
      categoryCode: 'E0102',
      description: '不存在的网格',
      location: { gridPath: 'd01.s01.c01.g09' },
    };
    const res = await report('command-operator', body, 'no-such-grid-0001').expect(422);
    expect(res.body).toMatchObject({ code: 'unprocessable', details: { field: 'location.gridPath' } });
    const list = await http()
      .get('/api/v1/tickets')
      .query({ path: 'd01.s01.c01.g09' })
      .set(as('command-operator'))
      .expect(200);
    expect(list.body.total).toBe(0);
    // the key was not used up: the same key with a real grid makes the ticket
    const ok = await report(
      'command-operator',
      { ...body, location: { gridPath: 'd01.s01.c01.g03' } },
      'no-such-grid-0001',
    );
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ created: true, location: { gridPath: 'd01.s01.c01.g03' } });
  });

  it('hands back "not ours" and dispatches again to the department the list names next', async () => {
    clock.set(T(17, '09:00'));
    const id = await openedTicket('C0301', '公厕门损坏');
    await dispatchCase(id);
    await http().post(`/api/v1/tickets/${id}/dispatch`).set(as('command-operator')).send({}).expect(200);
    await untilState(id, 'dispatched');
    const [mine] = await assignmentOf(id, 'department-officer');
    await http()
      .post(`/api/v1/assignments/${mine.id}/hand-back`)
      .set(as('department-officer'))
      .send({ reason: '该公厕由街道自管，不属本局职责' })
      .expect(200);
    await untilState(id, 'opened');
    const again = await dispatchCase(id);
    expect(again.proposal?.lead).toEqual({ path: 'd01.dep-urban', name: '区城管局' });
    await http().post(`/api/v1/tickets/${id}/dispatch`).set(as('command-operator')).send({}).expect(200);
    await untilState(id, 'dispatched');
    const [urban] = await assignmentOf(id, 'urban-officer');
    expect(urban).toMatchObject({ round: 2, status: 'dispatched' });
    // the sanitation bureau no longer sees the ticket's current work, and cannot act on it
    await http().post(`/api/v1/assignments/${urban.id}/acknowledge`).set(as('department-officer')).send({}).expect(404);
    const timeline = (await http().get(`/api/v1/tickets/${id}/timeline`).set(as('command-operator')).expect(200)).body;
    expect(timeline.map((e: { action: string }) => e.action)).toEqual([
      'reported',
      'opened',
      'proposed',
      'dispatched',
      'handed_back',
      'proposed',
      'dispatched',
    ]);
    expect(timeline[4]).toMatchObject({ note: '该公厕由街道自管，不属本局职责', toState: 'opened' });
  });

  it('proposes the catch-all department for a category without a line; once it hands back, the command centre names one', async () => {
    clock.set(T(18, '08:00'));
    const id = await openedTicket('C0401', '古树名木枝干断裂'); // kept by the district's parks bureau
    const first = await dispatchCase(id);
    expect(first.proposal?.lead).toEqual({ path: 'd01.dep-urban', name: '区城管局' });
    await http().post(`/api/v1/tickets/${id}/dispatch`).set(as('command-operator')).send({}).expect(200);
    await untilState(id, 'dispatched');
    const [urban] = await assignmentOf(id, 'urban-officer');
    await http()
      .post(`/api/v1/assignments/${urban.id}/hand-back`)
      .set(as('urban-officer'))
      .send({ reason: '古树名木由区园林局直管' })
      .expect(200);
    await untilState(id, 'opened');
    const again = await dispatchCase(id);
    expect(again.proposal).toBeNull();
    const unnamed = await http().post(`/api/v1/tickets/${id}/dispatch`).set(as('command-operator')).send({}).expect(422);
    expect(unnamed.body.detail).toMatch(/name the lead department/);
    await http()
      .post(`/api/v1/tickets/${id}/dispatch`)
      .set(as('command-operator'))
      .send({ lead: 'd01.dep-parks', version: again.version })
      .expect(200);
    await untilState(id, 'dispatched');
    const timeline = (await http().get(`/api/v1/tickets/${id}/timeline`).set(as('command-operator')).expect(200)).body;
    expect(timeline.filter((e: { action: string }) => e.action === 'proposed').map((e: { note: string }) => e.note)).toEqual([
      '建议派遣：区城管局',
      '责任清单中没有匹配的部门，请指定',
    ]);
  });

  it('dispatches jointly to a lead and a co-department; handled when both reported', async () => {
    clock.set(T(18, '09:00'));
    const id = await openedTicket('E0301', '夜间施工噪声扰民');
    const proposed = await dispatchCase(id);
    expect(proposed.proposal).toMatchObject({ lead: { path: 'd01.dep-housing' }, co: [{ path: 'd01.dep-urban' }] });
    // the command centre overrides: sanitation leads, urban management joins
    const confirmed = await http()
      .post(`/api/v1/tickets/${id}/dispatch`)
      .set(as('command-operator'))
      .send({ lead: 'd01.dep-sanitation', co: ['d01.dep-urban'], version: proposed.version })
      .expect(200);
    expect(
      confirmed.body.assignments.map((x: { department: { path: string }; role: string }) => [
        x.department.path,
        x.role,
      ]),
    ).toEqual([
      ['d01.dep-sanitation', 'lead'],
      ['d01.dep-urban', 'co'],
    ]);
    await untilState(id, 'dispatched');
    const [lead] = await assignmentOf(id, 'department-officer');
    const [co] = await assignmentOf(id, 'urban-officer');
    expect(lead.department.path).toBe('d01.dep-sanitation');
    expect(co.department.path).toBe('d01.dep-urban');

    // the sanitation bureau's partner system works through the gateway with client credentials
    await http().post(`/api/v1/assignments/${lead.id}/acknowledge`).set(as('demo-sanitation')).send({}).expect(200);
    await http().post(`/api/v1/assignments/${co.id}/acknowledge`).set(as('urban-officer')).send({}).expect(200);
    await untilState(id, 'acknowledged');
    await http()
      .post(`/api/v1/assignments/${lead.id}/result`)
      .set(as('demo-sanitation'))
      .send({ result: '已清理施工垃圾' })
      .expect(200);
    await eventually(async () => {
      const tl = (await http().get(`/api/v1/tickets/${id}/timeline`).set(as('command-operator'))).body;
      // the lead's result is on the timeline; the ticket waits for the co-department's
      return tl.some((e: { action: string; toState: string | null }) => e.action === 'handled' && e.toState === null)
        ? true
        : undefined;
    });
    expect((await ticket(id)).state).toBe('acknowledged');
    await http()
      .post(`/api/v1/assignments/${co.id}/result`)
      .set(as('urban-officer'))
      .send({ result: '已责令停止夜间施工' })
      .expect(200);
    await untilState(id, 'handled');
    // a failed check sends it back to both departments
    await http()
      .post(`/api/v1/tickets/${id}/check`)
      .set(as('grid-worker'))
      .send({ passed: false, note: '夜间仍在施工' })
      .expect(200);
    const reproposed = await dispatchCase(id);
    expect(reproposed.proposal).toMatchObject({
      lead: { path: 'd01.dep-sanitation' },
      co: [{ path: 'd01.dep-urban' }],
    });
  });

  it('shows a department only its own work, and a grid worker only their grid', async () => {
    const sanitation = (await http().get('/api/v1/assignments').set(as('department-officer')).expect(200)).body.items;
    expect(sanitation.length).toBeGreaterThan(0);
    expect(sanitation.every((a: { department: { path: string } }) => a.department.path === 'd01.dep-sanitation')).toBe(
      true,
    );
    const urban = (await http().get('/api/v1/assignments').set(as('urban-officer')).expect(200)).body.items;
    expect(urban.every((a: { department: { path: string } }) => a.department.path === 'd01.dep-urban')).toBe(true);

    const tickets = (await http().get('/api/v1/tickets').set(as('department-officer')).expect(200)).body.items;
    expect(tickets.length).toBeGreaterThan(0);
    expect(
      tickets.every((t: { departments: Array<{ path: string }> }) =>
        t.departments.some((d) => d.path === 'd01.dep-sanitation'),
      ),
    ).toBe(true);
    // a ticket never dispatched to the sanitation bureau is not found for it
    const other = await openedTicket('E0501', '无照游商');
    await http().get(`/api/v1/tickets/${other}`).set(as('department-officer')).expect(404);
    // another street's grid worker sees nothing of s01, and may not report there
    const s02 = (await http().get('/api/v1/tickets').set(as('grid-worker-s02')).expect(200)).body;
    expect(s02.total).toBe(0);
    await http().get(`/api/v1/tickets/${other}`).set(as('grid-worker-s02')).expect(404);
    await report('grid-worker-s02', {
      source: 'grid_patrol',
      categoryCode: 'E0501',
      description: '越界上报',
      location: { gridPath: 'd01.s01.c01.g01' },
    }).expect(403);
    // a department may not dispatch
    await http().post(`/api/v1/tickets/${other}/dispatch`).set(as('department-officer')).send({}).expect(403);
  });

  it('offers a nearby report of the same category as a duplicate, and merges it', async () => {
    clock.set(T(19, '09:00'));
    const first = await openedTicket('E0505', '机动车占用消防通道', { lat: 30.5801, lng: 104.0702 });
    clock.set(T(19, '09:20'));
    const second = await report('grid-worker', {
      source: 'grid_patrol',
      categoryCode: 'E0505',
      description: '消防通道有车辆乱停',
      location: { gridPath: 'd01.s01.c01.g01', lat: 30.5803, lng: 104.0703 },
    }).expect(201);
    expect(second.body.possibleDuplicates).toEqual([expect.objectContaining({ id: first, distanceM: 24 })]);
    const merged = await http()
      .post(`/api/v1/tickets/${second.body.id}/merge`)
      .set(as('grid-worker'))
      .send({ intoTicketId: first })
      .expect(200);
    expect(merged.body).toMatchObject({ state: 'merged', mergedInto: first });
    const tl = (await http().get(`/api/v1/tickets/${first}/timeline`).set(as('grid-worker')).expect(200)).body;
    expect(tl.find((e: { action: string }) => e.action === 'merged')).toMatchObject({
      toState: null,
      data: { ticketId: second.body.id },
    });
  });

  it('opens a verified report at once (核实后上报), unless it may repeat an open ticket nearby', async () => {
    clock.set(T(19, '10:00'));
    const place = { gridPath: 'd01.s01.c01.g01', lat: 30.5902, lng: 104.0811 };
    const body = { source: 'grid_patrol', categoryCode: 'C0302', description: '旱厕门板脱落', location: place, verified: true };
    const created = await report('grid-worker', body, 'verified-0001').expect(201);
    expect(created.body).toMatchObject({ state: 'opened', version: 1, created: true, possibleDuplicates: [] });
    const id = created.body.id as string;
    const tl = (await http().get(`/api/v1/tickets/${id}/timeline`).set(as('grid-worker')).expect(200)).body;
    expect(tl.slice(0, 2)).toEqual([
      expect.objectContaining({ seq: 1, action: 'reported', toState: 'reported', at: iso(T(19, '10:00')) }),
      expect.objectContaining({ seq: 2, action: 'opened', fromState: 'reported', toState: 'opened', at: iso(T(19, '10:00')) }),
    ]);
    expect((await ticket(id)).openedAt).toBe(iso(T(19, '10:00')));
    // the list proposes the department as for any opened ticket
    expect((await dispatchCase(id)).proposal?.lead).toEqual({ path: 'd01.dep-sanitation', name: '区环卫局' });
    await eventually(async () => (eventsOf(id).length >= 2 ? true : undefined), 10_000, 'the two events');
    expect(eventsOf(id).map((e) => e.type).slice(0, 2)).toEqual([TicketingEvents.reported, TicketingEvents.opened]);
    // a retried submission is the same ticket, and opens nothing twice
    const again = await report('grid-worker', body, 'verified-0001').expect(201);
    expect(again.body).toMatchObject({ id, created: false, state: 'opened' });
    // the stream delivers ticket.opened and dispatch.proposed again (a consumer restarted before
    // its ack): each service's one-statement handler sees it in its inbox and writes nothing
    const opened = eventsOf(id).find((e) => e.type === TicketingEvents.opened)!;
    const proposed = await eventually(async () => eventsOf(id).find((e) => e.type === DispatchEvents.proposed));
    const repeats = async () =>
      (await handled('dispatch', TicketingEvents.opened, 'duplicate')) + (await handled('ticketing', DispatchEvents.proposed, 'duplicate'));
    const repeatsBefore = await repeats();
    await redeliver(opened);
    await redeliver(proposed);
    await eventually(async () => ((await repeats()) === repeatsBefore + 2 ? true : undefined), 10_000, 'both repeats to be seen');
    const timeline = (await http().get(`/api/v1/tickets/${id}/timeline`).set(as('grid-worker')).expect(200)).body;
    expect(timeline.filter((e: { action: string }) => e.action === 'proposed')).toHaveLength(1);
    // no second proposal: the only dispatch.proposed id is the first one (seen twice, redelivered)
    expect(new Set(eventsOf(id).filter((e) => e.type === DispatchEvents.proposed).map((e) => e.id))).toEqual(new Set([proposed.id]));

    // the same problem reported nearby stays reported: the verifier sees the candidate first
    clock.set(T(19, '10:05'));
    const near = await report('grid-worker', { ...body, location: { ...place, lat: 30.5903 } }).expect(201);
    expect(near.body).toMatchObject({ state: 'reported', possibleDuplicates: [expect.objectContaining({ id })] });

    // verifying is the place's staff's: a resident's "verified" report is refused, and writes nothing
    const before = (await http().get('/api/v1/tickets').query({ categoryCode: 'C0302' }).set(as('resident')).expect(200)).body.total;
    const refused = await report('resident', { ...body, source: 'resident' }).expect(403);
    expect(refused.body).toMatchObject({ code: 'forbidden' });
    const after = (await http().get('/api/v1/tickets').query({ categoryCode: 'C0302' }).set(as('resident')).expect(200)).body.total;
    expect(after).toBe(before);
    await report('grid-worker', { ...body, verified: 'yes' }).expect(400);
  });

  it('dispatches once: the event repeated, the ticket moved by another step meanwhile, two operators confirming at once', async () => {
    clock.set(T(19, '11:00'));
    const timelineOf = async (id: string) =>
      (await http().get(`/api/v1/tickets/${id}/timeline`).set(as('command-operator')).expect(200)).body as Array<{
        action: string;
        toState: string | null;
        data: Record<string, unknown>;
      }>;
    // a step moved the ticket (toState); a dispatch that no longer applied is only recorded
    const dispatchSteps = (tl: Array<{ action: string; toState: string | null }>) =>
      tl.filter((e) => e.action === 'dispatched' && e.toState === 'dispatched');
    // the usual way: the ticket is dispatched by one statement; the stream's repeat changes nothing
    const id = await openedTicket('C0302', '垃圾桶满溢');
    await dispatchCase(id);
    await http().post(`/api/v1/tickets/${id}/dispatch`).set(as('command-operator')).send({}).expect(200);
    await untilState(id, 'dispatched');
    const confirmed = await eventually(async () => eventsOf(id).find((e) => e.type === DispatchEvents.confirmed));
    const repeatsBefore = await handled('ticketing', DispatchEvents.confirmed, 'duplicate');
    await redeliver(confirmed);
    await eventually(
      async () => ((await handled('ticketing', DispatchEvents.confirmed, 'duplicate')) === repeatsBefore + 1 ? true : undefined),
      10_000,
      'the repeat to be seen',
    );
    expect(dispatchSteps(await timelineOf(id))).toHaveLength(1);
    expect((await ticket(id)).version).toBe(3); // reported 1, opened 2, dispatched 3

    // another step holds the ticket while ticketing handles dispatch.confirmed, and merges it
    const raced = await openedTicket('C0302', '垃圾桶满溢（另一处）');
    await dispatchCase(raced);
    const other = new Client({ connectionString: db.url });
    await other.connect();
    try {
      await other.query('BEGIN');
      await other.query('SELECT 1 FROM "ticketing".ticket WHERE id = $1 FOR UPDATE', [raced]);
      await http().post(`/api/v1/tickets/${raced}/dispatch`).set(as('command-operator')).send({}).expect(200);
      // ticketing read the ticket as opened, and its statement waits for the row
      await eventually(async () => {
        const waiting = await other.query(`SELECT 1 FROM pg_stat_activity WHERE pg_backend_pid() = ANY (pg_blocking_pids(pid))`);
        return waiting.rowCount ? true : undefined;
      }, 10_000, 'the dispatch statement to wait for the ticket');
      await other.query(`UPDATE "ticketing".ticket SET state = 'merged', version = version + 1 WHERE id = $1`, [raced]);
      await other.query('COMMIT');
    } finally {
      await other.end();
    }
    // the step is decided on the merged ticket: recorded, not applied
    const entry = await eventually(async () =>
      (await timelineOf(raced)).find((e) => e.action === 'dispatched' && e.toState === null),
    );
    expect(entry.data).toMatchObject({ notApplied: expect.any(String), state: 'merged' });
    expect((await ticket(raced)).state).toBe('merged');
    expect(dispatchSteps(await timelineOf(raced))).toHaveLength(0);
    expect(eventsOf(raced).filter((e) => e.type === TicketingEvents.dispatched)).toHaveLength(0);

    // two operators confirm the same proposal at once: both read it proposed, one dispatches
    const twice = await openedTicket('C0302', '垃圾桶满溢（第三处）');
    await dispatchCase(twice);
    const holder = new Client({ connectionString: db.url });
    await holder.connect();
    let answers: Array<{ status: number; body: Record<string, unknown> }>;
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT 1 FROM "dispatch".dispatch_case WHERE ticket_id = $1 FOR UPDATE', [twice]);
      const confirms = [1, 2].map(() =>
        http().post(`/api/v1/tickets/${twice}/dispatch`).set(as('command-operator')).send({}).then((r) => r),
      );
      await eventually(async () => {
        // the first waits for this transaction, the second for the first: whatever else waits
        // in the database meanwhile is not counted
        const waiting = await holder.query(
          `WITH RECURSIVE w AS (
             SELECT pid FROM pg_stat_activity WHERE pg_backend_pid() = ANY (pg_blocking_pids(pid))
             UNION SELECT a.pid FROM pg_stat_activity a JOIN w ON w.pid = ANY (pg_blocking_pids(a.pid)))
           SELECT count(*)::int AS n FROM w`,
        );
        return waiting.rows[0].n === 2 ? true : undefined;
      }, 10_000, 'both confirmations to wait for the case');
      await holder.query('COMMIT');
      answers = await Promise.all(confirms);
    } finally {
      await holder.end();
    }
    expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(answers.find((r) => r.status === 409)!.body).toMatchObject({ details: { status: 'dispatched' } });
    expect(await assignmentOf(twice, 'command-operator')).toHaveLength(1);
    await untilState(twice, 'dispatched');
    expect(dispatchSteps(await timelineOf(twice))).toHaveLength(1);
  });

  it('escalates work not acknowledged in time to the street, then the district, on the ticket timeline', async () => {
    clock.set(T(20, '09:00'));
    const id = await openedTicket('E0402', '自来水管破裂'); // 30 minutes to acknowledge
    await dispatchCase(id);
    await http().post(`/api/v1/tickets/${id}/dispatch`).set(as('command-operator')).send({}).expect(200);
    await untilState(id, 'dispatched');
    // earlier tests left work that is overdue by now: let it escalate first
    while ((await poller(app).tick()) > 0);
    expect((await ticket(id)).escalationLevel).toBe(0);
    clock.set(T(20, '09:31'));
    expect(await poller(app).tick()).toBe(2); // the lead and the co-department
    const overdue = (await http().get('/api/v1/assignments/overdue').set(as('command-operator')).expect(200)).body;
    expect(overdue.items.filter((a: { ticketId: string }) => a.ticketId === id)).toHaveLength(2);
    clock.set(T(20, '13:31'));
    expect(await poller(app).tick()).toBeGreaterThanOrEqual(2);
    await eventually(async () => ((await ticket(id)).escalationLevel === 2 ? true : undefined));
    // the level moves with the first district escalation; the co-department's may still be on its way
    const escalations = await eventually(async () => {
      const tl = (await http().get(`/api/v1/tickets/${id}/timeline`).set(as('command-operator')).expect(200)).body;
      const found = tl.filter((e: { action: string }) => e.action === 'escalated');
      return found.length >= 4 ? found : undefined;
    });
    expect(escalations.map((e: { data: { to: string } }) => e.data.to).sort()).toEqual([
      'district',
      'district',
      'street',
      'street',
    ]);
    const stats = (await http().get('/api/v1/tickets/stats').set(as('command-operator')).expect(200)).body;
    expect(stats.escalated).toBeGreaterThanOrEqual(1);
    const queues = (await http().get('/api/v1/assignments/queues').set(as('command-operator')).expect(200)).body;
    expect(
      queues.find((q: { department: { path: string } }) => q.department.path === 'd01.dep-housing').overdue,
    ).toBeGreaterThanOrEqual(1);
  });
});
