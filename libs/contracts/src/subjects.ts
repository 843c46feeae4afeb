/**
 * Bus subjects: `<root>.<service>.<street>.<action>` for requests and
 * `<root>.evt.<street>.<aggregate>.<event>` for events. The street token lets an instance serve
 * only some streets; district-wide requests use the token `all`.
 */
export const SERVICES = ['identity', 'registry', 'ticketing', 'dispatch', 'incubator', 'councils', 'evaluation'] as const;
export type ServiceName = (typeof SERVICES)[number];

export const ALL_STREETS = 'all';
export const STREET_CODE = /^s\d{2,3}$/;

/** A request: which service answers it and what it does; the street is chosen per call. */
export interface Route {
  service: ServiceName;
  action: string;
}

export function requestSubject(root: string, route: Route, street: string): string {
  return `${root}.${route.service}.${street}.${route.action}`;
}

/** Parses `<root>.<service>.<street>.<action...>`; undefined when the subject is not a request. */
export function parseRequestSubject(
  root: string,
  subject: string,
): { service: string; street: string; action: string } | undefined {
  if (!subject.startsWith(`${root}.`)) return undefined;
  const tokens = subject.slice(root.length + 1).split('.');
  if (tokens.length < 3) return undefined;
  const [service, street, ...action] = tokens;
  return { service, street, action: action.join('.') };
}

export function eventSubject(root: string, street: string, type: string): string {
  return `${root}.evt.${street}.${type}`;
}

/** The JetStream stream that holds a bus root's events (`gz` → `GZ_EVENTS`). */
export function eventStreamName(root: string): string {
  return `${root.toUpperCase()}_EVENTS`;
}
