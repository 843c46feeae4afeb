import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  DispatchRoutes,
  PublishResponsibilityRequest,
  ResponsibilityListView,
  ResponsibilityQuery,
  type Actor,
} from '@gz/contracts';
import { BusClient } from '@gz/platform';
import { CurrentActor } from '../../auth/auth';

/** Responsibility lists (责任清单) as JSON; the XLSX import and export are beside it. */
@ApiTags('dispatch')
@ApiBearerAuth()
@Controller('api/v1/responsibility-lists')
export class ResponsibilityListsController {
  constructor(private readonly bus: BusClient) {}

  @Get()
  @ApiOperation({ summary: 'The responsibility list (责任清单) in force for a street' })
  @ApiOkResponse({ type: ResponsibilityListView })
  get(@Query() query: ResponsibilityQuery, @CurrentActor() actor: Actor) {
    return this.bus.request(DispatchRoutes.responsibilityGet, query.street, query, { actor });
  }

  @Post()
  @ApiOperation({ summary: 'Publish a new version of a street’s responsibility list (street and district admins)' })
  @ApiCreatedResponse({ type: ResponsibilityListView })
  publish(@Body() body: PublishResponsibilityRequest, @CurrentActor() actor: Actor) {
    return this.bus.request(DispatchRoutes.responsibilityPublish, body.street, body, { actor });
  }
}
