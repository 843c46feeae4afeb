import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { ErrorBody } from '@gz/contracts';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { fastifyErrorBody, PROBLEM_TYPE, problemOf, sendProblem } from '../http/problem';

type FrameworkErrors = (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => void;

/**
 * The answers Fastify and Node give before any route or hook runs are problem+json like every
 * other: a bad URL (a path parameter whose `%` escapes do not decode), and the errors Node's HTTP
 * parser raises on the connection itself (431 headers or URL too large, 408 too slow, 400 for
 * bytes that are not HTTP, a NUL in a header among them).
 */
export function answerFrameworkErrors(fastify: FastifyInstance): void {
  // Fastify reads `frameworkErrors` from its options at each bad URL, not only when created, so
  // it can be set on an instance made elsewhere (the apps and the tests make their own).
  const options = fastifyOptions(fastify);
  options.frameworkErrors = (error, request, reply) => sendProblem(reply, request, fastifyErrorBody(error));

  const server = fastify.server;
  // Fastify's own listener answers plain JSON; this one replaces it.
  for (const listener of server.listeners('clientError'))
    server.removeListener('clientError', listener as (...args: unknown[]) => void);
  server.on('clientError', (error: NodeJS.ErrnoException & { rawPacket?: Buffer }, socket: Socket) => {
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    if (socket.writable) socket.write(clientErrorAnswer(error));
    socket.destroy(error);
  });
}

/** The raw HTTP answer to an error on the connection, before Fastify has a request. */
export function clientErrorAnswer(error: NodeJS.ErrnoException & { rawPacket?: Buffer }): string {
  const [status, body] = clientError(error.code);
  const requestId = randomUUID();
  const problem = JSON.stringify(problemOf(body, { url: requestPath(error.rawPacket), id: requestId }, status));
  return [
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}`,
    `content-type: ${PROBLEM_TYPE}; charset=utf-8`,
    `content-length: ${Buffer.byteLength(problem)}`,
    `x-request-id: ${requestId}`,
    'connection: close',
    '',
    problem,
  ].join('\r\n');
}

function clientError(code: string | undefined): [number, ErrorBody] {
  if (code === 'HPE_HEADER_OVERFLOW')
    return [431, { code: 'payload_too_large', message: 'The request line or headers are too large' }];
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT')
    return [408, { code: 'invalid', message: 'The request did not arrive in time' }];
  return [400, { code: 'invalid', message: 'The request is not valid HTTP' }];
}

/** The path of the request line, when the bytes received so far hold a short enough one. */
function requestPath(packet: Buffer | undefined): string {
  const line = /^[A-Z]+ (\/[^\s?]{0,2048})[\s?]/.exec(packet?.subarray(0, 2100).toString('latin1') ?? '');
  return line ? line[1] : '/';
}

function fastifyOptions(fastify: FastifyInstance): { frameworkErrors?: FrameworkErrors } {
  const key = Object.getOwnPropertySymbols(fastify).find((s) => s.description === 'fastify.options');
  const options = key
    ? (fastify as unknown as Record<symbol, { frameworkErrors?: FrameworkErrors } | undefined>)[key]
    : undefined;
  if (!options) throw new Error('Fastify keeps its options elsewhere: answerFrameworkErrors must be updated');
  return options;
}
