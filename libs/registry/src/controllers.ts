import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  BuildingListQuery,
  ChangeListCommand,
  CreateBuildingRequest,
  CreateHouseholdRequest,
  CreatePersonRequest,
  HouseholdListQuery,
  MoveInCommand,
  MoveOutCommand,
  PersonSearchQuery,
  PiiAccessQuery,
  RegistryIdRequest,
  RegistryRoutes,
  RevealCommand,
  TagCommand,
  UpdateBuildingCommand,
  UpdateHouseholdCommand,
  UpdatePersonCommand,
  type Actor,
} from '@gz/contracts';
import { BusHandler, CallerActor } from '@gz/platform';
import { MovesService } from './moves.service';
import { PersonsService } from './persons.service';
import { PlacesService } from './places.service';

/** Buildings and households. */
@Controller()
export class PlacesController {
  constructor(private readonly places: PlacesService) {}

  @BusHandler(RegistryRoutes.buildingCreate)
  buildingCreate(@Payload() req: CreateBuildingRequest, @CallerActor() actor?: Actor) {
    return this.places.createBuilding(req, actor);
  }

  @BusHandler(RegistryRoutes.buildingList)
  buildingList(@Payload() query: BuildingListQuery, @CallerActor() actor?: Actor) {
    return this.places.listBuildings(query, actor);
  }

  @BusHandler(RegistryRoutes.buildingGet)
  buildingGet(@Payload() req: RegistryIdRequest, @CallerActor() actor?: Actor) {
    return this.places.getBuilding(req.id, actor);
  }

  @BusHandler(RegistryRoutes.buildingUpdate)
  buildingUpdate(@Payload() cmd: UpdateBuildingCommand, @CallerActor() actor?: Actor) {
    return this.places.updateBuilding(cmd, actor);
  }

  @BusHandler(RegistryRoutes.householdCreate)
  householdCreate(@Payload() req: CreateHouseholdRequest, @CallerActor() actor?: Actor) {
    return this.places.createHousehold(req, actor);
  }

  @BusHandler(RegistryRoutes.householdList)
  householdList(@Payload() query: HouseholdListQuery, @CallerActor() actor?: Actor) {
    return this.places.listHouseholds(query, actor);
  }

  @BusHandler(RegistryRoutes.householdGet)
  householdGet(@Payload() req: RegistryIdRequest, @CallerActor() actor?: Actor) {
    return this.places.getHousehold(req.id, actor);
  }

  @BusHandler(RegistryRoutes.householdUpdate)
  householdUpdate(@Payload() cmd: UpdateHouseholdCommand, @CallerActor() actor?: Actor) {
    return this.places.updateHousehold(cmd, actor);
  }
}

/** Persons, their moves, changes, tags and personal data. */
@Controller()
export class PersonsController {
  constructor(
    private readonly persons: PersonsService,
    private readonly moves: MovesService,
  ) {}

  @BusHandler(RegistryRoutes.personCreate)
  create(@Payload() req: CreatePersonRequest, @CallerActor() actor?: Actor) {
    return this.persons.create(req, actor);
  }

  @BusHandler(RegistryRoutes.personSearch)
  search(@Payload() query: PersonSearchQuery, @CallerActor() actor?: Actor) {
    return this.persons.search(query, actor);
  }

  @BusHandler(RegistryRoutes.personGet)
  get(@Payload() req: RegistryIdRequest, @CallerActor() actor?: Actor) {
    return this.persons.get(req.id, actor);
  }

  @BusHandler(RegistryRoutes.personUpdate)
  update(@Payload() cmd: UpdatePersonCommand, @CallerActor() actor?: Actor) {
    return this.persons.update(cmd, actor);
  }

  @BusHandler(RegistryRoutes.personReveal)
  reveal(@Payload() cmd: RevealCommand, @CallerActor() actor?: Actor) {
    return this.persons.reveal(cmd, actor);
  }

  @BusHandler(RegistryRoutes.personMoveIn)
  moveIn(@Payload() cmd: MoveInCommand, @CallerActor() actor?: Actor) {
    return this.moves.moveIn(cmd, actor);
  }

  @BusHandler(RegistryRoutes.personMoveOut)
  moveOut(@Payload() cmd: MoveOutCommand, @CallerActor() actor?: Actor) {
    return this.moves.moveOut(cmd, actor);
  }

  @BusHandler(RegistryRoutes.personResidences)
  residences(@Payload() req: RegistryIdRequest, @CallerActor() actor?: Actor) {
    return this.moves.residences(req, actor);
  }

  @BusHandler(RegistryRoutes.personChanges)
  changes(@Payload() cmd: ChangeListCommand, @CallerActor() actor?: Actor) {
    return this.persons.changes(cmd, actor);
  }

  @BusHandler(RegistryRoutes.personTagAdd)
  tagAdd(@Payload() cmd: TagCommand, @CallerActor() actor?: Actor) {
    return this.persons.addTag(cmd, actor);
  }

  @BusHandler(RegistryRoutes.personTagRemove)
  tagRemove(@Payload() cmd: TagCommand, @CallerActor() actor?: Actor) {
    return this.persons.removeTag(cmd, actor);
  }

  @BusHandler(RegistryRoutes.piiAccessList)
  piiAccess(@Payload() query: PiiAccessQuery, @CallerActor() actor?: Actor) {
    return this.persons.accessAudit(query, actor);
  }
}
