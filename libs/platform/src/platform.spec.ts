import { pathWithin, streetOfPath } from '@gz/contracts';
import { Expose } from 'class-transformer';
import { IsString, Matches } from 'class-validator';
import { canReach, requireRole, requireScope } from './actor';
import { ConfigError, loadConfig } from './config';
import { toErrorBody } from './errors';
import { retryDelay } from './events/event-consumer';
import { PlatformConfig } from './platform-config';
import { subjectMatches } from './bus/transport';

describe('configuration', () => {
  it('applies defaults', () => {
    const config = loadConfig(PlatformConfig, {});
    expect(config).toMatchObject({ BUS_ROOT: 'gz', STREETS: ['*'], BUS_REQUEST_TIMEOUT_MS: 5000 });
  });

  it('parses lists and numbers', () => {
    const config = loadConfig(PlatformConfig, { STREETS: 's01, s02', BUS_REQUEST_TIMEOUT_MS: '2500' });
    expect(config.STREETS).toEqual(['s01', 's02']);
    expect(loadConfig(PlatformConfig, { STREETS: 's02,all' }).STREETS).toEqual(['s02', 'all']);
    expect(config.BUS_REQUEST_TIMEOUT_MS).toBe(2500);
  });

  it('prepares statements unless told not to, and refuses anything but true or false', () => {
    expect(loadConfig(PlatformConfig, {}).DB_PREPARED_STATEMENTS).toBe(true);
    expect(loadConfig(PlatformConfig, { DB_PREPARED_STATEMENTS: 'false' }).DB_PREPARED_STATEMENTS).toBe(false);
    expect(loadConfig(PlatformConfig, { DB_PREPARED_STATEMENTS: '1' }).DB_PREPARED_STATEMENTS).toBe(true);
    expect(() => loadConfig(PlatformConfig, { DB_PREPARED_STATEMENTS: 'sometimes' })).toThrow(
      'DB_PREPARED_STATEMENTS must be true or false',
    );
  });

  it('names the variable that is wrong and what is wrong with it', () => {
    expect(() => loadConfig(PlatformConfig, { BUS_REQUEST_TIMEOUT_MS: 'soon', STREETS: 'east' })).toThrow(ConfigError);
    try {
      loadConfig(PlatformConfig, { BUS_REQUEST_TIMEOUT_MS: 'soon', DATABASE_URL: 'mysql://x' });
    } catch (error) {
      const text = (error as ConfigError).message;
      expect(text).toContain('BUS_REQUEST_TIMEOUT_MS is set to "soon"');
      expect(text).toContain('DATABASE_URL must be a postgres:// URL');
    }
  });

  it('never repeats a secret or a password in its error', () => {
    class Secrets {
      @Expose() @IsString() @Matches(/^[A-Za-z0-9+/]{43}=$/) SOME_ENCRYPTION_KEY?: string;
      @Expose() @IsString() @Matches(/^postgres:/) DATABASE_URL?: string;
    }
    try {
      loadConfig(Secrets, { SOME_ENCRYPTION_KEY: 'hunter2-not-base64', DATABASE_URL: 'mysql://gz:hunter2@db:3306/gz' });
      throw new Error('expected a ConfigError');
    } catch (error) {
      const text = (error as ConfigError).message;
      expect(text).toContain('SOME_ENCRYPTION_KEY is set (value not shown)');
      expect(text).toContain('DATABASE_URL is set to "mysql://gz:***@db:3306/gz"');
      expect(text).not.toContain('hunter2');
    }
  });
});

describe('subjects', () => {
  it.each([
    ['gz.identity.*.>', 'gz.identity.s01.users.create', true],
    ['gz.identity.*.>', 'gz.identity.all.orgs.tree', true],
    ['gz.identity.s01.>', 'gz.identity.s02.users.create', false],
    ['gz.identity.s01.>', 'gz.identity.s01', false],
    ['gz.evt.*.user.created', 'gz.evt.s01.user.created', true],
    ['gz.evt.*.user.created', 'gz.evt.s01.user.updated', false],
  ])('%s matches %s: %s', (pattern, subject, expected) => {
    expect(subjectMatches(pattern, subject)).toBe(expected);
  });
});

describe('org scopes', () => {
  const actor = { kind: 'user' as const, id: 'u', roles: ['street_admin' as const], scopes: ['d01.s01'] };

  it('covers a path and everything below it, not a sibling with a common prefix', () => {
    expect(pathWithin('d01.s01.c01', 'd01.s01')).toBe(true);
    expect(pathWithin('d01.s01', 'd01.s01')).toBe(true);
    expect(pathWithin('d01.s010', 'd01.s01')).toBe(false);
    expect(canReach(actor, 'd01.s02.c01')).toBe(false);
  });

  it('finds the street of a path', () => {
    expect(streetOfPath('d01.s02.c01.g03')).toBe('s02');
    expect(streetOfPath('d01.dep-sanitation')).toBe('all');
    expect(streetOfPath('d01')).toBe('all');
  });

  it('refuses roles and scopes the caller lacks', () => {
    expect(() => requireRole(actor, 'district_admin')).toThrow('This needs one of the roles: district_admin');
    expect(() => requireScope(actor, 'd01.s02')).toThrow('Outside your scope: d01.s02');
    expect(() => requireScope(undefined, 'd01')).toThrow('Sign in first');
  });
});

describe('event retries', () => {
  it('backs off exponentially up to a minute', () => {
    expect([1, 2, 3, 4].map((a) => retryDelay(a, 500))).toEqual([500, 1000, 2000, 4000]);
    expect(retryDelay(30, 500)).toBe(60_000);
  });
});

describe('database errors crossing the bus', () => {
  const failed = (code: string) => Object.assign(new Error('query failed'), { driverError: { code } });

  it('answers a lost race (unique violation, serialization failure, deadlock) with conflict, anything else internal', () => {
    expect(toErrorBody(failed('23505')).code).toBe('conflict');
    expect(toErrorBody(failed('40001')).code).toBe('conflict');
    expect(toErrorBody(failed('40P01'))).toEqual({ code: 'conflict', message: 'Concurrent update, try again' });
    expect(toErrorBody(failed('22P02')).code).toBe('internal');
  });
});
