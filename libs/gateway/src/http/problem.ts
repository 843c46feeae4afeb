import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import { ERROR_STATUS, type ErrorBody, type ErrorCode } from '@gz/contracts';
import { BusError, RETRY_AFTER_S, toErrorBody } from '@gz/platform';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

export const PROBLEM_TYPE = 'application/problem+json';

const TITLES: Record<ErrorCode, string> = {
  invalid: 'Invalid request',
  unauthorized: 'Not signed in',
  mfa_required: 'Second factor required',
  forbidden: 'Not allowed',
  not_found: 'Not found',
  conflict: 'Conflict',
  payload_too_large: 'Request too large',
  unprocessable: 'Cannot be processed',
  locked: 'Account locked',
  rate_limited: 'Too many requests',
  internal: 'Internal error',
  unavailable: 'Service unavailable',
  timeout: 'Service did not answer in time',
};

/** An RFC 9457 problem document. `code` and `errors` are extension members. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  code: ErrorCode;
  requestId: string;
  details?: Record<string, unknown>;
}

/** `status` is given only where HTTP has a closer status than the code's (431, 408). */
export function problemOf(body: ErrorBody, request: { url: string; id: string }, status?: number): Problem {
  return {
    type: `urn:gongzhi:problem:${body.code}`,
    title: TITLES[body.code] ?? 'Error',
    status: status ?? ERROR_STATUS[body.code] ?? 500,
    detail: body.message,
    instance: request.url.split('?')[0],
    code: body.code,
    requestId: request.id,
    ...(body.details ? { details: body.details } : {}),
  };
}

export function sendProblem(reply: FastifyReply, request: FastifyRequest, body: ErrorBody): void {
  const problem = problemOf(body, { url: request.url, id: String(request.id) });
  // Set here too: an answer Fastify gives before routing skips the onSend hook that sets it.
  void reply.status(problem.status).header('content-type', PROBLEM_TYPE).header('x-request-id', String(request.id));
  // A service or a dependency that is down comes back: say when to try again (RFC 9110 §10.2.3).
  if (problem.status === 503) void reply.header('retry-after', String(RETRY_AFTER_S));
  void reply.send(JSON.stringify(problem));
}

const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'invalid',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'invalid',
};

function isFastifyError(error: unknown): error is FastifyError {
  return error instanceof Error && typeof (error as FastifyError).code === 'string' && (error as FastifyError).code.startsWith('FST_');
}

/** Errors Fastify raises before a route runs (unreadable JSON, a body over the limit). */
export function fastifyErrorBody(error: FastifyError): ErrorBody {
  const mapped = error.code ? FASTIFY_CODES[error.code] : undefined;
  if (mapped) return { code: mapped, message: error.message };
  if (error instanceof SyntaxError || error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || (error.statusCode === 400 && /JSON/i.test(error.message)))
    return { code: 'invalid', message: 'The body is not valid JSON' };
  if (error.statusCode === 413) return { code: 'payload_too_large', message: error.message };
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) return { code: 'invalid', message: error.message };
  return { code: 'internal', message: 'Internal error' };
}

const HTTP_CODES: Record<number, ErrorCode> = {
  400: 'invalid',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'invalid',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'invalid',
  422: 'unprocessable',
  429: 'rate_limited',
  503: 'unavailable',
  504: 'timeout',
};

/** Every error the gateway answers is problem+json with the status its code calls for. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('Gateway');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    let body: ErrorBody;
    if (exception instanceof BusError) body = exception.body;
    else if (exception instanceof ThrottlerException) body = { code: 'rate_limited', message: 'Too many requests; slow down' };
    else if (isFastifyError(exception)) body = fastifyErrorBody(exception);
    else if (exception instanceof HttpException) {
      const status = exception.getStatus();
      // Readiness (@nestjs/terminus) answers 503 with each check's state: kept in the problem.
      const response = exception.getResponse() as { details?: unknown };
      const checks = status === 503 && typeof response === 'object' && response?.details ? response.details : undefined;
      body = {
        code: HTTP_CODES[status] ?? (status >= 500 ? 'internal' : 'invalid'),
        message: checks ? 'Not ready' : exception.message,
        ...(checks ? { details: { checks } } : {}),
      };
    } else body = toErrorBody(exception, this.logger);
    if (body.code === 'unavailable' || body.code === 'timeout') this.logger.warn(`${request.method} ${request.url.split('?')[0]}: ${body.message}`);
    sendProblem(reply, request, body);
  }
}
