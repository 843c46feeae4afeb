import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { AuditQuery, IdentityRoutes, type Actor } from '@gz/contracts';
import { BusHandler, CallerActor } from '@gz/platform';
import { AuditService } from '../services/audit.service';

/** The audit trail, for district admins and auditors. */
@Controller()
export class AuditHandlers {
  constructor(private readonly audit: AuditService) {}

  @BusHandler(IdentityRoutes.auditList)
  auditList(@Payload() query: AuditQuery, @CallerActor() actor?: Actor) {
    return this.audit.list(query, actor);
  }
}
