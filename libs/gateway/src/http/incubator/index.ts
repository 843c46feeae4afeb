import type { Type } from '@nestjs/common';
import { OrganisationsController } from './organisations.controller';
// -- organisations and incubation --
import { IncubationsController } from './incubations.controller';
import { OrganisationRecordsController } from './organisation-records.controller';
import { ParksController } from './parks.controller';
// -- venture-philanthropy rounds --
import { RoundApplicationsController } from './round-applications.controller';
import { RoundRankingController } from './round-ranking.controller';
import { RoundsController } from './rounds.controller';
// -- purchased services and community funds --
import { FundsController } from './funds.controller';
import { ServiceContractsController } from './service-contracts.controller';
// -- volunteers --
import { VolunteerActivitiesController } from './volunteer-activities.controller';
import { VolunteerTeamsController } from './volunteer-teams.controller';
import { VolunteersController } from './volunteers.controller';

/** HTTP controllers of the incubator (libs/incubator behind the bus). */
export const incubatorControllers: Type[] = [
  OrganisationsController,
  // -- organisations and incubation --
  OrganisationRecordsController,
  ParksController,
  IncubationsController,
  // -- venture-philanthropy rounds --
  RoundsController,
  RoundRankingController,
  RoundApplicationsController,
  // -- purchased services and community funds --
  ServiceContractsController,
  FundsController,
  // -- volunteers --
  VolunteerTeamsController,
  VolunteersController,
  VolunteerActivitiesController,
];
