import type { AuditEntry, ClientView, Role, UserStatus, UserView } from '@gz/contracts';

/** The columns of app_user that make a UserView (raw rows, snake_case). */
export const USER_VIEW_COLUMNS =
  'id, username, display_name, roles, scopes, status, totp_enabled, locked_until, last_login_at, version, created_at';

export interface UserViewRow {
  id: string;
  username: string;
  display_name: string;
  roles: Role[];
  scopes: string[];
  status: UserStatus;
  totp_enabled: boolean;
  locked_until: Date | null;
  last_login_at: Date | null;
  version: number;
  created_at: Date;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function userView(r: UserViewRow, now = new Date()): UserView {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    roles: r.roles,
    scopes: r.scopes,
    status: r.status,
    mfaEnabled: r.totp_enabled,
    // a lockout that ran out is no lockout
    lockedUntil: r.locked_until && r.locked_until.getTime() > now.getTime() ? r.locked_until.toISOString() : null,
    lastLoginAt: iso(r.last_login_at),
    version: r.version,
    createdAt: r.created_at.toISOString(),
  };
}

/** The same from an AppUser entity. */
export function userViewOf(u: {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  scopes: string[];
  status: UserStatus;
  totpEnabled: boolean;
  lockedUntil: Date | null;
  lastLoginAt: Date | null;
  version: number;
  createdAt: Date;
}): UserView {
  return userView({
    id: u.id,
    username: u.username,
    display_name: u.displayName,
    roles: u.roles,
    scopes: u.scopes,
    status: u.status,
    totp_enabled: u.totpEnabled,
    locked_until: u.lockedUntil,
    last_login_at: u.lastLoginAt,
    version: u.version,
    created_at: u.createdAt,
  });
}

export const CLIENT_VIEW_COLUMNS = 'client_id, name, scopes, grants, status, created_at';

export interface ClientViewRow {
  client_id: string;
  name: string;
  scopes: string[];
  grants: string[];
  status: 'active' | 'revoked';
  created_at: Date;
}

export function clientView(r: ClientViewRow): ClientView {
  return {
    clientId: r.client_id,
    name: r.name,
    scopes: r.scopes,
    grants: r.grants,
    status: r.status,
    createdAt: r.created_at.toISOString(),
  };
}

export function clientViewOf(c: {
  clientId: string;
  name: string;
  scopes: string[];
  grants: string[];
  status: 'active' | 'revoked';
  createdAt: Date;
}): ClientView {
  return {
    clientId: c.clientId,
    name: c.name,
    scopes: c.scopes,
    grants: c.grants,
    status: c.status,
    createdAt: c.createdAt.toISOString(),
  };
}

export interface AuditRow {
  id: string;
  at: Date;
  action: string;
  outcome: 'success' | 'failure';
  actor_id: string | null;
  actor_name: string | null;
  target: string | null;
  details: Record<string, unknown>;
  ip: string | null;
}

export function auditEntry(r: AuditRow): AuditEntry {
  return {
    id: r.id,
    at: r.at.toISOString(),
    action: r.action,
    outcome: r.outcome,
    actorId: r.actor_id,
    actorName: r.actor_name,
    target: r.target,
    details: r.ip ? { ...r.details, ip: r.ip } : r.details,
  };
}
