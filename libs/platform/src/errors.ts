import { ArgumentsHost, Catch, HttpException, Logger, ValidationPipe, type ValidationError } from '@nestjs/common';
import { BaseRpcExceptionFilter, RpcException } from '@nestjs/microservices';
import { ERROR_STATUS, isErrorBody, type ErrorBody, type ErrorCode } from '@gz/contracts';
import { throwError, type Observable } from 'rxjs';
import { databaseBusy, databaseUnavailable, dependencyBusy, dependencyDown, reportOutage } from './dependencies';
import { rememberValidationRules } from './validation-rules';

/** A typed error a service raises; it crosses the bus as `{ code, message, details }`. */
export class DomainError extends RpcException {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super({ code, message, ...(details ? { details } : {}) } satisfies ErrorBody);
  }

  get body(): ErrorBody {
    return this.getError() as ErrorBody;
  }
}

export const invalid = (message: string, details?: Record<string, unknown>) =>
  new DomainError('invalid', message, details);
export const unprocessable = (message: string, details?: Record<string, unknown>) =>
  new DomainError('unprocessable', message, details);
export const notFound = (what: string, details?: Record<string, unknown>) =>
  new DomainError('not_found', `${what} not found`, details);
export const forbidden = (message: string, details?: Record<string, unknown>) =>
  new DomainError('forbidden', message, details);
export const conflict = (message: string, details?: Record<string, unknown>) =>
  new DomainError('conflict', message, details);
export const unauthorized = (message: string, details?: Record<string, unknown>) =>
  new DomainError('unauthorized', message, details);

/** Where a value holds text PostgreSQL cannot store, and why. */
export interface UnstorableText {
  /** the field, as a dotted path (`address.street`, `items.0`); the key itself when a key is at fault */
  field: string;
  problem: 'nul' | 'unicode';
}

/**
 * The first string (or object key) in `value` that PostgreSQL would refuse as text: one holding a
 * NUL byte, or one that is not well-formed Unicode (a lone surrogate from a `\ud800` escape, which
 * would be stored silently changed). Walked without recursion, so no nesting depth can overflow
 * the stack.
 */
export function findUnstorableText(value: unknown, prefix = ''): UnstorableText | null {
  const stack: Array<[unknown, string]> = [[value, prefix]];
  while (stack.length > 0) {
    const [item, path] = stack.pop()!;
    if (typeof item === 'string') {
      const problem = textProblem(item);
      if (problem) return { field: path, problem };
    } else if (Array.isArray(item)) {
      for (let i = item.length - 1; i >= 0; i--) stack.push([item[i], join(path, String(i))]);
    } else if (item !== null && typeof item === 'object' && !Buffer.isBuffer(item)) {
      for (const [key, child] of Object.entries(item)) {
        const problem = textProblem(key);
        if (problem) return { field: join(path, key), problem };
        stack.push([child, join(path, key)]);
      }
    }
  }
  return null;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function textProblem(text: string): UnstorableText['problem'] | null {
  if (text.includes('\u0000')) return 'nul';
  return LONE_SURROGATE.test(text) ? 'unicode' : null;
}

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

/** The one answer to input PostgreSQL cannot store as text, the same on HTTP and on the bus. */
export function unstorableTextError(found: UnstorableText): DomainError {
  const field = found.field.replaceAll('\u0000', '\\0');
  return found.problem === 'nul'
    ? invalid('Input must not contain a NUL byte', { fields: { [field]: ['must not contain a NUL byte'] } })
    : invalid('Input must be well-formed Unicode text', { fields: { [field]: ['must be well-formed Unicode text'] } });
}

/** Field-by-field description of class-validator errors, including nested ones. */
export function fieldErrors(errors: ValidationError[], prefix = ''): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const e of errors) {
    const name = prefix ? `${prefix}.${e.property}` : e.property;
    if (e.constraints) out[name] = Object.values(e.constraints);
    if (e.children?.length) Object.assign(out, fieldErrors(e.children, name));
  }
  return out;
}

export const VALIDATION_OPTIONS = {
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  forbidUnknownValues: true,
  validationError: { target: false, value: false },
} as const;

/** Validation of gateway requests and bus handlers' payloads alike, answered as a typed error. */
export function validationPipe(): ValidationPipe {
  rememberValidationRules();
  return new ValidationPipe({
    ...VALIDATION_OPTIONS,
    exceptionFactory: (errors) => invalid('The request is not valid', { fields: fieldErrors(errors) }),
  });
}

/** Validation for bus handlers: the same rules as the gateway. */
export const busValidationPipe = validationPipe();

const HTTP_TO_CODE: Record<number, ErrorCode> = {
  400: 'invalid',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'payload_too_large',
  422: 'unprocessable',
  429: 'rate_limited',
};

/** Turns anything a handler throws into an ErrorBody; unknown failures are logged, not leaked. */
export function toErrorBody(error: unknown, logger?: Logger): ErrorBody {
  if (error instanceof DomainError) return error.body;
  if (error instanceof RpcException && isErrorBody(error.getError())) return error.getError() as ErrorBody;
  if (isErrorBody(error)) return error;
  if (error instanceof HttpException) {
    const status = error.getStatus();
    return { code: HTTP_TO_CODE[status] ?? 'internal', message: error.message };
  }
  if (isQueryFailed(error)) {
    // 23505 unique_violation, 40001 serialization_failure, 40P01 deadlock_detected (e.g. two
    // opposite merges locking the same two tickets): a lost race, not a crash.
    if (error.driverError.code === '23505') return { code: 'conflict', message: 'Already exists' };
    if (error.driverError.code === '40001' || error.driverError.code === '40P01')
      return { code: 'conflict', message: 'Concurrent update, try again' };
    // 22021 character_not_in_repertoire, 22P05 untranslatable_character: text PostgreSQL cannot
    // store (a NUL byte) that got past findUnstorableText, e.g. a value a service derived; the
    // input's fault, logged so the path it took is found.
    if (error.driverError.code === '22021' || error.driverError.code === '22P05') {
      logger?.warn(`PostgreSQL refused text (${error.driverError.code}): ${error.driverError.message ?? ''}`);
      return { code: 'invalid', message: 'The request holds text that cannot be stored' };
    }
  }
  // A database that is down, restarting or refusing connections is not an internal error: the
  // caller may try again (503 with Retry-After), and the log names the dependency.
  const down = databaseUnavailable(error);
  if (down) {
    reportOutage('postgresql', down, logger);
    return dependencyDown('postgresql');
  }
  // More work than connections: also 503, but said as it is (the database is up, readiness stays)
  if (databaseBusy(error)) {
    reportOutage('postgresql', 'a query waited its whole connection timeout for a free connection', logger, 'busy');
    return dependencyBusy('postgresql');
  }
  logger?.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  return { code: 'internal', message: 'Internal error' };
}

function isQueryFailed(error: unknown): error is { driverError: { code: string; message?: string } } {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { driverError?: { code?: unknown } }).driverError?.code === 'string'
  );
}

export function statusOf(code: ErrorCode): number {
  return ERROR_STATUS[code] ?? 500;
}

/** Exception filter for bus handlers: every error leaves as a typed ErrorBody. */
@Catch()
export class BusExceptionFilter extends BaseRpcExceptionFilter {
  private readonly logger = new Logger('BusHandler');

  override catch(exception: unknown, _host: ArgumentsHost): Observable<never> {
    const body = toErrorBody(exception, this.logger);
    return throwError(() => body);
  }
}
