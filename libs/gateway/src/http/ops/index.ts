import type { Type } from '@nestjs/common';
import { OpsController, WellKnownController } from './ops.controller';

/** HTTP controllers for operators: dead letters of every service, and the well-known keys. */
export const opsControllers: Type[] = [OpsController, WellKnownController];
