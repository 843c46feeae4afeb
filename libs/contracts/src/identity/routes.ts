import { deadLetterRoutes } from '../ops';
import type { Route } from '../subjects';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- until each route names its types
const r = (action: string): Route<any, any> => ({ service: 'identity', action });

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
  ...deadLetterRoutes('identity'),
} as const;
