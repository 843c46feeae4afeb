import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CompoundBuildingView,
  CompoundListQuery,
  CompoundView,
  CouncilsRoutes,
  CreateCompoundBuildingRequest,
  CreateCompoundRequest,
  CreateUnitRequest,
  UnitListRequest,
  UnitView,
  type Actor,
} from '@gz/contracts';
import { BusClient } from '@gz/platform';
import { CurrentActor } from '../../auth/auth';
import { ApiPageResponse } from '../openapi';
import { toStreet } from '../street';

/** Residential compounds (小区), their buildings and units (专有部分). */
@ApiTags('councils: compounds')
@ApiBearerAuth()
@Controller('api/v1/councils/compounds')
export class CompoundsController {
  constructor(private readonly bus: BusClient) {}

  @Post()
  @ApiOperation({
    summary:
      "Register a compound in a community, with its property company and owners' committee (community secretaries, street and district admins)",
  })
  @ApiCreatedResponse({ type: CompoundView })
  create(@Body() body: CreateCompoundRequest, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, CouncilsRoutes.compoundCreate, actor, body, body.communityPath);
  }

  @Get()
  @ApiOperation({
    summary:
      "Compounds: staff within their scope, the property company's and owners' committee's own, a resident's where they own",
  })
  @ApiPageResponse(CompoundView)
  list(@Query() query: CompoundListQuery, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, CouncilsRoutes.compoundList, actor, query);
  }

  @Get(':id')
  @ApiOkResponse({ type: CompoundView })
  get(@Param('id', new ParseUUIDPipe()) id: string, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, CouncilsRoutes.compoundGet, actor, { id });
  }

  @Post(':id/buildings')
  @ApiOperation({ summary: 'Add a building to the compound' })
  @ApiCreatedResponse({ type: CompoundBuildingView })
  createBuilding(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: CreateCompoundBuildingRequest,
    @CurrentActor() actor: Actor,
  ) {
    return toStreet(this.bus, CouncilsRoutes.buildingCreate, actor, { ...body, compoundId: id });
  }

  @Post(':id/units')
  @ApiOperation({
    summary: 'Add a unit (专有部分) with its areas in hundredths of m²',
    description:
      "The count uses the registered area (登记), else the surveyed one (测绘), else the contract's (合同); all three are kept.",
  })
  @ApiCreatedResponse({ type: UnitView })
  createUnit(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: CreateUnitRequest,
    @CurrentActor() actor: Actor,
  ) {
    return toStreet(this.bus, CouncilsRoutes.unitCreate, actor, { ...body, compoundId: id });
  }

  @Get(':id/units')
  @ApiOperation({
    summary: "The compound's units and their owners (a resident who owns there sees only themself among the owners)",
  })
  @ApiPageResponse(UnitView)
  units(@Param('id', new ParseUUIDPipe()) id: string, @Query() query: UnitListRequest, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, CouncilsRoutes.unitList, actor, { ...query, compoundId: id });
  }
}
