import net from 'node:net';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ALL_STREETS, IdentityRoutes } from '@gz/contracts';
import { BusClient, BusError } from '@gz/platform';
import { createTestDatabase, testBusRoot, testEnv, type TestDatabase } from '@gz/testing';
import { Client } from 'pg';
import request from 'supertest';
// The document's builder is the gateway's own (not part of its public face).
import { buildOpenApiDocument } from '../../gateway/src/edge/openapi-app';
import { openApiJson } from '../../gateway/src/http/openapi';
import { auth, bootStandalone, login } from './support';

const PROBLEM_FIELDS = ['type', 'title', 'status', 'detail', 'instance', 'code', 'requestId'];

/** A problem+json answer with every field, its request id in the header too. */
function expectProblem(
  status: number,
  headers: Record<string, string | string[] | undefined>,
  body: Record<string, unknown>,
  code: string,
) {
  expect(headers['content-type']).toBe('application/problem+json; charset=utf-8');
  expect(Object.keys(body)).toEqual(expect.arrayContaining(PROBLEM_FIELDS));
  expect(body).toMatchObject({
    type: `urn:gongzhi:problem:${code}`,
    status,
    code,
    title: expect.any(String),
    detail: expect.any(String),
  });
  expect(headers['x-request-id']).toBe(body.requestId);
}

const problem = (res: request.Response, status: number, code: string) => {
  expect(res.status).toBe(status);
  expectProblem(status, res.headers, res.body as Record<string, unknown>, code);
  return res.body as { detail: string; details?: { fields?: Record<string, string[]> } };
};

interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

/** Bytes written straight to the socket: what supertest and Node's client refuse to send. */
function raw(port: number, bytes: Buffer | string, onConnect?: (socket: net.Socket) => void): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      if (onConnect) onConnect(socket);
      else socket.write(bytes);
    });
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', () => undefined); // the server closes the connection after its answer
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [head, ...rest] = text.split('\r\n\r\n');
      const [statusLine, ...lines] = head.split('\r\n');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(statusLine)?.[1]);
      if (!status) return reject(new Error(`not an HTTP answer: ${JSON.stringify(text.slice(0, 200))}`));
      const headers = Object.fromEntries(
        lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]),
      );
      resolve({ status, headers, body: JSON.parse(rest.join('\r\n\r\n')) as Record<string, unknown> });
    });
  });
}

function expectRawProblem(answer: RawAnswer, status: number, code: string) {
  expect(answer.status).toBe(status);
  expectProblem(status, answer.headers, answer.body, code);
  expect(answer.headers['content-length']).toBe(String(Buffer.byteLength(JSON.stringify(answer.body))));
}

