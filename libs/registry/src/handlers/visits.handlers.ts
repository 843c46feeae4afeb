import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  CoverageQuery,
  RecordVisitRequest,
  RegistryRoutes,
  UnvisitedQuery,
  VisitListQuery,
  VisitPlanListQuery,
  VisitPlanRequest,
  type Actor,
} from '@gz/contracts';
import { BusHandler, CallerActor } from '@gz/platform';
import { CoverageService } from '../services/coverage.service';
import { VisitPlansService } from '../services/visit-plans.service';
import { VisitsService } from '../services/visits.service';

/** Visits to the six must-visit groups. */
@Controller()
export class VisitsHandlers {
  constructor(
    private readonly plans: VisitPlansService,
    private readonly visits: VisitsService,
    private readonly figures: CoverageService,
  ) {}

  @BusHandler(RegistryRoutes.visitPlanUpsert)
  planUpsert(@Payload() req: VisitPlanRequest, @CallerActor() actor?: Actor) {
    return this.plans.upsert(req, actor);
  }

  @BusHandler(RegistryRoutes.visitPlanList)
  planList(@Payload() query: VisitPlanListQuery, @CallerActor() actor?: Actor) {
    return this.plans.list(query, actor);
  }

  @BusHandler(RegistryRoutes.visitRecord)
  record(@Payload() req: RecordVisitRequest, @CallerActor() actor?: Actor) {
    return this.visits.record(req, actor);
  }

  @BusHandler(RegistryRoutes.visitList)
  list(@Payload() query: VisitListQuery, @CallerActor() actor?: Actor) {
    return this.visits.list(query, actor);
  }

  @BusHandler(RegistryRoutes.visitCoverage)
  coverage(@Payload() query: CoverageQuery, @CallerActor() actor?: Actor) {
    return this.figures.coverage(query, actor);
  }

  @BusHandler(RegistryRoutes.visitUnvisited)
  unvisited(@Payload() query: UnvisitedQuery, @CallerActor() actor?: Actor) {
    return this.figures.unvisited(query, actor);
  }
}
