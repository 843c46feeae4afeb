/** Identity's event payloads (`<Aggregate><Event>Data`); filled in with the identity lib's layout work. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- until each identity event names its payload
type Untyped = any;

/** Events the identity service publishes (`<aggregate>.<event>`). */
export const IdentityEvents = {
  orgCreated: 'org.created',
  userCreated: 'user.created',
  userUpdated: 'user.updated',
  userLocked: 'user.locked',
  clientCreated: 'client.created',
  clientRevoked: 'client.revoked',
} as const satisfies Record<string, keyof IdentityEventMap>;

/** Identity's part of the event map: event type → payload. */
export interface IdentityEventMap {
  'org.created': Untyped;
  'user.created': Untyped;
  'user.updated': Untyped;
  'user.locked': Untyped;
  'client.created': Untyped;
  'client.revoked': Untyped;
}
