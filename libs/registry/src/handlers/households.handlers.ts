import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  CreateHouseholdRequest,
  HouseholdListQuery,
  RegistryIdRequest,
  RegistryRoutes,
  UpdateHouseholdCommand,
  type Actor,
} from '@gz/contracts';
import { BusHandler, CallerActor } from '@gz/platform';
import { HouseholdsService } from '../services/households.service';

/** Households: the doors of a building. */
@Controller()
export class HouseholdsHandlers {
  constructor(private readonly households: HouseholdsService) {}

  @BusHandler(RegistryRoutes.householdCreate)
  create(@Payload() req: CreateHouseholdRequest, @CallerActor() actor?: Actor) {
    return this.households.create(req, actor);
  }

  @BusHandler(RegistryRoutes.householdList)
  list(@Payload() query: HouseholdListQuery, @CallerActor() actor?: Actor) {
    return this.households.list(query, actor);
  }

  @BusHandler(RegistryRoutes.householdGet)
  get(@Payload() req: RegistryIdRequest, @CallerActor() actor?: Actor) {
    return this.households.get(req.id, actor);
  }

  @BusHandler(RegistryRoutes.householdUpdate)
  update(@Payload() cmd: UpdateHouseholdCommand, @CallerActor() actor?: Actor) {
    return this.households.update(cmd, actor);
  }
}
