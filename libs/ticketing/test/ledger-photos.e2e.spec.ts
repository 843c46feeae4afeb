import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { TicketingEvents } from '@gz/contracts';
import { DatabaseRegistry } from '@gz/platform';
import {
  createTestDatabase,
  deleteTestStream,
  eventually,
  testBusRoot,
  testEnv,
  TestClock,
  TestSession,
  type TestDatabase,
} from '@gz/testing';
import { reportTicket } from './factories';
import { bootPlatform } from './support';

type Mode = 'in-process bus' | 'NATS';

const T = (day: number, hhmm: string) => `2026-06-${String(day).padStart(2, '0')}T${hhmm}:00+08:00`;

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(200, 7)]);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(300, 3)]);
const MAX = 4096;

describe.each<Mode>(['in-process bus', 'NATS'])('the ledger and photos through the gateway, %s', (mode) => {
  const nats = mode === 'NATS';
  const root = testBusRoot();
  const clock = new TestClock(T(1, '09:00'));
  const photoDir = mkdtempSync(join(tmpdir(), 'gz-photos-'));
  const saved = { dir: process.env.PHOTO_DIR, max: process.env.PHOTO_MAX_BYTES };
  let db: TestDatabase;
  let app: NestFastifyApplication;
  const people = new TestSession(() => app);
  const http = () => people.http();
  const as = (who: string) => people.as(who);

  beforeAll(async () => {
    // the gateway's photo settings are read from the process environment
    process.env.PHOTO_DIR = photoDir;
    process.env.PHOTO_MAX_BYTES = String(MAX);
    db = await createTestDatabase();
    const env = testEnv({
      databaseUrl: db.url,
      busRoot: root,
      nats,
      extra: { TIMER_POLL_MS: '0', RATE_LIMIT_PER_MINUTE: '100000' },
    });
    app = await bootPlatform(env, clock);
    await people.signIn('grid-worker', 'command-operator', 'community-secretary', 'department-officer', 'resident', 'grid-worker-s02', 'street-admin');
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
    if (nats) await deleteTestStream(root);
    rmSync(photoDir, { recursive: true, force: true });
    for (const [k, v] of [
      ['PHOTO_DIR', saved.dir],
      ['PHOTO_MAX_BYTES', saved.max],
    ] as const)
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
  });

  const report = async (by: string, { location, ...extra }: Record<string, unknown> & { location: { gridPath: string } & Record<string, unknown> }) => ({
    body: await reportTicket(people, { by, gridPath: location.gridPath, extra: { ...extra, location } }),
  });
  const step = (who: string, id: string, action: string, body: Record<string, unknown> = {}) =>
    http().post(`/api/v1/tickets/${id}/${action}`).set(as(who)).send(body).expect(200);

  describe('the public-opinion ledger (民情账本)', () => {
    let resolvedId: string;
    let openId: string;

    it('lists residents’ and 12345 requests per community, and who follows them', async () => {
      clock.set(T(1, '10:00'));
      resolvedId = (
        await report('resident', {
          source: 'resident',
          categoryCode: 'E0603',
          description: '5号楼楼道堆放杂物，影响通行',
          location: { gridPath: 'd01.s01.c01.g01', building: '5号楼' },
        })
      ).body.id;
      clock.set(T(2, '10:00'));
      openId = (
        await report('command-operator', {
          source: 'hotline_12345',
          categoryCode: 'E0102',
          description: '12345来电：小区门口垃圾无人清运',
          externalRef: '12345-20260602-0001',
          location: { gridPath: 'd01.s01.c01.g02' },
        })
      ).body.id;
      // a grid worker's own patrol is not a resident's request
      const patrol = (
        await report('grid-worker', {
          source: 'grid_patrol',
          categoryCode: 'E0102',
          description: '路边暴露垃圾',
          location: { gridPath: 'd01.s01.c01.g01' },
        })
      ).body.id;

      const ledger = await http()
        .get('/api/v1/ledger')
        .query({ path: 'd01.s01.c01' })
        .set(as('community-secretary'))
        .expect(200);
      expect(ledger.body.total).toBe(2);
      expect(ledger.body.items.map((e: { ticketId: string }) => e.ticketId)).toEqual([openId, resolvedId]);
      expect(ledger.body.items[0]).toMatchObject({
        community: 'd01.s01.c01',
        source: 'hotline_12345',
        state: 'reported',
        resolved: false,
        followers: [],
      });

      // the resident follows the 12345 request of their community, once; the secretary too
      clock.set(T(2, '11:00'));
      const claim = await http()
        .post(`/api/v1/ledger/${openId}/claims`)
        .set(as('resident'))
        .send({ note: '我是党员，我来跟进' })
        .expect(201);
      expect(claim.body).toMatchObject({ ticketId: openId, by: { name: 'resident' }, releasedAt: null });
      const twice = await http().post(`/api/v1/ledger/${openId}/claims`).set(as('resident')).send({}).expect(409);
      expect(twice.body.code).toBe('conflict');
      await http().post(`/api/v1/ledger/${openId}/claims`).set(as('community-secretary')).send({}).expect(201);

      // not for departments, not outside the community, only residents' requests
      await http().post(`/api/v1/ledger/${openId}/claims`).set(as('department-officer')).send({}).expect(403);
      await http().post(`/api/v1/ledger/${openId}/claims`).set(as('grid-worker-s02')).send({}).expect(403);
      await http().post(`/api/v1/ledger/${patrol}/claims`).set(as('grid-worker')).send({}).expect(422);

      const followed = await http()
        .get('/api/v1/ledger')
        .query({ path: 'd01.s01.c01', claimed: 'true' })
        .set(as('resident'))
        .expect(200);
      expect(followed.body.items).toHaveLength(1);
      expect(followed.body.items[0].followers.map((f: { by: { name: string } }) => f.by.name)).toEqual([
        'resident',
        'community-secretary',
      ]);

      // release, and it is gone from the ledger; the timeline keeps both steps
      clock.set(T(3, '09:00'));
      const released = await http().delete(`/api/v1/ledger/${openId}/claims/mine`).set(as('resident')).expect(200);
      expect(released.body.releasedAt).toBe(new Date(T(3, '09:00')).toISOString());
      await http().delete(`/api/v1/ledger/${openId}/claims/mine`).set(as('resident')).expect(404);
      const after = await http()
        .get('/api/v1/ledger')
        .query({ path: 'd01.s01.c01', claimed: 'true' })
        .set(as('community-secretary'))
        .expect(200);
      expect(after.body.items[0].followers.map((f: { by: { name: string } }) => f.by.name)).toEqual([
        'community-secretary',
      ]);
      const timeline = await http().get(`/api/v1/tickets/${openId}/timeline`).set(as('command-operator')).expect(200);
      expect(timeline.body.map((e: { action: string }) => e.action)).toEqual([
        'reported',
        'claimed',
        'claimed',
        'claim_released',
      ]);
      // the resident may claim again after releasing
      await http().post(`/api/v1/ledger/${openId}/claims`).set(as('resident')).send({}).expect(201);
      // each claim and release is an event, for the evaluation of those who follow requests
      const events = await eventually(async () => {
        const rows: Array<{ type: string; data: { by: { name: string }; at: string } }> = await app
          .get(DatabaseRegistry)
          .get('ticketing')
          .query(
            `SELECT envelope->>'type' AS type, envelope->'data' AS data FROM "ticketing".outbox
              WHERE envelope->'data'->>'ticketId' = $1 AND type = ANY($2::text[]) ORDER BY id`,
            [openId, [TicketingEvents.claimed, TicketingEvents.claimReleased]],
          );
        return rows.length === 4 ? rows : undefined;
      });
      expect(events.map((e) => [e.type, e.data.by.name])).toEqual([
        [TicketingEvents.claimed, 'resident'],
        [TicketingEvents.claimed, 'community-secretary'],
        [TicketingEvents.claimReleased, 'resident'],
        [TicketingEvents.claimed, 'resident'],
      ]);
      expect(events[2].data.at).toBe(new Date(T(3, '09:00')).toISOString());
    });

    it('counts requests collected and resolved per community for a period', async () => {
      clock.set(T(4, '10:00'));
      await step('grid-worker', resolvedId, 'open');
      await step('grid-worker', resolvedId, 'handle', { result: '已清理' });
      await step('grid-worker', resolvedId, 'check', { passed: true });
      await step('grid-worker', resolvedId, 'close');
      // a request elsewhere in the street
      await report('command-operator', {
        source: 'hotline_12345',
        categoryCode: 'E0102',
        description: '12345来电：另一社区垃圾',
        location: { gridPath: 'd01.s01.c02.g01' },
      });

      const street = await http()
        .get('/api/v1/ledger/stats')
        .query({ path: 'd01.s01' })
        .set(as('street-admin'))
        .expect(200);
      expect(street.body.communities).toEqual([
        { community: 'd01.s01.c01', collected: 2, resolved: 1, resolvedPercent: 50, followed: 1 },
        { community: 'd01.s01.c02', collected: 1, resolved: 0, resolvedPercent: 0, followed: 0 },
      ]);
      expect(street.body.total).toMatchObject({ collected: 3, resolved: 1, resolvedPercent: 33 });

      const day1 = await http()
        .get('/api/v1/ledger/stats')
        .query({ path: 'd01.s01.c01', from: T(1, '00:00'), to: T(2, '00:00') })
        .set(as('resident'))
        .expect(200);
      expect(day1.body.total).toMatchObject({ collected: 1, resolved: 1, resolvedPercent: 100 });
      const none = await http()
        .get('/api/v1/ledger/stats')
        .query({ path: 'd01.s01.c01', from: T(20, '00:00') })
        .set(as('community-secretary'))
        .expect(200);
      expect(none.body.total).toMatchObject({ collected: 0, resolved: 0, resolvedPercent: null });
      // dates JavaScript cannot read (a week date, 30 February) are a 400, not an Invalid Date for PostgreSQL
      for (const from of ['2026-W01', '2026-02-30T00:00:00Z', '2026-001'])
        await http()
          .get('/api/v1/ledger/stats')
          .query({ path: 'd01.s01.c01', from })
          .set(as('community-secretary'))
          .expect(400);

      // a resident reads their own community's ledger only; a closed request cannot be claimed
      await http().get('/api/v1/ledger/stats').query({ path: 'd01.s01' }).set(as('resident')).expect(403);
      await http().get('/api/v1/ledger').query({ path: 'd01.s01.c01' }).set(as('department-officer')).expect(403);
      await http().post(`/api/v1/ledger/${resolvedId}/claims`).set(as('community-secretary')).send({}).expect(409);
    });
  });

  describe('photos', () => {
    const upload = (who: string | undefined, data: Buffer, filename: string, contentType: string) => {
      const req = http().post('/api/v1/photos');
      if (who) req.set(as(who));
      return req.attach('file', data, { filename, contentType });
    };

    it('stores an upload, checks its bytes, and serves it to who can see the ticket', async () => {
      clock.set(T(5, '09:00'));
      const up = await upload('grid-worker', PNG, 'before.png', 'image/png').expect(201);
      const sha256 = createHash('sha256').update(PNG).digest('hex');
      expect(up.body).toMatchObject({ sha256, contentType: 'image/png', size: PNG.length });
      const photo = up.body.id as string;

      // the type is known by the bytes, not the header; the size is limited
      const fake = await upload('grid-worker', Buffer.from('<svg onload="x()"/>'), 'x.png', 'image/png').expect(422);
      expect(fake.body.code).toBe('unprocessable');
      await upload('grid-worker', JPEG, 'lie.png', 'image/png').expect(422);
      await upload('grid-worker', Buffer.from('GIF89a' + 'x'.repeat(50)), 'a.gif', 'image/gif').expect(422);
      const big = await upload('grid-worker', Buffer.concat([PNG, Buffer.alloc(MAX)]), 'big.png', 'image/png').expect(
        413,
      );
      expect(big.body.code).toBe('payload_too_large');
      await upload(undefined, PNG, 'a.png', 'image/png').expect(401);
      await http().post('/api/v1/photos').set(as('grid-worker')).send({ file: 'x' }).expect(400);

      // the uploader sees it before any ticket lists it; others do not
      await http().get(`/api/v1/photos/${photo}`).set(as('grid-worker')).expect(200);
      await http().get(`/api/v1/photos/${photo}`).set(as('command-operator')).expect(404);

      const id = (
        await report('grid-worker', {
          source: 'grid_patrol',
          categoryCode: 'E0603',
          description: '楼道堆放杂物',
          location: { gridPath: 'd01.s01.c01.g01', building: '7号楼' },
          photos: [photo],
        })
      ).body.id as string;
      const got = await http()
        .get(`/api/v1/photos/${photo}`)
        .set(as('command-operator'))
        .buffer(true)
        .parse((res, cb) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => cb(null, Buffer.concat(chunks)));
        })
        .expect(200);
      expect(got.headers['content-type']).toBe('image/png');
      expect(got.headers.etag).toBe(`"${sha256}"`);
      expect(Buffer.compare(got.body as Buffer, PNG)).toBe(0);
      // a grid worker of another street cannot see the ticket, so not the photo
      await http().get(`/api/v1/photos/${photo}`).set(as('grid-worker-s02')).expect(404);

      // after-photos of a step: visible through the timeline
      const after = (await upload('grid-worker', JPEG, 'after.jpg', 'image/jpeg').expect(201)).body.id as string;
      await step('grid-worker', id, 'open');
      await step('grid-worker', id, 'handle', { result: '已清理', photos: [after] });
      const timeline = await http().get(`/api/v1/tickets/${id}/timeline`).set(as('command-operator')).expect(200);
      expect(timeline.body.find((e: { action: string }) => e.action === 'handled').photos).toEqual([after]);
      const afterGot = await http().get(`/api/v1/photos/${after}`).set(as('command-operator')).expect(200);
      expect(afterGot.headers['content-type']).toBe('image/jpeg');
      await http().get(`/api/v1/photos/00000000-0000-7000-8000-000000000000`).set(as('command-operator')).expect(404);
    });
  });
});
