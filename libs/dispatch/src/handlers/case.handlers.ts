import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { CaseRequest, ConfirmDispatchCommand, DispatchRoutes, type Actor } from '@gz/contracts';
import { BusHandler, CallerActor } from '@gz/platform';
import { CaseViewService } from '../services/case-view.service';
import { ConfirmationService } from '../services/confirmation.service';

/** Dispatch cases: a ticket's proposal and assignments, and the command centre's dispatch. */
@Controller()
export class CaseHandlers {
  constructor(
    private readonly cases: CaseViewService,
    private readonly confirmation: ConfirmationService,
  ) {}

  @BusHandler(DispatchRoutes.caseGet)
  caseGet(@Payload() req: CaseRequest, @CallerActor() actor?: Actor) {
    return this.cases.get(req.ticketId, actor);
  }

  @BusHandler(DispatchRoutes.confirm)
  confirm(@Payload() cmd: ConfirmDispatchCommand, @CallerActor() actor?: Actor) {
    return this.confirmation.confirm(cmd, actor);
  }
}
