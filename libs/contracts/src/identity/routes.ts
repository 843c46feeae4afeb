import type { Route } from '../subjects';

const r = (action: string): Route => ({ service: 'identity', action });

/** Requests the identity service answers. */
export const IdentityRoutes = {
  login: r('auth.login'),
  refresh: r('auth.refresh'),
  logout: r('auth.logout'),
  changePassword: r('auth.password'),
  totpEnroll: r('auth.totp.enroll'),
  totpActivate: r('auth.totp.activate'),
  clientToken: r('oauth.token'),
  jwks: r('keys.jwks'),
  me: r('me'),
  orgTree: r('orgs.tree'),
  orgCreate: r('orgs.create'),
  userCreate: r('users.create'),
  userList: r('users.list'),
  userGet: r('users.get'),
  userUpdate: r('users.update'),
  userResetPassword: r('users.reset-password'),
  clientCreate: r('clients.create'),
  clientList: r('clients.list'),
  clientRevoke: r('clients.revoke'),
  auditList: r('audit.list'),
  deadLetterList: r('ops.dead-letters.list'),
  deadLetterReplay: r('ops.dead-letters.replay'),
} as const;

/** Events the identity service publishes (`<aggregate>.<event>`). */
export const IdentityEvents = {
  orgCreated: 'org.created',
  userCreated: 'user.created',
  userUpdated: 'user.updated',
  userLocked: 'user.locked',
  clientCreated: 'client.created',
  clientRevoked: 'client.revoked',
} as const;
