import type { Type } from '@nestjs/common';
import { OrganisationsController } from './organisations.controller';
// -- organisations and incubation (helper I1) --
// -- venture-philanthropy rounds (helper I2) --
// -- purchased services and community funds (helper I3) --
// -- volunteers (helper I4) --

/** HTTP controllers of the incubator (libs/incubator behind the bus). */
export const incubatorControllers: Type[] = [
  OrganisationsController,
  // -- organisations and incubation (helper I1) --
  // -- venture-philanthropy rounds (helper I2) --
  // -- purchased services and community funds (helper I3) --
  // -- volunteers (helper I4) --
];
