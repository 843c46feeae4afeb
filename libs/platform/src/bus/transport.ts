/** One message on the bus: a request or its reply. Bodies are JSON text. */
export interface BusMessage {
  subject: string;
  body: string;
  headers: Record<string, string>;
}

export type BusResponder = (message: BusMessage) => Promise<string>;

/**
 * Request-reply between apps. Two implementations keep the same semantics: NATS (separate
 * processes) and in-process (standalone without NATS_URL). Either way a request nobody serves
 * fails at once with `unavailable`, and one that takes too long fails with `timeout`.
 */
export interface BusTransport {
  readonly kind: 'nats' | 'local';
  request(subject: string, body: string, headers: Record<string, string>, timeoutMs: number): Promise<string>;
  /** Serves `subjects` (NATS wildcards allowed) as one member of the queue group `queue`. */
  serve(subjects: string[], queue: string, responder: BusResponder): Promise<() => Promise<void>>;
  isConnected(): boolean;
  close(): Promise<void>;
}

export class BusTransportError extends Error {
  constructor(
    readonly code: 'unavailable' | 'timeout',
    message: string,
    /** e.g. `{ dependency: 'nats' }` when the bus itself is down, not the service */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export const BUS_TRANSPORT = Symbol('BUS_TRANSPORT');

/** NATS subject matching: `*` is one token, `>` the rest (one or more tokens). */
export function subjectMatches(pattern: string, subject: string): boolean {
  const p = pattern.split('.');
  const s = subject.split('.');
  for (let i = 0; i < p.length; i += 1) {
    if (p[i] === '>') return s.length > i;
    if (i >= s.length) return false;
    if (p[i] !== '*' && p[i] !== s[i]) return false;
  }
  return p.length === s.length;
}
