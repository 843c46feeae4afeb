import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import {
  ALL_STREETS,
  deadLetterRoutes,
  DeadLetterQuery,
  DeadLetterReplayed,
  DeadLetterView,
  IdentityRoutes,
  SERVICES,
  type Actor,
  type ServiceName,
} from '@gz/contracts';
import { BusClient, notFound } from '@gz/platform';
import { CurrentActor, Public } from '../../auth/auth';
import { ApiPageResponse } from '../openapi';

function service(name: string): ServiceName {
  const found = SERVICES.find((s) => s === name);
  if (!found) throw notFound(`Service ${name}`);
  return found;
}

@ApiTags('operations')
@ApiBearerAuth()
@Controller('api/v1/ops')
export class OpsController {
  constructor(private readonly bus: BusClient) {}

  @Get(':service/dead-letters')
  @ApiParam({ name: 'service', enum: SERVICES })
  @ApiOperation({ summary: 'Events a service could not handle after its retries (district admins)' })
  @ApiPageResponse(DeadLetterView)
  deadLetters(@Param('service') name: string, @Query() query: DeadLetterQuery, @CurrentActor() actor: Actor) {
    return this.bus.request(deadLetterRoutes(service(name)).deadLetterList, ALL_STREETS, query, { actor });
  }

  @Post(':service/dead-letters/:id/replay')
  @HttpCode(200)
  @ApiParam({ name: 'service', enum: SERVICES })
  @ApiOperation({ summary: 'Handle a dead-lettered event again, once its cause is fixed' })
  @ApiOkResponse({ type: DeadLetterReplayed })
  replay(@Param('service') name: string, @Param('id', new ParseUUIDPipe()) id: string, @CurrentActor() actor: Actor) {
    return this.bus.request(deadLetterRoutes(service(name)).deadLetterReplay, ALL_STREETS, { id }, { actor });
  }
}

@ApiTags('auth')
@Controller('.well-known')
export class WellKnownController {
  constructor(private readonly bus: BusClient) {}

  @Public()
  @Get('jwks.json')
  @ApiOperation({ summary: 'Public keys that verify access tokens' })
  jwks() {
    return this.bus.request(IdentityRoutes.jwks, ALL_STREETS, {});
  }
}
