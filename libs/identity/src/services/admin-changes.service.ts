import { Injectable } from '@nestjs/common';
import type { Actor, AuditAction, EventMap, IdentityEventMap } from '@gz/contracts';
import { Outbox } from '@gz/platform';
import type { EntityManager } from 'typeorm';
import { streetOfScopes } from '../domain/org-tree';
import { AuditStore } from '../persistence/audit.store';

/** An admin's change as the audit trail and the outbox record it. */
export interface AdminChange<K extends keyof IdentityEventMap> {
  action: AuditAction;
  actor: Actor;
  /** what the audit trail names as changed (an id or a path) */
  target: string;
  details: Record<string, unknown>;
  event: K;
  /** the org paths the change is about: its event goes to their street (`all` when several) */
  scopes: readonly string[];
  data: EventMap[K];
}

/** Records an admin's change: its audit row and its event, in the caller's transaction. */
@Injectable()
export class AdminChanges {
  constructor(
    private readonly audit: AuditStore,
    private readonly outbox: Outbox,
  ) {}

  async record<K extends keyof IdentityEventMap>(m: EntityManager, change: AdminChange<K>): Promise<void> {
    await this.audit.write(m, {
      action: change.action,
      outcome: 'success',
      actor: change.actor,
      target: change.target,
      details: change.details,
    });
    await this.outbox.add(m, {
      type: change.event,
      street: streetOfScopes(change.scopes),
      actor: change.actor,
      data: change.data,
    });
  }
}
