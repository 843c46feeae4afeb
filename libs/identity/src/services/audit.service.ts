import { Injectable } from '@nestjs/common';
import type { Actor, AuditEntry, AuditQuery, Page } from '@gz/contracts';
import { requireRole } from '@gz/platform';
import { AuditStore } from '../persistence/audit.store';

/** The audit trail, for district admins and auditors. */
@Injectable()
export class AuditService {
  constructor(private readonly audit: AuditStore) {}

  async list(query: AuditQuery, actor: Actor | undefined): Promise<Page<AuditEntry>> {
    requireRole(actor, 'district_admin', 'auditor');
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    return { ...(await this.audit.page(query, page, pageSize)), page, pageSize };
  }
}
