import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { ClientIdRequest, CreateClientRequest, IdentityRoutes, type Actor, type EmptyRequest } from '@gz/contracts';
import { BusHandler, CallerActor } from '@gz/platform';
import { ClientsService } from '../services/clients.service';

/** Partner clients, for admins. */
@Controller()
export class ClientsHandlers {
  constructor(private readonly clients: ClientsService) {}

  @BusHandler(IdentityRoutes.clientCreate)
  clientCreate(@Payload() req: CreateClientRequest, @CallerActor() actor?: Actor) {
    return this.clients.create(req, actor);
  }

  @BusHandler(IdentityRoutes.clientList)
  clientList(@Payload() _req: EmptyRequest, @CallerActor() actor?: Actor) {
    return this.clients.list(actor);
  }

  @BusHandler(IdentityRoutes.clientRevoke)
  clientRevoke(@Payload() req: ClientIdRequest, @CallerActor() actor?: Actor) {
    return this.clients.revoke(req, actor);
  }
}
