import { writeFileSync } from 'node:fs';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createTestDatabase, testBusRoot, testEnv, type TestDatabase } from '@gz/testing';
import request from 'supertest';
import { bootPlatform } from './support';

describe('dump', () => {
  let db: TestDatabase;
  let app: NestFastifyApplication;
  beforeAll(async () => {
    db = await createTestDatabase();
    app = await bootPlatform(testEnv({ databaseUrl: db.url, busRoot: testBusRoot(), nats: false }));
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });
  it('dumps', async () => {
    const doc = await request(app.getHttpServer()).get('/api/openapi.json').expect(200);
    writeFileSync(process.env.DUMP_TO ?? '/tmp/reg/openapi.json', JSON.stringify(doc.body, null, 2));
  });
});
