import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  CheckCommand,
  HandleCommand,
  MergeCommand,
  RateCommand,
  RejectCommand,
  ReportTicketCommand,
  TicketIdRequest,
  TicketingRoutes,
  TicketListQuery,
  TicketStatsQuery,
  TransitionCommand,
  type Actor,
} from '@gz/contracts';
import { BusHandler, CallerActor } from '@gz/platform';
import { ReportTicketService } from '../services/report-ticket.service';
import { TicketReadsService } from '../services/ticket-reads.service';
import { TicketStepsService } from '../services/ticket-steps.service';

/** Tickets: report, read, and the steps of the loop taken by the grid and the command centre. */
@Controller()
export class TicketHandlers {
  constructor(
    private readonly reporting: ReportTicketService,
    private readonly reads: TicketReadsService,
    private readonly steps: TicketStepsService,
  ) {}

  @BusHandler(TicketingRoutes.report)
  report(@Payload() cmd: ReportTicketCommand, @CallerActor() actor?: Actor) {
    return this.reporting.report(cmd, actor);
  }

  @BusHandler(TicketingRoutes.get)
  get(@Payload() req: TicketIdRequest, @CallerActor() actor?: Actor) {
    return this.reads.get(req.id, actor);
  }

  @BusHandler(TicketingRoutes.list)
  list(@Payload() query: TicketListQuery, @CallerActor() actor?: Actor) {
    return this.reads.list(query, actor);
  }

  @BusHandler(TicketingRoutes.timeline)
  timeline(@Payload() req: TicketIdRequest, @CallerActor() actor?: Actor) {
    return this.reads.timeline(req.id, actor);
  }

  @BusHandler(TicketingRoutes.stats)
  stats(@Payload() query: TicketStatsQuery, @CallerActor() actor?: Actor) {
    return this.reads.stats(query, actor);
  }

  @BusHandler(TicketingRoutes.open)
  open(@Payload() cmd: TransitionCommand, @CallerActor() actor?: Actor) {
    return this.steps.open(cmd, actor);
  }

  @BusHandler(TicketingRoutes.reject)
  reject(@Payload() cmd: RejectCommand, @CallerActor() actor?: Actor) {
    return this.steps.reject(cmd, actor);
  }

  @BusHandler(TicketingRoutes.merge)
  merge(@Payload() cmd: MergeCommand, @CallerActor() actor?: Actor) {
    return this.steps.merge(cmd, actor);
  }

  @BusHandler(TicketingRoutes.handle)
  handle(@Payload() cmd: HandleCommand, @CallerActor() actor?: Actor) {
    return this.steps.handle(cmd, actor);
  }

  @BusHandler(TicketingRoutes.check)
  check(@Payload() cmd: CheckCommand, @CallerActor() actor?: Actor) {
    return this.steps.check(cmd, actor);
  }

  @BusHandler(TicketingRoutes.close)
  close(@Payload() cmd: TransitionCommand, @CallerActor() actor?: Actor) {
    return this.steps.close(cmd, actor);
  }

  @BusHandler(TicketingRoutes.rate)
  rate(@Payload() cmd: RateCommand, @CallerActor() actor?: Actor) {
    return this.steps.rate(cmd, actor);
  }
}
