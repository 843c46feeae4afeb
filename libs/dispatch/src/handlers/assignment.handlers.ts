import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  AcknowledgeCommand,
  AssignmentListQuery,
  DispatchRoutes,
  HandBackCommand,
  OverdueQuery,
  ResultCommand,
  type Actor,
  type EmptyRequest,
} from '@gz/contracts';
import { BusHandler, CallerActor } from '@gz/platform';
import { AssignmentActionsService } from '../services/assignment-actions.service';
import { AssignmentQueriesService } from '../services/assignment-queries.service';

/** The departments' work: their queues and lists, and what they do with each assignment. */
@Controller()
export class AssignmentHandlers {
  constructor(
    private readonly queries: AssignmentQueriesService,
    private readonly actions: AssignmentActionsService,
  ) {}

  @BusHandler(DispatchRoutes.assignmentList)
  list(@Payload() query: AssignmentListQuery, @CallerActor() actor?: Actor) {
    return this.queries.list(query, actor);
  }

  @BusHandler(DispatchRoutes.overdue)
  overdue(@Payload() query: OverdueQuery, @CallerActor() actor?: Actor) {
    return this.queries.overdue(query, actor);
  }

  @BusHandler(DispatchRoutes.queues)
  queues(@Payload() _query: EmptyRequest, @CallerActor() actor?: Actor) {
    return this.queries.queues(actor);
  }

  @BusHandler(DispatchRoutes.acknowledge)
  acknowledge(@Payload() cmd: AcknowledgeCommand, @CallerActor() actor?: Actor) {
    return this.actions.acknowledge(cmd, actor);
  }

  @BusHandler(DispatchRoutes.handBack)
  handBack(@Payload() cmd: HandBackCommand, @CallerActor() actor?: Actor) {
    return this.actions.handBack(cmd, actor);
  }

  @BusHandler(DispatchRoutes.result)
  result(@Payload() cmd: ResultCommand, @CallerActor() actor?: Actor) {
    return this.actions.result(cmd, actor);
  }
}
