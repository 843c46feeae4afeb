import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ChangeRequestListQuery,
  ChangeRequestView,
  CoverageQuery,
  CoverageView,
  GradeRentalRequest,
  RecordVisitRequest,
  RegisterRentalBody,
  RegistryRoutes,
  RejectChangeRequest,
  RentalGradeView,
  RentalListQuery,
  RentalView,
  SensitiveFieldsQuery,
  SensitiveFieldsView,
  SetSensitiveFieldsRequest,
  StatisticsQuery,
  StatisticsView,
  UnvisitedPage,
  UnvisitedQuery,
  VisitListQuery,
  VisitPlanListQuery,
  VisitPlanRequest,
  VisitPlanView,
  VisitView,
  type Actor,
} from '@gz/contracts';
import { BusClient } from '@gz/platform';
import { CurrentActor } from '../../auth/auth';
import { ApiPageResponse } from '../openapi';
import { toStreet } from '../street';

@ApiTags('registry: visits')
@ApiBearerAuth()
@Controller('api/v1/registry/visits')
export class RegistryVisitsController {
  constructor(private readonly bus: BusClient) {}

  @Put('plans')
  @ApiOperation({ summary: 'Set the yearly visit plan of a staff member (yourself by default; target default 100 households)' })
  @ApiOkResponse({ type: VisitPlanView })
  upsertPlan(@Body() body: VisitPlanRequest, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, RegistryRoutes.visitPlanUpsert, actor, body, body.path);
  }

  @Get('plans')
  @ApiPageResponse(VisitPlanView)
  @ApiOperation({ summary: 'Visit plans within your scope, with the households visited so far' })
  listPlans(@Query() query: VisitPlanListQuery, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, RegistryRoutes.visitPlanList, actor, query);
  }

  @Post()
  @ApiOperation({ summary: 'Record a visit to a household of your scope (notes, photo references); publishes visit.completed' })
  @ApiCreatedResponse({ type: VisitView })
  record(@Body() body: RecordVisitRequest, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, RegistryRoutes.visitRecord, actor, body);
  }

  @Get()
  @ApiPageResponse(VisitView)
  @ApiOperation({ summary: 'Visits within your scope, newest first' })
  list(@Query() query: VisitListQuery, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, RegistryRoutes.visitList, actor, query);
  }

  @Get('coverage')
  @ApiOperation({ summary: 'Must-visit households visited and not visited in a quarter, per grid and community' })
  @ApiOkResponse({ type: CoverageView })
  coverage(@Query() query: CoverageQuery, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, RegistryRoutes.visitCoverage, actor, query);
  }

  @Get('unvisited')
  @ApiOperation({ summary: 'Must-visit households not visited in the quarter (六必访 to-do list)' })
  @ApiOkResponse({ type: UnvisitedPage })
  unvisited(@Query() query: UnvisitedQuery, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, RegistryRoutes.visitUnvisited, actor, query);
  }
}

@ApiTags('registry: rentals')
@ApiBearerAuth()
@Controller('api/v1/registry/rentals')
export class RegistryRentalsController {
  constructor(private readonly bus: BusClient) {}

