import type { Type } from '@nestjs/common';
import {
  AuditController,
  AuthController,
  ClientsController,
  MeController,
  OrgsController,
  UsersController,
} from './identity.controller';

/** HTTP controllers of identity: sign-in, the organisation tree, users, partner clients, audit. */
export const identityControllers: Type[] = [
  AuthController,
  MeController,
  OrgsController,
  UsersController,
  ClientsController,
  AuditController,
];
