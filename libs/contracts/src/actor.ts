import type { Role } from './roles';

/**
 * The verified caller. The gateway builds it from a verified token and sends it with every
 * request over the bus; services decide from it what the caller may do.
 */
export interface Actor {
  kind: 'user' | 'client' | 'system';
  /** user id, client id, or the name of the system process */
  id: string;
  username?: string;
  roles: Role[];
  /** org paths the caller may act within, e.g. `d01.s01` (a whole street) or `d01.s01.c01.g02` */
  scopes: string[];
  /** OAuth scopes granted to a partner client */
  grants?: string[];
}

export const SYSTEM_ACTOR: Actor = { kind: 'system', id: 'system', roles: [], scopes: [] };

/** Who did it, as events and timelines carry it, so that consumers can show a name. */
export interface EventPerson {
  id: string;
  kind: Actor['kind'];
  name?: string;
}

/** The person an actor is in an event or a timeline: id, kind, and the username when there is one. */
export function personOf(actor: Actor): EventPerson {
  return { id: actor.id, kind: actor.kind, ...(actor.username ? { name: actor.username } : {}) };
}