  @Get()
  @ApiPageResponse(RentalView)
  @ApiOperation({ summary: 'Rental houses within your scope, optionally of one colour' })
  list(@Query() query: RentalListQuery, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, RegistryRoutes.rentalList, actor, query);
  }

  @Get('red')
  @ApiPageResponse(RentalView)
  @ApiOperation({ summary: 'The red list: houses to remediate, each with its grading history' })
  redList(@Query() query: RentalListQuery, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, RegistryRoutes.rentalRedList, actor, query);
  }

  @Put(':householdId')
  @ApiOperation({ summary: 'Mark a household as a rental house with its landlord (or change the landlord)' })
  @ApiOkResponse({ type: RentalView })
  register(@Param('householdId', new ParseUUIDPipe()) householdId: string, @Body() body: RegisterRentalBody, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, RegistryRoutes.rentalRegister, actor, { ...body, householdId });
  }

  @Get(':householdId')
  @ApiOperation({ summary: 'A rental house: landlord, tenants, latest colour and grading history' })
  @ApiOkResponse({ type: RentalView })
  get(@Param('householdId', new ParseUUIDPipe()) id: string, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, RegistryRoutes.rentalGet, actor, { id });
  }

  @Post(':householdId/grades')
  @HttpCode(201)
  @ApiOperation({ summary: 'Grade a rental house on the seven aspects (0-10 each) → green / yellow / red; publishes rental.graded' })
  @ApiCreatedResponse({ type: RentalGradeView })
  grade(@Param('householdId', new ParseUUIDPipe()) id: string, @Body() body: GradeRentalRequest, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, RegistryRoutes.rentalGrade, actor, { ...body, id });
  }

  @Get(':householdId/grades')
  @ApiOperation({ summary: 'Grading history of a rental house, newest first (never overwritten)' })
  @ApiOkResponse({ type: [RentalGradeView] })
  grades(@Param('householdId', new ParseUUIDPipe()) id: string, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, RegistryRoutes.rentalGrades, actor, { id });
  }
}

@ApiTags('registry: statistics')
@ApiBearerAuth()
@Controller('api/v1/registry/statistics')
export class RegistryStatisticsController {
  constructor(private readonly bus: BusClient) {}

  @Get()
  @ApiOperation({
    summary: 'Per grid, community or street within your scope: population by residence type, tag counts, rentals by colour, visit coverage',
  })
  @ApiOkResponse({ type: StatisticsView })
  get(@Query() query: StatisticsQuery, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, RegistryRoutes.statistics, actor, query);
  }
}

@ApiTags('registry: change requests')
@ApiBearerAuth()
@Controller('api/v1/registry')
export class RegistryChangeRequestsController {
  constructor(private readonly bus: BusClient) {}

  @Get('sensitive-fields')
  @ApiOperation({ summary: 'Person fields your district marks sensitive (a grid worker’s change to one waits for approval)' })
  @ApiOkResponse({ type: SensitiveFieldsView })
  sensitiveFields(@Query() query: SensitiveFieldsQuery, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, RegistryRoutes.sensitiveFieldsGet, actor, query);
  }

  @Put('sensitive-fields')
  @ApiOperation({ summary: 'Set the sensitive fields of your district (district admins)' })
  @ApiOkResponse({ type: SensitiveFieldsView })
  setSensitiveFields(@Body() body: SetSensitiveFieldsRequest, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, RegistryRoutes.sensitiveFieldsSet, actor, body);
  }

  @Get('change-requests')
  @ApiPageResponse(ChangeRequestView)
  @ApiOperation({ summary: 'Change requests within your scope (status pending / approved / rejected)' })
  list(@Query() query: ChangeRequestListQuery, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, RegistryRoutes.changeRequestList, actor, query);
  }

  @Get('change-requests/:id')
  @ApiOkResponse({ type: ChangeRequestView })
  get(@Param('id', new ParseUUIDPipe()) id: string, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, RegistryRoutes.changeRequestGet, actor, { id });
  }

  @Post('change-requests/:id/approve')
  @HttpCode(200)
  @ApiOperation({ summary: 'Approve: the change is applied and enters the person’s change history (community secretaries, admins)' })
  @ApiOkResponse({ type: ChangeRequestView })
  approve(@Param('id', new ParseUUIDPipe()) id: string, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, RegistryRoutes.changeRequestApprove, actor, { id });
  }

  @Post('change-requests/:id/reject')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reject with a reason; nothing is applied' })
  @ApiOkResponse({ type: ChangeRequestView })
  reject(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: RejectChangeRequest, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, RegistryRoutes.changeRequestReject, actor, { ...body, id });
  }
}
