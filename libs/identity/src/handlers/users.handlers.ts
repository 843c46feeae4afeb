import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  CreateUserRequest,
  IdentityRoutes,
  IdRequest,
  ResetPasswordCommand,
  UpdateUserCommand,
  UserListQuery,
  type Actor,
} from '@gz/contracts';
import { BusHandler, CallerActor } from '@gz/platform';
import { UsersService } from '../services/users.service';

/** Users, for admins. */
@Controller()
export class UsersHandlers {
  constructor(private readonly users: UsersService) {}

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
}
