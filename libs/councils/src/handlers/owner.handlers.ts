import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  CouncilsRoutes,
  CreateOwnerCommand,
  IssueLinkCodeCommand,
  LinkOwnerCommand,
  OwnerIdRequest,
  OwnerListQuery,
  OwnerPiiAccessQuery,
  OwnerRollImportCommand,
  RedeemLinkCodeCommand,
  RevealOwnerPhoneCommand,
  UpdateOwnerCommand,
  type Actor,
  type EmptyRequest,
} from '@gz/contracts';
import { BusHandler, CallerActor } from '@gz/platform';
import { OwnerLinksService } from '../services/owner-links.service';
import { OwnerRollImportService } from '../services/owner-roll-import.service';
import { OwnersService } from '../services/owners.service';

/** The owners' roll: owners, their units, history, links, reads of phones, imports. */
@Controller()
export class OwnerHandlers {
  constructor(
    private readonly owners: OwnersService,
    private readonly links: OwnerLinksService,
    private readonly imports: OwnerRollImportService,
  ) {}

  @BusHandler(CouncilsRoutes.ownerCreate)
  create(@Payload() cmd: CreateOwnerCommand, @CallerActor() actor?: Actor) {
    return this.owners.create(cmd, actor);
  }

  @BusHandler(CouncilsRoutes.ownerList)
  list(@Payload() query: OwnerListQuery, @CallerActor() actor?: Actor) {
    return this.owners.list(query, actor);
  }

  @BusHandler(CouncilsRoutes.ownerGet)
  get(@Payload() req: OwnerIdRequest, @CallerActor() actor?: Actor) {
    return this.owners.get(req.id, actor);
  }

  @BusHandler(CouncilsRoutes.ownerUpdate)
  update(@Payload() cmd: UpdateOwnerCommand, @CallerActor() actor?: Actor) {
    return this.owners.update(cmd, actor);
  }

  @BusHandler(CouncilsRoutes.ownerChanges)
  changes(@Payload() req: OwnerIdRequest, @CallerActor() actor?: Actor) {
    return this.owners.history(req.id, actor);
  }

  @BusHandler(CouncilsRoutes.ownerReveal)
  reveal(@Payload() cmd: RevealOwnerPhoneCommand, @CallerActor() actor?: Actor) {
    return this.owners.reveal(cmd, actor);
  }

  @BusHandler(CouncilsRoutes.ownerLink)
  link(@Payload() cmd: LinkOwnerCommand, @CallerActor() actor?: Actor) {
    return this.links.link(cmd, actor);
  }

  @BusHandler(CouncilsRoutes.ownerLinkCode)
  linkCode(@Payload() cmd: IssueLinkCodeCommand, @CallerActor() actor?: Actor) {
    return this.links.issueCode(cmd, actor);
  }

  @BusHandler(CouncilsRoutes.ownerRedeem)
  redeem(@Payload() cmd: RedeemLinkCodeCommand, @CallerActor() actor?: Actor) {
    return this.links.redeem(cmd, actor);
  }

  @BusHandler(CouncilsRoutes.ownerRollImport)
  import(@Payload() cmd: OwnerRollImportCommand, @CallerActor() actor?: Actor) {
    return this.imports.import(cmd, actor);
  }

  @BusHandler(CouncilsRoutes.piiAccess)
  piiAccess(@Payload() query: OwnerPiiAccessQuery, @CallerActor() actor?: Actor) {
    return this.owners.phoneReads(query, actor);
  }

  @BusHandler(CouncilsRoutes.mine)
  mine(@Payload() _req: EmptyRequest, @CallerActor() actor?: Actor) {
    return this.links.mine(actor);
  }
}
