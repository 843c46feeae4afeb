import type { Type } from '@nestjs/common';
import {
  RegistryChangeRequestsController,
  RegistryRentalsController,
  RegistryStatisticsController,
  RegistryVisitsController,
} from './care.controller';
import { RegistryImportsController } from './imports.controller';
import { RegistryAuditController, RegistryPersonsController, RegistryPlacesController } from './registry.controller';
import { RegistryRemindersController, RegistryTagsDuplicatesController } from './reminders.controller';

/** HTTP controllers of the household registry (libs/registry behind the bus). */
export const registryControllers: Type[] = [
  RegistryRemindersController,
  RegistryTagsDuplicatesController,
  RegistryPlacesController,
  RegistryPersonsController,
  RegistryAuditController,
  RegistryVisitsController,
  RegistryRentalsController,
  RegistryStatisticsController,
  RegistryChangeRequestsController,
  RegistryImportsController,
];
