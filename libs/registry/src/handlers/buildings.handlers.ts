import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  BuildingListQuery,
  CreateBuildingRequest,
  RegistryIdRequest,
  RegistryRoutes,
  UpdateBuildingCommand,
  type Actor,
} from '@gz/contracts';
import { BusHandler, CallerActor } from '@gz/platform';
import { BuildingsService } from '../services/buildings.service';

/** Buildings. */
@Controller()
export class BuildingsHandlers {
  constructor(private readonly buildings: BuildingsService) {}

  @BusHandler(RegistryRoutes.buildingCreate)
  create(@Payload() req: CreateBuildingRequest, @CallerActor() actor?: Actor) {
    return this.buildings.create(req, actor);
  }

  @BusHandler(RegistryRoutes.buildingList)
  list(@Payload() query: BuildingListQuery, @CallerActor() actor?: Actor) {
    return this.buildings.list(query, actor);
  }

  @BusHandler(RegistryRoutes.buildingGet)
  get(@Payload() req: RegistryIdRequest, @CallerActor() actor?: Actor) {
    return this.buildings.get(req.id, actor);
  }

  @BusHandler(RegistryRoutes.buildingUpdate)
  update(@Payload() cmd: UpdateBuildingCommand, @CallerActor() actor?: Actor) {
    return this.buildings.update(cmd, actor);
  }
}
