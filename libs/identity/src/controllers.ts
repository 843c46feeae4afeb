import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  AuditQuery,
  ChangePasswordCommand,
  ClientIdRequest,
  ClientTokenCommand,
  CreateClientRequest,
  CreateOrgRequest,
  CreateUserRequest,
  IdentityRoutes,
  IdRequest,
  LoginCommand,
  LogoutCommand,
  RefreshCommand,
  ResetPasswordCommand,
  TotpActivateRequest,
  UpdateUserCommand,
  UserListQuery,
  type Actor,
} from '@gz/contracts';
import { BusHandler, CallerActor, forbidden, requireActor, requireRole } from '@gz/platform';
import { AuditTrail } from './audit';
import { AuthService } from './auth.service';
import { ClientsService } from './clients.service';
import { SigningKeys } from './keys';
import { OrgsService } from './orgs.service';
import { UsersService } from './users.service';

/** Sign-in, sessions, password and second factor; partner tokens; the JWKS. */
@Controller()
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly clients: ClientsService,
    private readonly keys: SigningKeys,
  ) {}

  @BusHandler(IdentityRoutes.login)
  login(@Payload() cmd: LoginCommand) {
    return this.auth.login(cmd);
  }

  @BusHandler(IdentityRoutes.refresh)
  refresh(@Payload() cmd: RefreshCommand) {
    return this.auth.refresh(cmd);
  }

  @BusHandler(IdentityRoutes.logout)
  logout(@Payload() cmd: LogoutCommand) {
    return this.auth.logout(cmd);
  }

  @BusHandler(IdentityRoutes.changePassword)
  changePassword(@Payload() cmd: ChangePasswordCommand, @CallerActor() actor?: Actor) {
    return this.auth.changePassword(cmd, actor);
  }

  @BusHandler(IdentityRoutes.totpEnroll)
  totpEnroll(@CallerActor() actor?: Actor) {
    return this.auth.totpEnroll(actor);
  }

  @BusHandler(IdentityRoutes.totpActivate)
  totpActivate(@Payload() req: TotpActivateRequest, @CallerActor() actor?: Actor) {
    return this.auth.totpActivate(req, actor);
  }

  @BusHandler(IdentityRoutes.clientToken)
  clientToken(@Payload() cmd: ClientTokenCommand) {
    return this.clients.token(cmd);
  }

  @BusHandler(IdentityRoutes.jwks)
  jwks() {
    return this.keys.jwks();
  }
}

/** The caller's profile and the organisation tree. */
@Controller()
export class DirectoryController {
  constructor(
    private readonly users: UsersService,
    private readonly clients: ClientsService,
    private readonly orgs: OrgsService,
  ) {}

  @BusHandler(IdentityRoutes.me)
  me(@CallerActor() actor?: Actor) {
    const a = requireActor(actor);
    if (a.kind === 'user') return this.users.me(a.id);
    if (a.kind === 'client')
      return this.clients.profile(a.id.startsWith('client:') ? a.id.slice('client:'.length) : a.id);
    throw forbidden('System callers have no profile');
  }

  @BusHandler(IdentityRoutes.orgTree)
  orgTree(@CallerActor() actor?: Actor) {
    return this.orgs.tree(actor);
  }

  @BusHandler(IdentityRoutes.orgCreate)
  orgCreate(@Payload() req: CreateOrgRequest, @CallerActor() actor?: Actor) {
    return this.orgs.create(req, actor);
  }
}

/** Users, partner clients and the audit trail, for admins (and auditors for the trail). */
@Controller()
export class AdminController {
  constructor(
    private readonly users: UsersService,
    private readonly clients: ClientsService,
    private readonly audit: AuditTrail,
  ) {}

  @BusHandler(IdentityRoutes.userCreate)
  userCreate(@Payload() req: CreateUserRequest, @CallerActor() actor?: Actor) {
    return this.users.create(req, actor);
  }

  @BusHandler(IdentityRoutes.userList)
  userList(@Payload() query: UserListQuery, @CallerActor() actor?: Actor) {
    return this.users.list(query, actor);
  }

  @BusHandler(IdentityRoutes.userGet)
  userGet(@Payload() req: IdRequest, @CallerActor() actor?: Actor) {
    return this.users.get(req.id, actor);
  }

  @BusHandler(IdentityRoutes.userUpdate)
  userUpdate(@Payload() cmd: UpdateUserCommand, @CallerActor() actor?: Actor) {
    return this.users.update(cmd, actor);
  }

  @BusHandler(IdentityRoutes.userResetPassword)
  userResetPassword(@Payload() cmd: ResetPasswordCommand, @CallerActor() actor?: Actor) {
    return this.users.resetPassword(cmd, actor);
  }

  @BusHandler(IdentityRoutes.clientCreate)
  clientCreate(@Payload() req: CreateClientRequest, @CallerActor() actor?: Actor) {
    return this.clients.create(req, actor);
  }

  @BusHandler(IdentityRoutes.clientList)
  clientList(@CallerActor() actor?: Actor) {
    return this.clients.list(actor);
  }

  @BusHandler(IdentityRoutes.clientRevoke)
  clientRevoke(@Payload() req: ClientIdRequest, @CallerActor() actor?: Actor) {
    return this.clients.revoke(req, actor);
  }

  @BusHandler(IdentityRoutes.auditList)
  auditList(@Payload() query: AuditQuery, @CallerActor() actor?: Actor) {
    requireRole(actor, 'district_admin', 'auditor');
    return this.audit.list(query);
  }
}
