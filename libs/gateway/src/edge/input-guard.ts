import { Transform } from 'node:stream';
import type { Multipart, MultipartFields } from '@fastify/multipart';
import { findUnstorableText, invalid, unstorableTextError, type DomainError } from '@gz/platform';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sendProblem } from '../http/problem';

/** Bodies read as text: their bytes must be UTF-8 (a file part of a multipart body is not text). */
const TEXT_BODY = /^\s*(application\/(json|[\w.-]+\+json|x-www-form-urlencoded)|text\/)/i;

/**
 * Input PostgreSQL cannot store, or that does not decode, is refused with 400 problem+json before
 * any route runs, the same way for every route: a NUL byte or broken Unicode in a path parameter,
 * a query value, a body value or key (at any depth) or a multipart part (headers are not scanned:
 * Node refuses a raw NUL in them and never decodes them); a query string
 * whose `%` escapes do not decode to UTF-8; a text body whose bytes are not UTF-8 (decoding would
 * quietly store U+FFFD instead). A path parameter whose escapes do not decode is Fastify's bad URL
 * (see `answerFrameworkErrors`).
 */
export function refuseUnstorableInput(fastify: FastifyInstance): void {
  const notUtf8 = new WeakSet<FastifyRequest>();
  fastify.addHook('preParsing', async (request, _reply, payload) => {
    if (!TEXT_BODY.test(request.headers['content-type'] ?? '')) return payload;
    // Noted, not raised here: an error event from this stream can come before Fastify listens.
    // Not `pipeline` either: it would destroy the request, and the socket the 400 goes out on.
    const checked = utf8Check(() => notUtf8.add(request));
    payload.on('error', (error) => checked.destroy(error));
    return payload.pipe(checked);
  });
  fastify.addHook('preValidation', async (request, reply) => {
    const error = notUtf8.has(request) ? invalid('The body is not valid UTF-8') : inputError(request);
    if (error) {
      sendProblem(reply, request, error.body);
      return reply;
    }
    if (request.isMultipart()) checkPartsAsRead(request);
  });
}

function inputError(request: FastifyRequest): DomainError | null {
  const q = request.url.indexOf('?');
  if (q >= 0 && request.url.includes('%', q)) {
    try {
      decodeURIComponent(request.url.slice(q + 1));
    } catch {
      return invalid('The query string is not valid percent-encoded UTF-8', {
        fields: { query: ['not valid percent-encoded UTF-8'] },
      });
    }
  }
  // Node's HTTP parser refuses a raw NUL or control byte in the URL and in headers, so path and
  // query values can hold one only through a `%` escape; header values are never decoded.
  const escaped = request.url.includes('%');
  const found =
    (escaped ? (findUnstorableText(request.params) ?? findUnstorableText(request.query)) : undefined) ??
    (request.body === undefined ? undefined : findUnstorableText(request.body));
  return found ? unstorableTextError(found) : null;
}

/** Passes the bytes on unchanged, calling `onInvalid` once at the first one that is not UTF-8. */
function utf8Check(onInvalid: () => void): Transform {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let valid = true;
  const check = (decode: () => void) => {
    if (!valid) return;
    try {
      decode();
    } catch {
      valid = false;
      onInvalid();
    }
  };
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      check(() => decoder.decode(chunk, { stream: true }));
      done(null, chunk);
    },
    flush(done) {
      check(() => decoder.decode());
      done();
    },
  });
}

/**
 * A multipart body is read by the route itself, part by part: each part it is handed (and the
 * fields read before it) is checked then, and refused with 400 before the route sees it.
 */
function checkPartsAsRead(request: FastifyRequest): void {
  const { file, files, parts } = request;
  request.file = async (options) => checked(await file.call(request, options));
  request.files = async function* (options) {
    for await (const part of files.call(request, options)) yield checked(part);
  };
  request.parts = async function* (options) {
    for await (const part of parts.call(request, options)) yield checked(part);
  };
}

function checked<P extends Multipart | undefined>(part: P): P {
  if (!part) return part;
  const found = findUnstorableText({ ...fieldValues(part.fields), [part.fieldname]: partText(part) });
  if (found) throw unstorableTextError(found);
  return part;
}

function partText(part: Multipart): unknown {
  return part.type === 'file' ? { filename: part.filename, mimetype: part.mimetype } : part.value;
}

function fieldValues(fields: MultipartFields): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, entry] of Object.entries(fields)) {
    if (entry) out[name] = Array.isArray(entry) ? entry.map(partText) : partText(entry);
  }
  return out;
}
