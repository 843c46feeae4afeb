import { Body, Controller, Delete, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ClientView, CreateClientRequest, CreatedClient, IdentityRoutes, type Actor } from '@gz/contracts';
import { BusClient } from '@gz/platform';
import { CurrentActor } from '../../auth/auth';
import { DISTRICT } from './district';

@ApiTags('partners')
@ApiBearerAuth()
@Controller('api/v1/clients')
export class ClientsController {
  constructor(private readonly bus: BusClient) {}

  @Get()
  @ApiOkResponse({ type: [ClientView] })
  list(@CurrentActor() actor: Actor) {
    return this.bus.request(IdentityRoutes.clientList, DISTRICT, {}, { actor });
  }

  @Post()
  @ApiOperation({ summary: 'Register a partner system; the secret is shown once' })
  @ApiCreatedResponse({ type: CreatedClient })
  create(@Body() body: CreateClientRequest, @CurrentActor() actor: Actor) {
    return this.bus.request(IdentityRoutes.clientCreate, DISTRICT, body, { actor });
  }

  @Delete(':clientId')
  @ApiOperation({ summary: 'Revoke a partner system: it gets no more tokens' })
  @ApiOkResponse({ type: ClientView })
  revoke(@Param('clientId') clientId: string, @CurrentActor() actor: Actor) {
    return this.bus.request(IdentityRoutes.clientRevoke, DISTRICT, { clientId }, { actor });
  }
}
