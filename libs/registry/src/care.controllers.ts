import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  ChangeRequestListQuery,
  CoverageQuery,
  GradeRentalCommand,
  RecordVisitRequest,
  RegisterRentalRequest,
  RegistryIdRequest,
  RegistryRoutes,
  RejectChangeCommand,
  RentalListQuery,
  SensitiveFieldsQuery,
  SetSensitiveFieldsRequest,
  StatisticsQuery,
  UnvisitedQuery,
  VisitListQuery,
  VisitPlanListQuery,
  VisitPlanRequest,
  type Actor,
} from '@gz/contracts';
import { BusHandler, CallerActor } from '@gz/platform';
import { ChangeRequestsService } from './change-requests.service';
import { RentalsService } from './rentals.service';
import { StatisticsService } from './statistics.service';
import { VisitsService } from './visits.service';

/** Visits to the six must-visit groups. */
@Controller()
export class VisitsController {
  constructor(private readonly visits: VisitsService) {}

  @BusHandler(RegistryRoutes.visitPlanUpsert)
  planUpsert(@Payload() req: VisitPlanRequest, @CallerActor() actor?: Actor) {
    return this.visits.upsertPlan(req, actor);
  }

  @BusHandler(RegistryRoutes.visitPlanList)
  planList(@Payload() query: VisitPlanListQuery, @CallerActor() actor?: Actor) {
    return this.visits.listPlans(query, actor);
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
    return this.visits.coverage(query, actor);
  }

  @BusHandler(RegistryRoutes.visitUnvisited)
  unvisited(@Payload() query: UnvisitedQuery, @CallerActor() actor?: Actor) {
    return this.visits.unvisited(query, actor);
  }
}

/** Rental houses and their grading. */
@Controller()
export class RentalsController {
  constructor(private readonly rentals: RentalsService) {}

  @BusHandler(RegistryRoutes.rentalRegister)
  register(@Payload() req: RegisterRentalRequest, @CallerActor() actor?: Actor) {
    return this.rentals.register(req, actor);
  }

  @BusHandler(RegistryRoutes.rentalGet)
  get(@Payload() req: RegistryIdRequest, @CallerActor() actor?: Actor) {
    return this.rentals.get(req, actor);
  }

  @BusHandler(RegistryRoutes.rentalList)
  list(@Payload() query: RentalListQuery, @CallerActor() actor?: Actor) {
    return this.rentals.list(query, actor);
  }

  @BusHandler(RegistryRoutes.rentalRedList)
  redList(@Payload() query: RentalListQuery, @CallerActor() actor?: Actor) {
    return this.rentals.redList(query, actor);
  }

  @BusHandler(RegistryRoutes.rentalGrade)
  grade(@Payload() cmd: GradeRentalCommand, @CallerActor() actor?: Actor) {
    return this.rentals.grade(cmd, actor);
  }

  @BusHandler(RegistryRoutes.rentalGrades)
  grades(@Payload() req: RegistryIdRequest, @CallerActor() actor?: Actor) {
    return this.rentals.grades(req, actor);
  }
}

/** Figures per grid, community and street. */
@Controller()
export class StatisticsController {
  constructor(private readonly statistics: StatisticsService) {}

  @BusHandler(RegistryRoutes.statistics)
  get(@Payload() query: StatisticsQuery, @CallerActor() actor?: Actor) {
    return this.statistics.statistics(query, actor);
  }
}

/** Sensitive fields and the change requests they produce. */
@Controller()
export class ChangeRequestsController {
  constructor(private readonly requests: ChangeRequestsService) {}

  @BusHandler(RegistryRoutes.sensitiveFieldsGet)
  sensitiveFields(@Payload() query: SensitiveFieldsQuery, @CallerActor() actor?: Actor) {
    return this.requests.sensitiveFields(query, actor);
  }

  @BusHandler(RegistryRoutes.sensitiveFieldsSet)
  setSensitiveFields(@Payload() req: SetSensitiveFieldsRequest, @CallerActor() actor?: Actor) {
    return this.requests.setSensitiveFields(req, actor);
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
