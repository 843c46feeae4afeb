import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  CreateOrganisationRequest,
  IncubatorRoutes,
  OrganisationIdRequest,
  OrganisationListQuery,
  type Actor,
} from '@gz/contracts';
import { BusHandler, CallerActor } from '@gz/platform';
import { OrganisationsService } from '../services/organisations.service';

/** Community social organisations on the roll. */
@Controller()
export class OrganisationHandlers {
  constructor(private readonly organisations: OrganisationsService) {}

  @BusHandler(IncubatorRoutes.organisationCreate)
  create(@Payload() req: CreateOrganisationRequest, @CallerActor() actor?: Actor) {
    return this.organisations.create(req, actor);
  }

  @BusHandler(IncubatorRoutes.organisationGet)
  get(@Payload() req: OrganisationIdRequest, @CallerActor() actor?: Actor) {
    return this.organisations.get(req.id, actor);
  }

  @BusHandler(IncubatorRoutes.organisationList)
  list(@Payload() query: OrganisationListQuery, @CallerActor() actor?: Actor) {
    return this.organisations.list(query, actor);
  }
}
