import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  ChangeRequestListQuery,
  RegistryIdRequest,
  RegistryRoutes,
  RejectChangeCommand,
  SensitiveFieldsQuery,
  SetSensitiveFieldsRequest,
  type Actor,
} from '@gz/contracts';
import { BusHandler, CallerActor } from '@gz/platform';
import { ChangeRequestsService } from '../services/change-requests.service';
import { SensitiveFieldsService } from '../services/sensitive-fields.service';

/** Sensitive fields and the change requests they produce. */
@Controller()
export class ChangeRequestsHandlers {
  constructor(
    private readonly sensitive: SensitiveFieldsService,
    private readonly requests: ChangeRequestsService,
  ) {}

  @BusHandler(RegistryRoutes.sensitiveFieldsGet)
  sensitiveFields(@Payload() query: SensitiveFieldsQuery, @CallerActor() actor?: Actor) {
    return this.sensitive.get(query, actor);
  }

  @BusHandler(RegistryRoutes.sensitiveFieldsSet)
  setSensitiveFields(@Payload() req: SetSensitiveFieldsRequest, @CallerActor() actor?: Actor) {
    return this.sensitive.set(req, actor);
  }

  @BusHandler(RegistryRoutes.changeRequestList)
  list(@Payload() query: ChangeRequestListQuery, @CallerActor() actor?: Actor) {
    return this.requests.list(query, actor);
  }

  @BusHandler(RegistryRoutes.changeRequestGet)
  get(@Payload() req: RegistryIdRequest, @CallerActor() actor?: Actor) {
    return this.requests.get(req, actor);
  }

  @BusHandler(RegistryRoutes.changeRequestApprove)
  approve(@Payload() req: RegistryIdRequest, @CallerActor() actor?: Actor) {
    return this.requests.approve(req, actor);
  }

  @BusHandler(RegistryRoutes.changeRequestReject)
  reject(@Payload() cmd: RejectChangeCommand, @CallerActor() actor?: Actor) {
    return this.requests.reject(cmd, actor);
  }
}
