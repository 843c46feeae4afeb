import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditEntry, AuditQuery, IdentityRoutes, type Actor } from '@gz/contracts';
import { BusClient } from '@gz/platform';
import { CurrentActor } from '../../auth/auth';
import { ApiPageResponse } from '../openapi';
import { DISTRICT } from './district';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/v1/audit')
export class AuditController {
  constructor(private readonly bus: BusClient) {}

  @Get()
  @ApiOperation({ summary: 'Sign-ins, failures and admin changes (district admins and auditors)' })
  @ApiPageResponse(AuditEntry)
  list(@Query() query: AuditQuery, @CurrentActor() actor: Actor) {
    return this.bus.request(IdentityRoutes.auditList, DISTRICT, query, { actor });
  }
}
