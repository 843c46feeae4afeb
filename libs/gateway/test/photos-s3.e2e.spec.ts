import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import { createTestDatabase, testBusRoot, testEnv, type TestDatabase } from '@gz/testing';
import request from 'supertest';
import { auth, bootPlatform, login, TestClock } from '../../ticketing/test/support';
import { startTestS3, type TestS3 } from './s3-server';

// a PNG signature and 1 MiB of noise: several chunks each way, so a byte slip would show
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(1024 * 1024)]);
const PREFIX = 'tickets/';

describe('photos through the gateway with PHOTO_STORE=s3 (s3rver)', () => {
  const photoDir = mkdtempSync(join(tmpdir(), 'gz-photos-'));
  const saved = new Map<string, string | undefined>();
  let s3: TestS3;
  let db: TestDatabase;
  let app: NestFastifyApplication;
  let token: string;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    s3 = await startTestS3();
    // the gateway's photo settings are read from the process environment
    const photoEnv = { ...s3.env(PREFIX), PHOTO_DIR: photoDir };
    for (const [k, v] of Object.entries(photoEnv)) {
      saved.set(k, process.env[k]);
      process.env[k] = v;
    }
    db = await createTestDatabase();
    const env = testEnv({ databaseUrl: db.url, busRoot: testBusRoot(), nats: false, extra: { TIMER_POLL_MS: '0' } });
    app = await bootPlatform(env, new TestClock('2026-06-01T09:00:00+08:00'));
    token = await login(app, 'grid-worker');
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
    await s3?.stop().catch(() => undefined);
    rmSync(photoDir, { recursive: true, force: true });
    for (const [k, v] of saved)
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
  });

  const upload = (data: Buffer) =>
    http()
      .post('/api/v1/photos')
      .set(auth(token))
      .attach('file', data, { filename: 'p.png', contentType: 'image/png' });
  const download = (id: string) =>
    http()
      .get(`/api/v1/photos/${id}`)
      .set(auth(token))
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });

  it('stores an upload in the bucket and serves it back byte for byte', async () => {
    const up = await upload(PNG).expect(201);
    const sha256 = createHash('sha256').update(PNG).digest('hex');
    expect(up.body).toMatchObject({ sha256, contentType: 'image/png', size: PNG.length });
    const id = up.body.id as string;

    // really in the bucket, under the prefix, with its type; nothing under PHOTO_DIR
    const object = await s3.read(`${PREFIX}${id}`);
    expect(object?.contentType).toBe('image/png');
    expect(object && Buffer.compare(object.bytes, PNG)).toBe(0);
    expect(readdirSync(photoDir)).toEqual([]);

    const got = await download(id).expect(200);
    expect(got.headers['content-type']).toBe('image/png');
    expect(got.headers.etag).toBe(`"${sha256}"`);
    expect(Buffer.compare(got.body as Buffer, PNG)).toBe(0);
  });

  it('answers 404 for a registered photo whose object is gone', async () => {
    const id = (await upload(PNG.subarray(0, 4096)).expect(201)).body.id as string;
    await s3.client.send(new DeleteObjectCommand({ Bucket: s3.bucket, Key: `${PREFIX}${id}` }));
    const res = await download(id).expect(404);
    expect(JSON.parse((res.body as Buffer).toString()).code).toBe('not_found');
  });

  it('answers 503 problem+json when the store is down, not a 500 or a hang', async () => {
    const id = (await upload(PNG.subarray(0, 4096)).expect(201)).body.id as string;
    await s3.stop();
    const res = await download(id).expect(503);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(JSON.parse((res.body as Buffer).toString())).toMatchObject({
      code: 'unavailable',
      detail: 'The photo store is unavailable',
    });
    await upload(PNG.subarray(0, 4096)).expect(503);
  });
});
