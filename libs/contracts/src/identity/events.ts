import type { Role } from '../roles';
import type { OrgKind } from './orgs';
import type { UserStatus } from './users';

/** `org.created`: a unit was added to the organisation tree. */
export interface OrgCreatedData {
  id: string;
  path: string;
  kind: OrgKind;
  name: string;
  /** the last token of the path; absent for the district `gz bootstrap` makes */
  code?: string;
  /** absent for the district `gz bootstrap` makes */
  parentPath?: string;
  /** the unit's street code (`all` above street level); absent for the district `gz bootstrap` makes */
  street?: string;
}

/** `user.created`: an account was made (never with its password). */
export interface UserCreatedData {
  id: string;
  username: string;
  roles: Role[];
  scopes: string[];
  /** absent for the first district admin `gz bootstrap` makes (active, version 1) */
  displayName?: string;
  status?: UserStatus;
  version?: number;
}

/** `user.updated`: an admin changed an account or reset its password. */
export interface UserUpdatedData extends Required<UserCreatedData> {
  /** what changed: `displayName`, `roles`, `scopes`, `status`, `lockout` or `password` */
  changed: string[];
}

/** `user.locked`: repeated failed sign-ins locked an account. */
export interface UserLockedData {
  id: string;
  username: string;
  /** ISO time the lockout runs out */
  lockedUntil: string;
  failures: number;
}

/** `client.created`: a partner system was registered (never with its secret). */
export interface ClientCreatedData {
  clientId: string;
  name: string;
  scopes: string[];
  grants: string[];
}

/** `client.revoked`: a partner system gets no more tokens. */
export interface ClientRevokedData {
  clientId: string;
  name: string;
}

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
  'org.created': OrgCreatedData;
  'user.created': UserCreatedData;
  'user.updated': UserUpdatedData;
  'user.locked': UserLockedData;
  'client.created': ClientCreatedData;
  'client.revoked': ClientRevokedData;
}
