import { deadLetterRoutes } from '../ops';
import type { EmptyRequest, OkResponse, Page } from '../common';
import { routesOf } from '../subjects';
import type { AuditEntry, AuditQuery } from './audit';
import type {
  ChangePasswordCommand,
  JwksView,
  LoginCommand,
  LogoutCommand,
  RefreshCommand,
  TokenPair,
  TotpActivateRequest,
  TotpEnrollment,
} from './auth';
import type {
  ClientIdRequest,
  ClientTokenCommand,
  ClientTokenResponse,
  ClientView,
  CreateClientRequest,
  CreatedClient,
} from './clients';
import type { CreateOrgRequest, OrgNode } from './orgs';
import type {
  CreateUserRequest,
  IdRequest,
  ResetPasswordCommand,
  UpdateUserCommand,
  UserListQuery,
  UserView,
} from './users';


/** Who the caller is: a person's profile, or a partner system's own record. */
export type ProfileView = UserView | ClientView;

const r = routesOf('identity');

/** Requests the identity service answers. */
export const IdentityRoutes = {
  login: r<LoginCommand, TokenPair>('auth.login'),
  refresh: r<RefreshCommand, TokenPair>('auth.refresh'),
  logout: r<LogoutCommand, OkResponse>('auth.logout'),
  changePassword: r<ChangePasswordCommand, OkResponse>('auth.password'),
  totpEnroll: r<EmptyRequest, TotpEnrollment>('auth.totp.enroll'),
  totpActivate: r<TotpActivateRequest, OkResponse>('auth.totp.activate'),
  clientToken: r<ClientTokenCommand, ClientTokenResponse>('oauth.token'),
  jwks: r<EmptyRequest, JwksView>('keys.jwks'),
  me: r<EmptyRequest, ProfileView>('me'),
  orgTree: r<EmptyRequest, OrgNode[]>('orgs.tree'),
  orgCreate: r<CreateOrgRequest, OrgNode>('orgs.create'),
  userCreate: r<CreateUserRequest, UserView>('users.create'),
  userList: r<UserListQuery, Page<UserView>>('users.list'),
  userGet: r<IdRequest, UserView>('users.get'),
  userUpdate: r<UpdateUserCommand, UserView>('users.update'),
  userResetPassword: r<ResetPasswordCommand, UserView>('users.reset-password'),
  clientCreate: r<CreateClientRequest, CreatedClient>('clients.create'),
  clientList: r<EmptyRequest, ClientView[]>('clients.list'),
  clientRevoke: r<ClientIdRequest, ClientView>('clients.revoke'),
  auditList: r<AuditQuery, Page<AuditEntry>>('audit.list'),
  ...deadLetterRoutes('identity'),
} as const;
