import { createTestDatabase, testBusRoot, testEnv, type TestDatabase } from '@gz/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import net from 'node:net';
import { configureGateway, GatewayModule } from '@gz/gateway';
import { IdentityModule, seedDemoDistrict } from '@gz/identity';
import { DatabaseRegistry, PlatformModule } from '@gz/platform';
import { bootTestApp } from '@gz/testing';
const PASSWORD = 'Demo-Passw0rd!';
const auth = (token: string) => ({ authorization: `Bearer ${token}` });
async function login(app: NestFastifyApplication, username: string) {
  const res = await request(app.getHttpServer()).post('/api/v1/auth/login').send({ username, password: PASSWORD });
  return res.body as { accessToken: string };
}
async function bootStandalone(env: NodeJS.ProcessEnv) {
  const app = await bootTestApp({ imports: [PlatformModule.forRoot({ app: 'x', env }), IdentityModule.forRoot({ env }), GatewayModule.forRoot({ env })] }, { configure: configureGateway, bodyLimit: 64 * 1024 });
  await seedDemoDistrict(app.get(DatabaseRegistry).get('identity'), PASSWORD);
  return app;
}

function raw(port: number, text: string): Promise<string> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1', () => s.write(Buffer.from(text, 'latin1')));
    let out = '';
    s.on('data', (d) => (out += d.toString()));
    s.on('close', () => resolve(out));
    s.on('error', () => resolve(out));
    setTimeout(() => { s.destroy(); resolve(out); }, 3000);
  });
}

describe('probe', () => {
  let db: TestDatabase; let app: NestFastifyApplication;
  beforeAll(async () => {
    db = await createTestDatabase();
    app = await bootStandalone(testEnv({ databaseUrl: db.url, busRoot: testBusRoot(), nats: false }));
    await app.listen(0, '127.0.0.1');
  });
  afterAll(async () => { await app.close(); await db.drop(); });
  it('probes', async () => {
    const port = (app.getHttpServer().address() as net.AddressInfo).port;
    const { accessToken } = await login(app, 'district-admin');
    const h = () => request(app.getHttpServer());
    const show = (name: string, r: request.Response) => console.log(name, r.status, r.headers['content-type'], r.text.slice(0, 300));
    show('del %00', await h().delete('/api/v1/clients/%00').set(auth(accessToken)));
    show('q %00', await h().get('/api/v1/users?q=%00').set(auth(accessToken)));
    show('q badutf', await h().get('/api/v1/users?q=%C3%28').set(auth(accessToken)));
    show('q %zz', await h().get('/api/v1/users?q=%zz').set(auth(accessToken)));
    show('param %zz', await h().delete('/api/v1/clients/%zz').set(auth(accessToken)));
    show('param %C3%28', await h().delete('/api/v1/clients/%C3%28').set(auth(accessToken)));
    show('404', await h().get('/nope'));
    show('415', await h().post('/api/v1/auth/login').set('content-type', 'application/xml').send('<a/>'));
    show('text', await h().post('/api/v1/auth/login').set('content-type', 'text/plain').send('abc'));
    show('body nul', await h().post('/api/v1/auth/login').send({ username: 'a\u0000b', password: 'x' }));
    show('put', await h().put('/api/v1/me').set(auth(accessToken)));
    show('bad utf8 body', await h().post('/api/v1/auth/login').set('content-type','application/json').send(Buffer.from('{"username":"\xc3(","password":"x"}', 'latin1')));
    show('lone surrogate', await h().post('/api/v1/auth/login').set('content-type','application/json').send('{"username":"\\ud800","password":"x"}'));
    show('key nul', await h().post('/api/v1/auth/login').set('content-type','application/json').send('{"user\\u0000name":"a","password":"x"}'));
    show('multipart', await h().post('/api/v1/photos').set(auth(accessToken)).attach('file', Buffer.from('abc'), 'a\u0000b.jpg'));
    show('multipart2', await h().post('/api/v1/photos').set(auth(accessToken)).attach('file', Buffer.from('abc'), 'ab.jpg'));
    const bad = Buffer.concat([Buffer.from('{"username":"'), Buffer.from([0xc3, 0x28]), Buffer.from('","password":"x"}')]);
    const http = await import('node:http');
    await new Promise<void>((resolve) => {
      const r = http.request({ port, host: '127.0.0.1', method: 'POST', path: '/api/v1/auth/login', headers: { 'content-type': 'application/json', 'content-length': bad.length } }, (res) => {
        let t = ''; res.on('data', (d) => (t += d)); res.on('end', () => { console.log('http bad utf8', res.statusCode, res.headers['content-type'], t); resolve(); });
      });
      r.on('error', (e) => { console.log('http err', e); resolve(); });
      r.end(bad);
    });
    console.log('raw bad utf8', JSON.stringify(await raw(port, `POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${bad.length}\r\nConnection: close\r\n\r\n${bad.toString('latin1')}`)));
    console.log('431', JSON.stringify(await raw(port, `GET /api/v1/me HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20000)}\r\n\r\n`)));
    console.log('hdr nul', JSON.stringify(await raw(port, `GET /api/v1/me HTTP/1.1\r\nHost: x\r\nIdempotency-Key: a\u0000b\r\n\r\n`)));
    console.log('bad method', JSON.stringify(await raw(port, `FOO /api/v1/me HTTP/1.1\r\nHost: x\r\n\r\n`)));
    console.log('long url', JSON.stringify((await raw(port, `GET /api/v1/me?${'a'.repeat(20000)} HTTP/1.1\r\nHost: x\r\n\r\n`)).slice(0,400)));
  });
});
