import { Logger } from '@nestjs/common';
import { databaseBusy, databaseUnavailable, dependencyBusy, dependencyDown, reportOutage } from './dependencies';
import { toErrorBody } from './errors';

/** What TypeORM throws for a failed query: the driver's error under `driverError`. */
const queryFailed = (driverError: object) => Object.assign(new Error('query failed'), { driverError });
const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('a database that is down', () => {
  it('is told apart from other failures by its SQLSTATE, socket error or pg message', () => {
    // a fast stop, a crash, still starting, too many clients, a connection exception
    for (const code of ['57P01', '57P02', '57P03', '53300', '08006', '08001'])
      expect(databaseUnavailable(queryFailed(withCode(code)))).toContain(code);
    expect(databaseUnavailable(withCode('ECONNREFUSED'))).toBe('ECONNREFUSED');
    // Node reports every address of `localhost` it tried together
    const refused = Object.assign(new AggregateError([withCode('ECONNREFUSED')], ''), { code: 'ECONNREFUSED' });
    expect(databaseUnavailable(refused)).toBe('ECONNREFUSED');
    expect(databaseUnavailable(new AggregateError([withCode('ECONNREFUSED')], ''))).toBe('ECONNREFUSED');
    expect(databaseUnavailable(queryFailed(new Error('Connection terminated unexpectedly')))).toMatch(/terminated/);
    expect(databaseUnavailable(new Error('Connection terminated due to connection timeout'))).toBeDefined();
  });

  it('is told apart from a pool with every connection in use (the database is up): busy, 503 all the same', () => {
    const waited = new Error('timeout exceeded when trying to connect');
    expect(databaseUnavailable(waited)).toBeUndefined();
    expect(databaseBusy(waited)).toBe(true);
    expect(databaseBusy(queryFailed(waited))).toBe(true);
    expect(databaseBusy(new Error('Connection terminated due to connection timeout'))).toBe(false);
    const logger = new Logger('test-busy');
    const warn = jest.spyOn(logger, 'warn').mockImplementation(() => undefined);
    expect(toErrorBody(waited, logger)).toEqual(dependencyBusy('postgresql'));
    expect(dependencyBusy('postgresql')).toMatchObject({
      code: 'unavailable',
      message: 'The service is busy: all its PostgreSQL connections are in use; try again shortly',
      details: { dependency: 'postgresql', reason: 'busy' },
    });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('PostgreSQL connections all in use'));
  });

  it('is not claimed for the failures of a working database or for anything else', () => {
    for (const code of ['23505', '40001', '42P01', '22021', 'ERR_SOMETHING'])
      expect(databaseUnavailable(queryFailed(withCode(code)))).toBeUndefined();
    expect(databaseUnavailable(new Error('boom'))).toBeUndefined();
    expect(databaseUnavailable('ECONNREFUSED')).toBeUndefined();
    expect(databaseUnavailable(null)).toBeUndefined();
  });

  it('answers unavailable (not internal) and names PostgreSQL', () => {
    const logger = new Logger('test-outage');
    const warn = jest.spyOn(logger, 'warn').mockImplementation(() => undefined);
    const error = jest.spyOn(logger, 'error').mockImplementation(() => undefined);
    expect(toErrorBody(queryFailed(withCode('57P01', 'terminating connection due to administrator command')), logger)).toEqual(
      dependencyDown('postgresql'),
    );
    expect(dependencyDown('postgresql')).toMatchObject({ code: 'unavailable', details: { dependency: 'postgresql' } });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('PostgreSQL unavailable: 57P01'));
    expect(error).not.toHaveBeenCalled();
    // a plain bug stays internal, and is logged as an error
    expect(toErrorBody(new Error('boom'), logger)).toEqual({ code: 'internal', message: 'Internal error' });
    expect(error).toHaveBeenCalled();
  });

  it('is logged once every few seconds per logger, not once per request', () => {
    const logger = new Logger('test-outage-burst');
    const warn = jest.spyOn(logger, 'warn').mockImplementation(() => undefined);
    for (let i = 0; i < 50; i++) reportOutage('postgresql', 'ECONNREFUSED', logger);
    expect(warn).toHaveBeenCalledTimes(1);
  });
});
