import type { Actor } from './actor';

/** The envelope of every event: what a consumer receives and what the stream stores. */
export interface EventEnvelope<T = Record<string, unknown>> {
  /** UUIDv7; also the JetStream message id, so a re-published event is dropped by the stream */
  id: string;
  /** `<aggregate>.<event>`, e.g. `user.created` */
  type: string;
  version: number;
  occurredAt: string;
  /** street code, or `all` for district-wide facts */
  street: string;
  actor: Pick<Actor, 'kind' | 'id'>;
  traceparent?: string;
  data: T;
}
