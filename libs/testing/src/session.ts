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

/**
 * The people of a test, signed in once each and on demand: `s.as('grid-worker')` is that user's
 * Authorization header, `s.http()` a supertest agent on the app.
 */
export class TestSession {
  private readonly tokens = new Map<string, Promise<string>>();

  constructor(
    readonly app: () => INestApplication,
    private readonly password = PASSWORD,
  ) {}

  http() {
    return request(this.app().getHttpServer());
  }

  token(username: string): Promise<string> {
    let token = this.tokens.get(username);
    if (!token) this.tokens.set(username, (token = login(this.app(), username, this.password)));
    return token;
  }

  async as(username: string) {
    return auth(await this.token(username));
  }

  /** Forgets the tokens (after a restart of identity, or a password change). */
  forget(): void {
    this.tokens.clear();
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
