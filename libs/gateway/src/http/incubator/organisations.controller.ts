import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CreateOrganisationRequest,
  IncubatorRoutes,
  OrganisationListQuery,
  OrganisationView,
  type Actor,
} from '@gz/contracts';
import { BusClient } from '@gz/platform';
import { CurrentActor } from '../../auth/auth';
import { ApiPageResponse } from '../openapi';
import { toStreet } from '../street';

/** Community social organisations (社区社会组织) on the incubator's roll. */
@ApiTags('incubator: organisations')
@ApiBearerAuth()
@Controller('api/v1/incubator/organisations')
export class OrganisationsController {
  constructor(private readonly bus: BusClient) {}

  @Post()
  @ApiOperation({
    summary:
      'Put a community social organisation on the roll: registered (登记), filed (备案) or an informal resident group (community secretaries, street and district admins)',
  })
  @ApiCreatedResponse({ type: OrganisationView })
  create(@Body() body: CreateOrganisationRequest, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, IncubatorRoutes.organisationCreate, actor, body, body.communityPath);
  }

  @Get()
  @ApiOperation({ summary: "Organisations: staff within their scope, auditors, an organisation's own staff" })
  @ApiPageResponse(OrganisationView)
  list(@Query() query: OrganisationListQuery, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, IncubatorRoutes.organisationList, actor, query);
  }

  @Get(':id')
  @ApiOkResponse({ type: OrganisationView })
  get(@Param('id', new ParseUUIDPipe()) id: string, @CurrentActor() actor: Actor) {
    return toStreet(this.bus, IncubatorRoutes.organisationGet, actor, { id });
  }
}
