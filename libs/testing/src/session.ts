import type { INestApplication } from '@nestjs/common';
import request from 'supertest';

/** The password every demo account gets in tests. */
export const PASSWORD = 'Demo-Passw0rd!';

/** The Authorization header of a bearer token. */
export const auth = (token: string) => ({ authorization: `Bearer ${token}` });

/** Signs a user in through the gateway and answers the tokens. */
export async function signIn(app: INestApplication, username: string, password = PASSWORD) {
  const res = await request(app.getHttpServer()).post('/api/v1/auth/login').send({ username, password });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { accessToken: string; refreshToken: string; expiresIn: number };
}

/** Signs a user in through the gateway and answers the access token. */
export async function login(app: INestApplication, username: string, password = PASSWORD): Promise<string> {
  return (await signIn(app, username, password)).accessToken;
}

/** A partner client's access token (OAuth2 client credentials) through the gateway. */
export async function clientToken(app: INestApplication, clientId: string, secret = PASSWORD): Promise<string> {
  const res = await request(app.getHttpServer())
    .post('/api/v1/oauth/token')
    .send({ grant_type: 'client_credentials', client_id: clientId, client_secret: secret });
  if (res.status !== 200) throw new Error(`token ${clientId}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.access_token as string;
}

/** What a factory needs of a test's platform: an HTTP agent and the headers of a signed-in user. */
export interface TestCaller {
  http(): ReturnType<typeof request>;
  as(username: string): { authorization: string };
}

/**
 * The people of a test, each signed in once: `await s.signIn('grid-worker', …)` in `beforeAll`,
 * then `s.as('grid-worker')` is that user's Authorization header and `s.http()` an agent on the app.
 */
export class TestSession implements TestCaller {
  private readonly tokens = new Map<string, string>();

  constructor(
    private readonly app: () => INestApplication,
    private readonly password = PASSWORD,
  ) {}

  http() {
    return request(this.app().getHttpServer());
  }

  async signIn(...usernames: string[]): Promise<void> {
    for (const username of usernames) this.tokens.set(username, await login(this.app(), username, this.password));
  }

  /** Uses a token signed in another way (another password, a partner client's credentials). */
  use(username: string, token: string): void {
    this.tokens.set(username, token);
  }

  token(username: string): string {
    const token = this.tokens.get(username);
    if (!token) throw new Error(`${username} has not signed in (call signIn first)`);
    return token;
  }

  as(username: string) {
    return auth(this.token(username));
  }
}

/** A clock the test moves: services built with it take "now" from it. */
export class TestClock {
  private t: Date;
  constructor(start: string) {
    this.t = new Date(start);
  }
  now(): Date {
    return new Date(this.t);
  }
  set(iso: string): void {
    this.t = new Date(iso);
  }
}
