import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  AcceptDeliverableCommand,
  AddDeliverablesCommand,
  CreateServiceContractRequest,
  IncubatorRoutes,
  PayDeliverableCommand,
  ReportDeliverableCommand,
  ReturnDeliverableCommand,
  ServiceContractIdRequest,
  ServiceContractListQuery,
  ServiceContractPaymentsQuery,
  type Actor,
} from '@gz/contracts';
import { BusHandler, CallerActor } from '@gz/platform';
import { DeliverablesService } from '../services/deliverables.service';
import { ServiceContractsService } from '../services/service-contracts.service';

/** Services purchased by government: contracts, deliverables, payments. */
@Controller()
export class ServiceContractHandlers {
  constructor(
    private readonly contracts: ServiceContractsService,
    private readonly deliverables: DeliverablesService,
  ) {}

  @BusHandler(IncubatorRoutes.serviceContractCreate)
  create(@Payload() req: CreateServiceContractRequest, @CallerActor() actor?: Actor) {
    return this.contracts.create(req, actor);
  }

  @BusHandler(IncubatorRoutes.serviceContractGet)
  get(@Payload() req: ServiceContractIdRequest, @CallerActor() actor?: Actor) {
    return this.contracts.get(req.id, actor);
  }

  @BusHandler(IncubatorRoutes.serviceContractList)
  list(@Payload() query: ServiceContractListQuery, @CallerActor() actor?: Actor) {
    return this.contracts.list(query, actor);
  }

  @BusHandler(IncubatorRoutes.serviceContractPayments)
  payments(@Payload() query: ServiceContractPaymentsQuery, @CallerActor() actor?: Actor) {
    return this.contracts.payments(query, actor);
  }

  @BusHandler(IncubatorRoutes.deliverablesAdd)
  addDeliverables(@Payload() cmd: AddDeliverablesCommand, @CallerActor() actor?: Actor) {
    return this.contracts.addDeliverables(cmd, actor);
  }

  @BusHandler(IncubatorRoutes.deliverableReport)
  report(@Payload() cmd: ReportDeliverableCommand, @CallerActor() actor?: Actor) {
    return this.deliverables.report(cmd, actor);
  }

  @BusHandler(IncubatorRoutes.deliverableAccept)
  accept(@Payload() cmd: AcceptDeliverableCommand, @CallerActor() actor?: Actor) {
    return this.deliverables.accept(cmd, actor);
  }

  @BusHandler(IncubatorRoutes.deliverableReturn)
  sendBack(@Payload() cmd: ReturnDeliverableCommand, @CallerActor() actor?: Actor) {
    return this.deliverables.sendBack(cmd, actor);
  }

  @BusHandler(IncubatorRoutes.deliverablePay)
  pay(@Payload() cmd: PayDeliverableCommand, @CallerActor() actor?: Actor) {
    return this.deliverables.pay(cmd, actor);
  }
}
