import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { IdentityRoutes, UserView, type Actor } from '@gz/contracts';
import { BusClient } from '@gz/platform';
import { AllowDuringMfaEnrollment, CurrentActor } from '../../auth/auth';
import { DISTRICT } from './district';

@ApiTags('me')
@ApiBearerAuth()
@Controller('api/v1')
export class MeController {
  constructor(private readonly bus: BusClient) {}

  @AllowDuringMfaEnrollment()
  @Get('me')
  @ApiOperation({ summary: 'Who you are: profile, roles and scopes' })
  @ApiOkResponse({ type: UserView })
  me(@CurrentActor() actor: Actor) {
    return this.bus.request(IdentityRoutes.me, DISTRICT, {}, { actor });
  }
}
