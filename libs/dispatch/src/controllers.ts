import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  AcknowledgeCommand,
  AssignmentListQuery,
  CaseRequest,
  ConfirmDispatchCommand,
  DispatchRoutes,
  HandBackCommand,
  OverdueQuery,
  PublishResponsibilityRequest,
  ResponsibilityImportCommand,
  ResponsibilityQuery,
  ResultCommand,
  type Actor,
} from '@gz/contracts';
import { BusHandler, CallerActor } from '@gz/platform';
import { DispatchService } from './dispatch.service';
import { ResponsibilityService } from './responsibility.service';

/** The command centre's dispatch and the departments' work. */
@Controller()
export class DispatchController {
  constructor(private readonly dispatch: DispatchService) {}

  @BusHandler(DispatchRoutes.caseGet)
  caseGet(@Payload() req: CaseRequest, @CallerActor() actor?: Actor) {
    return this.dispatch.getCase(req.ticketId, actor);
  }

  @BusHandler(DispatchRoutes.confirm)
  confirm(@Payload() cmd: ConfirmDispatchCommand, @CallerActor() actor?: Actor) {
    return this.dispatch.confirm(cmd, actor);
  }

  @BusHandler(DispatchRoutes.assignmentList)
  list(@Payload() query: AssignmentListQuery, @CallerActor() actor?: Actor) {
    return this.dispatch.list(query, actor);
  }

  @BusHandler(DispatchRoutes.acknowledge)
  acknowledge(@Payload() cmd: AcknowledgeCommand, @CallerActor() actor?: Actor) {
    return this.dispatch.acknowledge(cmd, actor);
  }

  @BusHandler(DispatchRoutes.handBack)
  handBack(@Payload() cmd: HandBackCommand, @CallerActor() actor?: Actor) {
    return this.dispatch.handBack(cmd, actor);
  }

  @BusHandler(DispatchRoutes.result)
  result(@Payload() cmd: ResultCommand, @CallerActor() actor?: Actor) {
    return this.dispatch.result(cmd, actor);
  }

  @BusHandler(DispatchRoutes.overdue)
  overdue(@Payload() query: OverdueQuery, @CallerActor() actor?: Actor) {
    return this.dispatch.overdue(query, actor);
  }

  @BusHandler(DispatchRoutes.queues)
  queues(@CallerActor() actor?: Actor) {
    return this.dispatch.queues(actor);
  }
}

/** Responsibility lists. */
@Controller()
export class ResponsibilityController {
  constructor(private readonly lists: ResponsibilityService) {}

  @BusHandler(DispatchRoutes.responsibilityGet)
  get(@Payload() query: ResponsibilityQuery, @CallerActor() actor?: Actor) {
    return this.lists.get(query.street, actor);
  }

  @BusHandler(DispatchRoutes.responsibilityPublish)
  publish(@Payload() req: PublishResponsibilityRequest, @CallerActor() actor?: Actor) {
    return this.lists.publish(req, actor);
  }

  @BusHandler(DispatchRoutes.responsibilityImport)
  import(@Payload() cmd: ResponsibilityImportCommand, @CallerActor() actor?: Actor) {
    return this.lists.import(cmd, actor);
  }
}
