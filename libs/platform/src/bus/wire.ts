import type { Actor, ErrorBody } from '@gz/contracts';

/** What travels over the bus. Kept in one place so client and server cannot drift apart. */
export interface RequestEnvelope<T = unknown> {
  data: T;
  actor?: Actor;
}

export type ReplyEnvelope<T = unknown> = { ok: true; data: T } | { ok: false; error: ErrorBody };

export const REQUEST_ID_HEADER = 'x-request-id';
