import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DatabaseRegistry } from '@gz/platform';
import {
  createTestDatabase,
  eventually,
  testBusRoot,
  testEnv,
  TestClock,
  TestSession,
  type TestDatabase,
} from '@gz/testing';
import type { DataSource } from 'typeorm';
import { acceptedTopic, bootCouncilsWithDispatch, compoundIn, linkedOwner, submittedTopic } from './factories';

const PLACE = { gridPath: 'd01.s01.c01.g01', building: '3号楼', address: '湖山路12号' };

describe('resolutions, their tasks through ticketing, and the public board', () => {
  let db: TestDatabase;
  let app: NestFastifyApplication;
  const s = new TestSession(() => app);
  const http = () => s.http();
  const councils = (): DataSource => app.get(DatabaseRegistry).get('councils');
  const events = async (type: string): Promise<Array<Record<string, unknown>>> =>
    (await councils().query(`SELECT envelope FROM "councils".outbox WHERE type = $1 ORDER BY id`, [type])).map(
      (r: { envelope: { data: Record<string, unknown> } }) => r.envelope.data,
    );
  let mine: string;
  let other: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    const env = testEnv({
      databaseUrl: db.url,
      busRoot: testBusRoot(),
      nats: false,
      extra: { RATE_LIMIT_PER_MINUTE: '100000' },
    });
    app = await bootCouncilsWithDispatch(env, new TestClock('2026-05-12T08:00:00+08:00'));
    await s.signIn('community-secretary', 'street-admin-s02', 'grid-worker', 'resident', 'command-operator');
    mine = (await compoundIn(s, '天馨花园')).id;
    other = (await compoundIn(s, '罗星小区')).id;
    await linkedOwner(s, mine, 'resident', '1');
    await linkedOwner(s, other, 'grid-worker', '2');
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  const publish = (topicId: string, body: Record<string, unknown>, who = 'community-secretary') =>
    http().post(`/api/v1/councils/topics/${topicId}/resolution`).set(s.as(who)).send(body);
  const RESOLUTION = {
    action: '在湖山路一侧开设通往地铁站的侧门',
    implementer: '安居物业',
    dueBy: '2026-08-31T18:00:00+08:00',
  };

  it('publishes a resolution of an accepted topic, once, and refuses bad input', async () => {
    const topic = await acceptedTopic(s, mine, 'resident');
    await publish(topic.id, RESOLUTION, 'resident').expect(403);
    await publish(topic.id, { ...RESOLUTION, dueBy: 'soon' }).expect(400);
    await publish(topic.id, { action: '', implementer: '安居物业', dueBy: RESOLUTION.dueBy }).expect(400);
    const res = await publish(topic.id, RESOLUTION).expect(201);
    expect(res.body).toMatchObject({
      topicId: topic.id,
      compoundId: mine,
      ...RESOLUTION,
      dueBy: '2026-08-31T10:00:00.000Z',
      tasks: [],
    });
    await publish(topic.id, RESOLUTION).expect(409);
    const submitted = await submittedTopic(s, mine, 'resident', { title: '增设充电桩' });
    await publish(submitted.id, RESOLUTION).expect(409);
    expect(await events('resolution.published')).toEqual([
      expect.objectContaining({ resolutionId: res.body.id, topicId: topic.id, implementer: '安居物业' }),
    ]);
  });

  it('sends a task to ticketing and marks it done when its ticket closes', async () => {
    const topic = await acceptedTopic(s, mine, 'resident', 'hard_case', { title: '3号楼楼道堆放杂物' });
    const resolution = (await publish(topic.id, RESOLUTION).expect(201)).body;
    const tasks = `/api/v1/councils/resolutions/${resolution.id}/tasks`;
    const sec = s.as('community-secretary');
    // bad input writes nothing
    await http().post(tasks).set(sec).send({ title: '' }).expect(400);
    await http()
      .post(tasks)
      .set(sec)
      .send({ title: '清理', place: { gridPath: 'not a path' } })
      .expect(400);
    await http()
      .post(tasks)
      .set(sec)
      .send({ title: '清理', place: { gridPath: 'd01.s02.c01.g01' } })
      .expect(422);
    expect(Number((await councils().query(`SELECT count(*) AS n FROM "councils".resolution_task`))[0].n)).toBe(0);

    // a task tracked by its progress
    const plain = (await http().post(tasks).set(sec).send({ title: '公示施工方案' }).expect(201)).body;
    await http().post(`/api/v1/councils/tasks/${plain.id}/progress`).set(sec).send({ progress: 101 }).expect(400);
    expect(
      (
        await http()
          .post(`/api/v1/councils/tasks/${plain.id}/progress`)
          .set(sec)
          .send({ progress: 50, note: '方案已拟' })
          .expect(200)
      ).body,
    ).toMatchObject({ state: 'open', progress: 50, note: '方案已拟' });
    await http().post(`/api/v1/councils/tasks/${plain.id}/ticket`).set(sec).send({ categoryCode: 'E0603' }).expect(422);

    // a task sent to ticketing at its place
    const task = (await http().post(tasks).set(sec).send({ title: '清理3号楼楼道杂物', place: PLACE }).expect(201))
      .body;
    await http()
      .post(`/api/v1/councils/tasks/${task.id}/ticket`)
      .set(s.as('resident'))
      .send({ categoryCode: 'E0603' })
      .expect(403);
    const sent = (
      await http().post(`/api/v1/councils/tasks/${task.id}/ticket`).set(sec).send({ categoryCode: 'E0603' }).expect(200)
    ).body;
    expect(sent).toMatchObject({ state: 'ticketed', ticketId: expect.any(String) });
    await http().post(`/api/v1/councils/tasks/${task.id}/ticket`).set(sec).send({ categoryCode: 'E0603' }).expect(409);
    await http().post(`/api/v1/councils/tasks/${task.id}/progress`).set(sec).send({ progress: 100 }).expect(409);
    const ticket = (await http().get(`/api/v1/tickets/${sent.ticketId}`).set(s.as('command-operator')).expect(200))
      .body;
    expect(ticket).toMatchObject({
      categoryCode: 'E0603',
      location: expect.objectContaining({ gridPath: PLACE.gridPath }),
    });

    // the ticket goes through its steps in the grid, and closes
    const gw = s.as('grid-worker');
    await http().post(`/api/v1/tickets/${sent.ticketId}/open`).set(gw).send({}).expect(200);
    await http().post(`/api/v1/tickets/${sent.ticketId}/handle`).set(gw).send({ result: '已清理' }).expect(200);
    await http().post(`/api/v1/tickets/${sent.ticketId}/check`).set(gw).send({ passed: true }).expect(200);
    await http().post(`/api/v1/tickets/${sent.ticketId}/close`).set(gw).send({}).expect(200);

    const done = await eventually(async () => {
      const r = (await http().get(`/api/v1/councils/resolutions/${resolution.id}`).set(sec).expect(200)).body;
      const t = r.tasks.find((x: { id: string }) => x.id === task.id);
      return t?.state === 'done' ? t : undefined;
    });
    expect(done).toMatchObject({ state: 'done', progress: 100, doneBy: 'ticket.closed', ticketId: sent.ticketId });
    expect(await events('task.done')).toEqual([
      expect.objectContaining({
        taskId: task.id,
        resolutionId: resolution.id,
        doneBy: 'ticket.closed',
        ticketId: sent.ticketId,
      }),
    ]);

    // progress of 100 is done, and final
    const finished = await http()
      .post(`/api/v1/councils/tasks/${plain.id}/progress`)
      .set(sec)
      .send({ progress: 100 })
      .expect(200);
    expect(finished.body).toMatchObject({ state: 'done', doneBy: 'progress', doneAt: expect.any(String) });
    await http().post(`/api/v1/councils/tasks/${plain.id}/progress`).set(sec).send({ progress: 90 }).expect(409);
    expect((await events('task.done')).map((e) => e.doneBy)).toEqual(['ticket.closed', 'progress']);
  });

  it("shows a compound's board to its own residents only", async () => {
    const sec = s.as('community-secretary');
    await http()
      .post(`/api/v1/councils/compounds/${mine}/board/notices`)
      .set(s.as('resident'))
      .send({ title: 'x', body: 'y' })
      .expect(403);
    await http()
      .post(`/api/v1/councils/compounds/${mine}/board/notices`)
      .set(sec)
      .send({ title: '', body: 'y' })
      .expect(400);
    await http()
      .post(`/api/v1/councils/compounds/${mine}/board/notices`)
      .set(sec)
      .send({ title: '关于开设侧门的公示', body: '公示期七天' })
      .expect(201);
    const board = (await http().get(`/api/v1/councils/compounds/${mine}/board`).set(s.as('resident')).expect(200)).body;
    expect(board.compoundId).toBe(mine);
    expect(board.notices).toEqual([expect.objectContaining({ title: '关于开设侧门的公示', body: '公示期七天' })]);
    expect(board.resolutions).toHaveLength(2);
    expect(board.resolutions.flatMap((r: { tasks: unknown[] }) => r.tasks)).toHaveLength(2);
    expect(board.votes).toEqual([]);
    // a resident of another compound, a street admin of another street
    await http().get(`/api/v1/councils/compounds/${other}/board`).set(s.as('resident')).expect(404);
    await http().get(`/api/v1/councils/compounds/${mine}/board`).set(s.as('street-admin-s02')).expect(404);
    const theirs = (await http().get(`/api/v1/councils/compounds/${other}/board`).set(s.as('grid-worker')).expect(200))
      .body;
    expect(theirs).toMatchObject({ notices: [], resolutions: [] });
  });
});
