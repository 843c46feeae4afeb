import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { CreateOrgRequest, IdentityRoutes, type Actor, type EmptyRequest } from '@gz/contracts';
import { BusHandler, CallerActor } from '@gz/platform';
import { OrgsService } from '../services/orgs.service';

/** The organisation tree. */
@Controller()
export class OrgsHandlers {
  constructor(private readonly orgs: OrgsService) {}

  @BusHandler(IdentityRoutes.orgTree)
  orgTree(@Payload() _req: EmptyRequest, @CallerActor() actor?: Actor) {
    return this.orgs.tree(actor);
  }

  @BusHandler(IdentityRoutes.orgCreate)
  orgCreate(@Payload() req: CreateOrgRequest, @CallerActor() actor?: Actor) {
    return this.orgs.create(req, actor);
  }
}
