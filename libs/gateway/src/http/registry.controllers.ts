import type { Type } from '@nestjs/common';
import {
  RegistryChangeRequestsController,
  RegistryRentalsController,
  RegistryStatisticsController,
  RegistryVisitsController,
} from './registry/registry-care.http';
import { RegistryAuditController, RegistryPersonsController, RegistryPlacesController } from './registry/registry.http';
import { RegistryRemindersController, RegistryTagsDuplicatesController } from './registry/reminders.http';
import { RegistryImportsController } from './registry/imports.http';

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
