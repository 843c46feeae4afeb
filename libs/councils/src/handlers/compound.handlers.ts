import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  CompoundIdRequest,
  CompoundListQuery,
  CouncilsRoutes,
  CreateCompoundBuildingCommand,
  CreateCompoundRequest,
  CreateUnitCommand,
  UnitListQuery,
  type Actor,
} from '@gz/contracts';
import { BusHandler, CallerActor } from '@gz/platform';
import { CompoundsService } from '../services/compounds.service';
import { UnitsService } from '../services/units.service';

/** Compounds, their buildings and units. */
@Controller()
export class CompoundHandlers {
  constructor(
    private readonly compounds: CompoundsService,
    private readonly units: UnitsService,
  ) {}

  @BusHandler(CouncilsRoutes.compoundCreate)
  create(@Payload() req: CreateCompoundRequest, @CallerActor() actor?: Actor) {
    return this.compounds.create(req, actor);
  }

  @BusHandler(CouncilsRoutes.compoundList)
  list(@Payload() query: CompoundListQuery, @CallerActor() actor?: Actor) {
    return this.compounds.list(query, actor);
  }

  @BusHandler(CouncilsRoutes.compoundGet)
  get(@Payload() req: CompoundIdRequest, @CallerActor() actor?: Actor) {
    return this.compounds.get(req.id, actor);
  }

  @BusHandler(CouncilsRoutes.buildingCreate)
  createBuilding(@Payload() cmd: CreateCompoundBuildingCommand, @CallerActor() actor?: Actor) {
    return this.compounds.createBuilding(cmd, actor);
  }

  @BusHandler(CouncilsRoutes.unitCreate)
  createUnit(@Payload() cmd: CreateUnitCommand, @CallerActor() actor?: Actor) {
    return this.units.create(cmd, actor);
  }

  @BusHandler(CouncilsRoutes.unitList)
  listUnits(@Payload() query: UnitListQuery, @CallerActor() actor?: Actor) {
    return this.units.list(query, actor);
  }
}
