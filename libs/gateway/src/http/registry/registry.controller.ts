import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import {
  BuildingListQuery,
  BuildingView,
  ChangeListQuery,
  CreateBuildingRequest,
  CreateHouseholdRequest,
  CreatePersonRequest,
  HouseholdDetail,
  HouseholdListQuery,
  HouseholdView,
  MoveInRequest,
  MoveOutRequest,
  PersonSearchQuery,
  PersonView,
  PiiAccessQuery,
  RegistryRoutes,
  ResidenceView,
  RevealedPii,
  RevealRequest,
  TagRequest,
  UpdateBuildingRequest,
  UpdateHouseholdRequest,
  UpdatePersonRequest,
  ChangeView,
  PiiAccessEntry,
  type Actor,
} from '@gz/contracts';
import { BusClient } from '@gz/platform';
import { CurrentActor } from '../../auth/auth';
import { ApiPageResponse } from '../openapi';
import { toStreet } from '../street';

/** Sends a request to the registry, on the street of `path` or of the caller. */
@ApiTags('registry: places')
@ApiBearerAuth()
@Controller('api/v1/registry')
export class RegistryPlacesController {
  constructor(private readonly bus: BusClient) {}

  @Post('buildings')
  @ApiOperation({ summary: 'Register a building in a grid of your scope' })
  @ApiCreatedResponse({ type: BuildingView })
  createBuilding(@Body() body: CreateBuildingRequest, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, RegistryRoutes.buildingCreate, actor, body, body.gridPath);
  }

  @Get('buildings')
  @ApiPageResponse(BuildingView)
  @ApiOperation({ summary: 'Buildings within your scope' })
  listBuildings(@Query() query: BuildingListQuery, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, RegistryRoutes.buildingList, actor, query);
  }

  @Get('buildings/:id')
  @ApiOkResponse({ type: BuildingView })
  getBuilding(@Param('id', new ParseUUIDPipe()) id: string, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, RegistryRoutes.buildingGet, actor, { id });
  }

  @Patch('buildings/:id')
  @ApiOperation({ summary: 'Change a building (send the version you read)' })
  @ApiOkResponse({ type: BuildingView })
  updateBuilding(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: UpdateBuildingRequest, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, RegistryRoutes.buildingUpdate, actor, { ...body, id });
  }

  @Post('households')
  @ApiOperation({ summary: 'Register a household (a door) in a building' })
  @ApiCreatedResponse({ type: HouseholdView })
  createHousehold(@Body() body: CreateHouseholdRequest, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, RegistryRoutes.householdCreate, actor, body);
  }

  @Get('households')
  @ApiPageResponse(HouseholdView)
  @ApiOperation({ summary: 'Households within your scope' })
  listHouseholds(@Query() query: HouseholdListQuery, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, RegistryRoutes.householdList, actor, query);
  }

  @Get('households/:id')
  @ApiOperation({ summary: 'A household with its members (personal data masked)' })
  @ApiOkResponse({ type: HouseholdDetail })
  getHousehold(@Param('id', new ParseUUIDPipe()) id: string, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, RegistryRoutes.householdGet, actor, { id });
  }

  @Patch('households/:id')
  @ApiOperation({ summary: 'Change a household: type, door number (send the version you read)' })
  @ApiOkResponse({ type: HouseholdView })
  updateHousehold(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: UpdateHouseholdRequest, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, RegistryRoutes.householdUpdate, actor, { ...body, id });
  }
}

@ApiTags('registry: persons')
@ApiBearerAuth()
@Controller('api/v1/registry')
export class RegistryPersonsController {
  constructor(private readonly bus: BusClient) {}

