import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  ChangePasswordCommand,
  ClientTokenCommand,
  IdentityRoutes,
  LoginCommand,
  LogoutCommand,
  RefreshCommand,
  TotpActivateRequest,
  type Actor,
  type EmptyRequest,
} from '@gz/contracts';
import { BusHandler, CallerActor } from '@gz/platform';
import { ClientTokensService } from '../services/client-tokens.service';
import { PasswordService } from '../services/password.service';
import { SecondFactorService } from '../services/second-factor.service';
import { SessionsService } from '../services/sessions.service';
import { SignInService } from '../services/sign-in.service';
import { SigningKeys } from '../services/signing-keys.service';

/** Sign-in, sessions, password and second factor; partner tokens; the JWKS. */
@Controller()
export class AuthHandlers {
  constructor(
    private readonly signIn: SignInService,
    private readonly sessions: SessionsService,
    private readonly password: PasswordService,
    private readonly secondFactor: SecondFactorService,
    private readonly clientTokens: ClientTokensService,
    private readonly keys: SigningKeys,
  ) {}

  @BusHandler(IdentityRoutes.login)
  login(@Payload() cmd: LoginCommand) {
    return this.signIn.login(cmd);
  }

  @BusHandler(IdentityRoutes.refresh)
  refresh(@Payload() cmd: RefreshCommand) {
    return this.sessions.refresh(cmd);
  }

  @BusHandler(IdentityRoutes.logout)
  logout(@Payload() cmd: LogoutCommand) {
    return this.sessions.logout(cmd);
  }

  @BusHandler(IdentityRoutes.changePassword)
  changePassword(@Payload() cmd: ChangePasswordCommand, @CallerActor() actor?: Actor) {
    return this.password.change(cmd, actor);
  }

  @BusHandler(IdentityRoutes.totpEnroll)
  totpEnroll(@Payload() _req: EmptyRequest, @CallerActor() actor?: Actor) {
    return this.secondFactor.enroll(actor);
  }

  @BusHandler(IdentityRoutes.totpActivate)
  totpActivate(@Payload() req: TotpActivateRequest, @CallerActor() actor?: Actor) {
    return this.secondFactor.activate(req, actor);
  }

  @BusHandler(IdentityRoutes.clientToken)
  clientToken(@Payload() cmd: ClientTokenCommand) {
    return this.clientTokens.token(cmd);
  }

  @BusHandler(IdentityRoutes.jwks)
  jwks() {
    return this.keys.jwks();
  }
}
