import type { Logger } from '@nestjs/common';
import type { ErrorBody } from '@gz/contracts';

/** What an app depends on and can find down: the answer then is 503, never 500. */
export type Dependency = 'postgresql' | 'nats';

/** Seconds a caller is told to wait (`Retry-After`) before trying again while a dependency is down. */
export const RETRY_AFTER_S = 3;

const NAMES: Record<Dependency, string> = { postgresql: 'PostgreSQL', nats: 'NATS' };

/**
 * SQLSTATEs of a server that is there but will not serve: 57P01 admin_shutdown (a fast stop),
 * 57P02 crash_shutdown, 57P03 cannot_connect_now (starting up, shutting down, in recovery),
 * 53300 too_many_connections. Class 08 (connection exceptions) is checked by its prefix.
 */
const UNAVAILABLE_STATES = new Set(['57P01', '57P02', '57P03', '53300']);
/** Socket errors of a server that cannot be reached. */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', 'ECONNABORTED']);
/** What `pg` and its pool say, without a code, when the connection is gone or never came. */
const LOST_CONNECTION =
  /Connection terminated|connection timeout|Client has encountered a connection error|Client was closed and is not queryable|server closed the connection unexpectedly/i;
/**
 * What pg-pool says when a query waited its whole connection timeout for a connection of a full
 * pool (a new connection that times out is "Connection terminated due to connection timeout"):
 * the database answers, this process has more work than connections.
 */
const POOL_EXHAUSTED = /^timeout exceeded when trying to connect$/;

/**
 * Why PostgreSQL is unavailable, when `error` says it is (unreachable, restarting, refusing
 * connections, the connection lost mid-query); undefined for every other failure. Looks through
 * TypeORM's `driverError`, `cause` and an AggregateError's `errors` (Node tries each address of
 * `localhost` and reports them together).
 */
export function databaseUnavailable(error: unknown, depth = 0): string | undefined {
  if (depth > 4 || typeof error !== 'object' || error === null) return undefined;
  const e = error as { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown; errors?: unknown };
  const message = typeof e.message === 'string' ? e.message : '';
  if (typeof e.code === 'string') {
    if ((e.code.length === 5 && e.code.startsWith('08')) || UNAVAILABLE_STATES.has(e.code))
      return `${e.code}${message ? ` ${message}` : ''}`;
    if (UNREACHABLE.has(e.code)) return e.code;
  }
  if (LOST_CONNECTION.test(message)) return message;
  for (const inner of [e.driverError, e.cause, ...(Array.isArray(e.errors) ? (e.errors as unknown[]) : [])]) {
    const reason = databaseUnavailable(inner, depth + 1);
    if (reason) return reason;
  }
  return undefined;
}

/** Whether `error` is a query that found every connection of its pool in use (looking through wrappers as above). */
export function databaseBusy(error: unknown, depth = 0): boolean {
  if (depth > 4 || typeof error !== 'object' || error === null) return false;
  const e = error as { message?: unknown; driverError?: unknown; cause?: unknown };
  if (typeof e.message === 'string' && POOL_EXHAUSTED.test(e.message)) return true;
  return databaseBusy(e.driverError, depth + 1) || databaseBusy(e.cause, depth + 1);
}

/** The answer to a request that waited too long for a database connection: 503 too, but the database is up. */
export function dependencyBusy(dependency: Dependency): ErrorBody {
  return {
    code: 'unavailable',
    message: `The service is busy: all its ${NAMES[dependency]} connections are in use; try again shortly`,
    details: { dependency, reason: 'busy', retryAfterSeconds: RETRY_AFTER_S },
  };
}

/** The answer to a request that found a dependency down: `unavailable` (503 with Retry-After at the gateway). */
export function dependencyDown(dependency: Dependency): ErrorBody {
  return {
    code: 'unavailable',
    message: `${NAMES[dependency]} is unavailable; try again shortly`,
    details: { dependency, retryAfterSeconds: RETRY_AFTER_S },
  };
}

const LOG_EVERY_MS = 5000;
const lastLogged = new Map<string, { at: number; suppressed: number }>();

/**
 * Logs that a dependency is down, naming it, at most once every 5 s per dependency and logger
 * context (a busy service would otherwise write a line per request), with the count left out.
 */
export function reportOutage(
  dependency: Dependency,
  reason: string,
  logger?: Logger,
  state: 'unavailable' | 'busy' = 'unavailable',
): void {
  if (!logger) return;
  const key = `${dependency}:${state}:${(logger as unknown as { context?: string }).context ?? ''}`;
  const now = Date.now();
  const last = lastLogged.get(key);
  if (last && now - last.at < LOG_EVERY_MS) {
    last.suppressed += 1;
    return;
  }
  const more = last?.suppressed ? ` (${last.suppressed} more since the last line)` : '';
  lastLogged.set(key, { at: now, suppressed: 0 });
  logger.warn(
    state === 'busy'
      ? `${NAMES[dependency]} connections all in use: ${reason}${more}`
      : `${NAMES[dependency]} unavailable: ${reason}${more}`,
  );
}
