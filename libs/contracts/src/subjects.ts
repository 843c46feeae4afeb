/**
 * Bus subjects: `<root>.<service>.<street>.<action>` for requests and
 * `<root>.evt.<street>.<aggregate>.<event>` for events. The street token lets an instance serve
 * only some streets; district-wide requests use the token `all`.
 */
export const SERVICES = ['identity', 'registry', 'ticketing', 'dispatch', 'incubator', 'councils', 'evaluation'] as const;
export type ServiceName = (typeof SERVICES)[number];

export const ALL_STREETS = 'all';
export const STREET_CODE = /^s\d{2,3}$/;

declare const requestType: unique symbol;
declare const responseType: unique symbol;

/**
 * A request: which service answers it, what it does, and the types it is sent and answered
 * with. The two types exist only for the compiler (they are never set): `BusClient.request`
 * infers both from the route, and `BusHandler` refuses a method that takes or returns others.
 * The street is chosen per call.
 */
export interface Route<Req = unknown, Res = unknown> {
  readonly service: ServiceName;
  readonly action: string;
  readonly [requestType]?: Req;
  readonly [responseType]?: Res;
}

/** What a route is sent with. */
export type RequestOf<R> = R extends Route<infer Req, unknown> ? Req : never;
/** What a route is answered with. */
export type ResponseOf<R> = R extends Route<unknown, infer Res> ? Res : never;
/** Any route, whatever its types. */
export type AnyRoute = Route<unknown, unknown>;

/** Declares a service's routes: `const r = routesOf('ticketing'); r<Cmd, View>('tickets.report')`. */
export function routesOf(service: ServiceName) {
  return <Req, Res>(action: string): Route<Req, Res> => ({ service, action });
}

export function requestSubject(root: string, route: AnyRoute, street: string): string {
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