  @Post('persons')
  @ApiOperation({
    summary: 'Register a person, in a household (a move-in is recorded) or a grid; a wrong identity number is 422, a registered one 409',
  })
  @ApiCreatedResponse({ type: PersonView })
  create(@Body() body: CreatePersonRequest, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, RegistryRoutes.personCreate, actor, body, body.gridPath);
  }

  @Get('persons')
  @ApiPageResponse(PersonView)
  @ApiOperation({ summary: 'Find persons within your scope by name, address, tag, residence type (paginated, masked)' })
  list(@Query() query: PersonSearchQuery, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, RegistryRoutes.personSearch, actor, query);
  }

  @Post('persons/search')
  @HttpCode(200)
  @ApiPageResponse(PersonView)
  @ApiOperation({ summary: 'The same search in a body, for exact identity number or phone (kept out of URLs and logs)' })
  search(@Body() body: PersonSearchQuery, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, RegistryRoutes.personSearch, actor, body);
  }

  @Get('persons/:id')
  @ApiOkResponse({ type: PersonView })
  get(@Param('id', new ParseUUIDPipe()) id: string, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, RegistryRoutes.personGet, actor, { id });
  }

  @Patch('persons/:id')
  @ApiOperation({ summary: 'Change a person (send the version you read); every changed field is kept in the history' })
  @ApiOkResponse({ type: PersonView })
  update(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: UpdatePersonRequest, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, RegistryRoutes.personUpdate, actor, { ...body, id });
  }

  @Post('persons/:id/reveal')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Full identity number and phone, with a reason (community secretaries, street and district admins); every read is audited',
  })
  @ApiOkResponse({ type: RevealedPii })
  reveal(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: RevealRequest, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, RegistryRoutes.personReveal, actor, { ...body, id });
  }

  @Post('persons/:id/move-in')
  @HttpCode(200)
  @ApiOperation({ summary: 'Move into a household (closes the current residence on the same day)' })
  @ApiOkResponse({ type: PersonView })
  moveIn(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: MoveInRequest, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, RegistryRoutes.personMoveIn, actor, { ...body, id });
  }

  @Post('persons/:id/move-out')
  @HttpCode(200)
  @ApiOperation({ summary: 'Move out of the current household' })
  @ApiOkResponse({ type: PersonView })
  moveOut(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: MoveOutRequest, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, RegistryRoutes.personMoveOut, actor, { ...body, id });
  }

  @Get('persons/:id/residences')
  @ApiOperation({ summary: 'Who lived where from when to when: every residence of the person, oldest first' })
  @ApiOkResponse({ type: [ResidenceView] })
  residences(@Param('id', new ParseUUIDPipe()) id: string, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, RegistryRoutes.personResidences, actor, { id });
  }

  @Get('persons/:id/changes')
  @ApiPageResponse(ChangeView)
  @ApiOperation({ summary: 'Field-by-field history of the person: who, when, before, after (personal data masked)' })
  changes(@Param('id', new ParseUUIDPipe()) id: string, @Query() query: ChangeListQuery, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, RegistryRoutes.personChanges, actor, { ...query, id });
  }

  @Post('persons/:id/tags')
  @HttpCode(200)
  @ApiOperation({ summary: 'Add a special-care tag' })
  @ApiOkResponse({ type: PersonView })
  addTag(@Param('id', new ParseUUIDPipe()) id: string, @Body() body: TagRequest, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, RegistryRoutes.personTagAdd, actor, { ...body, id });
  }

  @Delete('persons/:id/tags/:tag')
  @ApiParam({ name: 'tag', description: 'a built-in tag or one the district defined', example: 'elderly_alone' })
  @ApiOperation({ summary: 'Remove a special-care tag' })
  @ApiOkResponse({ type: PersonView })
  removeTag(@Param('id', new ParseUUIDPipe()) id: string, @Param('tag') tag: string, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, RegistryRoutes.personTagRemove, actor, { id, tag });
  }
}

@ApiTags('registry: audit')
@ApiBearerAuth()
@Controller('api/v1/registry')
export class RegistryAuditController {
  constructor(private readonly bus: BusClient) {}

  @Get('pii-access')
  @ApiPageResponse(PiiAccessEntry)
  @ApiOperation({ summary: 'Every full read of an identity number or phone: who, when, whose, which field, why (auditors, district admins)' })
  list(@Query() query: PiiAccessQuery, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, RegistryRoutes.piiAccessList, actor, query);
  }
}
