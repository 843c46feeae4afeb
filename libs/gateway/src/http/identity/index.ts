import type { Type } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { AuthController } from './auth.controller';
import { ClientsController } from './clients.controller';
import { MeController } from './me.controller';
import { OrgsController } from './orgs.controller';
import { UsersController } from './users.controller';

/** HTTP controllers of identity: sign-in, the organisation tree, users, partner clients, audit. */
export const identityControllers: Type[] = [
  AuthController,
  MeController,
  OrgsController,
  UsersController,
  ClientsController,
  AuditController,
];