describe('the gateway at its edge', () => {
  let db: TestDatabase;
  let app: NestFastifyApplication;
  let port: number;
  let token: string;
  const http = () => request(app.getHttpServer());

  /** Rows in every table of every service: the same before and after means nothing was written. */
  async function rowCounts(): Promise<Record<string, number>> {
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      const { rows: tables } = await client.query<{ name: string }>(
        `SELECT format('%I.%I', table_schema, table_name) AS name FROM information_schema.tables
          WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')`,
      );
      const counts: Record<string, number> = {};
      for (const { name } of tables)
        counts[name] = Number((await client.query(`SELECT count(*) AS n FROM ${name}`)).rows[0].n);
      return counts;
    } finally {
      await client.end();
    }
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await bootStandalone(testEnv({ databaseUrl: db.url, busRoot: testBusRoot(), nats: false }));
    await app.listen(0, '127.0.0.1');
    port = (app.getHttpServer().address() as net.AddressInfo).port;
    token = (await login(app, 'district-admin')).accessToken;
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  describe('input PostgreSQL cannot store is 400 problem+json, and nothing is written', () => {
    let before: Record<string, number>;

    beforeAll(async () => {
      before = await rowCounts();
    });

    it('a NUL in a path parameter', async () => {
      const body = problem(await http().delete('/api/v1/clients/%00').set(auth(token)), 400, 'invalid');
      expect(body.detail).toBe('Input must not contain a NUL byte');
      expect(body.details?.fields).toEqual({
        [Object.keys(body.details?.fields ?? {})[0]]: ['must not contain a NUL byte'],
      });
    });

    it('a NUL in a query value', async () => {
      const body = problem(await http().get('/api/v1/users?q=%00').set(auth(token)), 400, 'invalid');
      expect(body).toMatchObject({
        detail: 'Input must not contain a NUL byte',
        details: { fields: { q: ['must not contain a NUL byte'] } },
      });
    });

    it('a NUL in a JSON value or key, at any depth, and a lone surrogate', async () => {
      const user = {
        username: 'nul-user',
        displayName: 'x',
        password: 'Str0ng-Passw0rd',
        roles: ['grid_worker'],
        scopes: ['d01.s01'],
      };
      const value = problem(
        await http()
          .post('/api/v1/users')
          .set(auth(token))
          .send({ ...user, displayName: 'a\u0000b' }),
        400,
        'invalid',
      );
      expect(value.details?.fields).toEqual({ displayName: ['must not contain a NUL byte'] });
      const nested = problem(
        await http()
          .post('/api/v1/users')
          .set(auth(token))
          .send({ ...user, scopes: ['d01.s01', 'd01\u0000'] }),
        400,
        'invalid',
      );
      expect(nested.details?.fields).toEqual({ 'scopes.1': ['must not contain a NUL byte'] });
      const key = await http()
        .post('/api/v1/users')
        .set(auth(token))
        .set('content-type', 'application/json')
        .send('{"user\\u0000name":"x"}');
      expect(problem(key, 400, 'invalid').details?.fields).toEqual({ 'user\\0name': ['must not contain a NUL byte'] });
      const surrogate = await http()
        .post('/api/v1/users')
        .set(auth(token))
        .set('content-type', 'application/json')
        .send(JSON.stringify(user).replace('"x"', '"\\ud800"'));
      expect(problem(surrogate, 400, 'invalid')).toMatchObject({
        detail: 'Input must be well-formed Unicode text',
        details: { fields: { displayName: ['must be well-formed Unicode text'] } },
      });
    });

    it('a NUL in a header (refused by the HTTP parser itself)', async () => {
      const answer = await raw(
        port,
        `POST /api/v1/tickets HTTP/1.1\r\nHost: x\r\nIdempotency-Key: a\u0000b\r\nContent-Length: 0\r\n\r\n`,
      );
      expectRawProblem(answer, 400, 'invalid');
      expect(answer.body.detail).toBe('The request is not valid HTTP');
    });

    it('a NUL in a multipart file name or field', async () => {
      const photo = await http()
        .post('/api/v1/photos')
        .set(auth(token))
        .attach('file', Buffer.from([0xff, 0xd8, 0xff, 0xe0]), 'a\u0000.jpg');
      expect(problem(photo, 400, 'invalid').details?.fields).toEqual({
        'file.filename': ['must not contain a NUL byte'],
      });
      const csv = Buffer.from('网格,地址\nd01.s01.c01.g01,x\n');
      const name = await http()
        .post('/api/v1/registry/imports')
        .set(auth(token))
        .attach('file', csv, 'people\u0000.csv');
      expect(problem(name, 400, 'invalid').details?.fields).toEqual({
        'file.filename': ['must not contain a NUL byte'],
      });
      const field = await http()
        .post('/api/v1/registry/imports')
        .set(auth(token))
        .field('mode', 'valid-rows\u0000')
        .attach('file', csv, 'people.csv');
      expect(problem(field, 400, 'invalid').details?.fields).toEqual({ mode: ['must not contain a NUL byte'] });
    });

    it('a NUL in a cell of an uploaded file', async () => {
      const csv = Buffer.from('网格,地址\nd01.s01.c01.g01,a\u0000b\n');
      const res = await http().post('/api/v1/registry/imports').set(auth(token)).attach('file', csv, 'people.csv');
      expect([400, 422]).toContain(res.status);
      expectProblem(
        res.status,
        res.headers,
        res.body as Record<string, unknown>,
        res.status === 400 ? 'invalid' : 'unprocessable',
      );
      expect(res.body.detail).toMatch(/NUL/);
    });

    it('escapes that do not decode to UTF-8, in a query or a path, and a body that is not UTF-8', async () => {
      for (const query of ['q=%zz', 'q=%C3%28', 'q=100%']) {
        const body = problem(await http().get(`/api/v1/users?${query}`).set(auth(token)), 400, 'invalid');
        expect(body.detail).toBe('The query string is not valid percent-encoded UTF-8');
      }
      for (const id of ['%zz', '%C3%28'])
        problem(await http().delete(`/api/v1/clients/${id}`).set(auth(token)), 400, 'invalid');
      const json = Buffer.concat([
        Buffer.from('{"username":"'),
        Buffer.from([0xc3, 0x28]),
        Buffer.from('","password":"x"}'),
      ]);
      const answer = await raw(
        port,
        Buffer.concat([
          Buffer.from(
            `POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${json.length}\r\nConnection: close\r\n\r\n`,
          ),
          json,
        ]),
      );
      expectRawProblem(answer, 400, 'invalid');
      expect(answer.body.detail).toBe('The body is not valid UTF-8');
    });

    it('on the bus too, for whoever sends it (the CLI, a partner): refused before the handler', async () => {
      const bus = app.get(BusClient);
      const refused = await bus
        .request(IdentityRoutes.login, ALL_STREETS, { username: 'district-admin\u0000', password: 'x' })
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(refused).toBeInstanceOf(BusError);
      expect((refused as BusError).body).toEqual({
        code: 'invalid',
        message: 'Input must not contain a NUL byte',
        details: { fields: { username: ['must not contain a NUL byte'] } },
      });
    });

    it('wrote nothing for any of them', async () => {
      expect(await rowCounts()).toEqual(before);
    });
  });

  describe("Fastify's and Node's own errors are problem+json like every other", () => {
    it('404 for a route or a method the API does not have', async () => {
      problem(await http().get('/api/v1/nowhere'), 404, 'not_found');
      problem(await http().put('/api/v1/me').set(auth(token)), 404, 'not_found');
    });

    it('400 for unreadable JSON or an unsupported media type, 413 for a body too large', async () => {
      problem(
        await http().post('/api/v1/auth/login').set('content-type', 'application/json').send('{"username":'),
        400,
        'invalid',
      );
      problem(
        await http().post('/api/v1/auth/login').set('content-type', 'application/xml').send('<login/>'),
        400,
        'invalid',
      );
      problem(
        await http()
          .post('/api/v1/auth/login')
          .send({ username: 'x'.repeat(70 * 1024), password: 'x' }),
        413,
        'payload_too_large',
      );
    });

    it('431 for headers or a URL too large', async () => {
      const header = await raw(port, `GET /api/v1/me HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
      expectRawProblem(header, 431, 'payload_too_large');
      expect(header.body.instance).toBe('/api/v1/me');
      expectRawProblem(
        await raw(port, `GET /api/v1/users?q=${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`),
        431,
        'payload_too_large',
      );
    });

    it('400 for bytes that are not HTTP', async () => {
      expectRawProblem(await raw(port, 'BREW /coffee HTCPCP/1.0\r\n\r\n'), 400, 'invalid');
    });

    it('408 for a request that does not arrive in time', async () => {
      // Node raises the timeout on its connections check (every 30 s); raised here on a real connection.
      const server = app.getHttpServer() as net.Server;
      const accepted = new Promise<net.Socket>((resolve) => server.once('connection', resolve));
      const answer = await raw(port, '', (client) => {
        client.write('GET /api/v1/me HTTP/1.1\r\nHost: x\r\n');
        void accepted.then((socket) =>
          server.emit(
            'clientError',
            Object.assign(new Error('Request timeout'), { code: 'ERR_HTTP_REQUEST_TIMEOUT' }),
            socket,
          ),
        );
      });
      expectRawProblem(answer, 408, 'invalid');
    });
  });

  it('serves the OpenAPI document `npm run openapi` writes', async () => {
    const served = await http().get('/api/openapi.json').expect(200);
    expect(served.body).toEqual(JSON.parse(openApiJson(await buildOpenApiDocument())));
  });
});
