import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CreateOrgRequest, IdentityRoutes, OrgNode, type Actor } from '@gz/contracts';
import { BusClient } from '@gz/platform';
import { CurrentActor } from '../../auth/auth';
import { DISTRICT } from './district';

@ApiTags('organisation')
@ApiBearerAuth()
@Controller('api/v1/orgs')
export class OrgsController {
  constructor(private readonly bus: BusClient) {}

  @Get('tree')
  @ApiOperation({
    summary:
      'The organisation tree within your scope: district, streets, communities, grids and attached organisations',
  })
  @ApiOkResponse({ type: [OrgNode] })
  tree(@CurrentActor() actor: Actor) {
    return this.bus.request(IdentityRoutes.orgTree, DISTRICT, {}, { actor });
  }

  @Post()
  @ApiOperation({ summary: 'Add a unit (community, grid, department, organisation) under a parent in your scope' })
  @ApiCreatedResponse({ type: OrgNode })
  create(@Body() body: CreateOrgRequest, @CurrentActor() actor: Actor) {
    return this.bus.request(IdentityRoutes.orgCreate, DISTRICT, body, { actor });
  }
}
