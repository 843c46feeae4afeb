import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  ChangeListCommand,
  CreatePersonRequest,
  MoveInCommand,
  MoveOutCommand,
  PersonSearchQuery,
  PiiAccessQuery,
  RegistryIdRequest,
  RegistryRoutes,
  RevealCommand,
  TagCommand,
  UpdatePersonCommand,
  type Actor,
} from '@gz/contracts';
import { BusHandler, CallerActor } from '@gz/platform';
import { MovesService } from '../services/moves.service';
import { PersonChangesService } from '../services/person-changes.service';
import { PersonRegistrationService } from '../services/person-registration.service';
import { PersonsService } from '../services/persons.service';
import { PiiAccessService } from '../services/pii-access.service';

/** Persons, their moves, changes, tags and personal data. */
@Controller()
export class PersonsHandlers {
  constructor(
    private readonly registration: PersonRegistrationService,
    private readonly persons: PersonsService,
    private readonly updates: PersonChangesService,
    private readonly moves: MovesService,
    private readonly pii: PiiAccessService,
  ) {}

  @BusHandler(RegistryRoutes.personCreate)
  create(@Payload() req: CreatePersonRequest, @CallerActor() actor?: Actor) {
    return this.registration.create(req, actor);
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
    return this.updates.update(cmd, actor);
  }

  @BusHandler(RegistryRoutes.personReveal)
  reveal(@Payload() cmd: RevealCommand, @CallerActor() actor?: Actor) {
    return this.pii.reveal(cmd, actor);
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
    return this.updates.addTag(cmd, actor);
  }

  @BusHandler(RegistryRoutes.personTagRemove)
  tagRemove(@Payload() cmd: TagCommand, @CallerActor() actor?: Actor) {
    return this.updates.removeTag(cmd, actor);
  }

  @BusHandler(RegistryRoutes.piiAccessList)
  piiAccess(@Payload() query: PiiAccessQuery, @CallerActor() actor?: Actor) {
    return this.pii.accessAudit(query, actor);
  }
}
