import { Inject, Injectable } from '@nestjs/common';
import {
  RegistryEvents,
  type Actor,
  type ChangeRequestListQuery,
  type ChangeRequestView,
  type Page,
  type RegistryIdRequest,
  type RejectChangeCommand,
  type UpdatePersonCommand,
} from '@gz/contracts';
import { conflict, Outbox } from '@gz/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { effectiveScopes } from '../domain/access';
import { checkRead, checkWrite, requireReader, requireRoles, who } from '../domain/actors';
import { CHANGE_APPROVERS, CHANGE_REQUEST_FIELD } from '../domain/change-requests';
import { ChangeRequestStore } from '../persistence/change-request.store';
import type { RequestRow } from '../persistence/change-request.views';
import { pageWanted } from '../persistence/lists';
import { PersonChangesService } from './person-changes.service';
import { PersonalData } from '../crypto/personal-data';

/**
 * The change requests sensitive fields produce: a community secretary (or an admin) within scope
 * approves one (the change is applied and enters the change history) or rejects it with a reason.
 */
@Injectable()
export class ChangeRequestsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    @Inject(PersonalData) private readonly pii: PersonalData,
    private readonly requests: ChangeRequestStore,
    private readonly changes: PersonChangesService,
  ) {}

  list(query: ChangeRequestListQuery, actor: Actor | undefined): Promise<Page<ChangeRequestView>> {
    const a = requireReader(actor);
    return this.requests.page(effectiveScopes(a.scopes, query.within), query, pageWanted(query));
  }

  async get(req: RegistryIdRequest, actor: Actor | undefined): Promise<ChangeRequestView> {
    const a = requireReader(actor);
    return checkRead(a, await this.requests.view(req.id), 'Change request', req.id);
  }

  /** Applies the requested change as the approver (it enters the person's change history) and closes the request. */
  async approve(req: RegistryIdRequest, actor: Actor | undefined): Promise<ChangeRequestView> {
    const a = requireRoles(actor, CHANGE_APPROVERS);
    await this.dataSource.transaction(async (m) => {
      const r = await this.lockPending(m, a, req.id);
      const sealed = await this.requests.sealedValues(m, r.id);
      const values: Omit<UpdatePersonCommand, 'id'> = JSON.parse(
        this.pii.cipher.open(sealed, CHANGE_REQUEST_FIELD, r.id),
      );
      await this.changes.apply(m, { ...values, id: r.person_id }, a, false);
      await this.decide(m, a, r, 'approved', null);
    });
    return this.get(req, actor);
  }

  async reject(cmd: RejectChangeCommand, actor: Actor | undefined): Promise<ChangeRequestView> {
    const a = requireRoles(actor, CHANGE_APPROVERS);
    await this.dataSource.transaction(async (m) => {
      const r = await this.lockPending(m, a, cmd.id);
      await this.decide(m, a, r, 'rejected', cmd.reason.trim());
    });
    return this.get(cmd, actor);
  }

  private async lockPending(m: EntityManager, a: Actor, id: string): Promise<RequestRow> {
    const r = checkWrite(a, await this.requests.lock(m, id), 'Change request', id);
    if (r.status !== 'pending') throw conflict(`The change request was already ${r.status}`, { status: r.status });
    return r;
  }

  private async decide(
    m: EntityManager,
    a: Actor,
    r: RequestRow,
    status: 'approved' | 'rejected',
    reason: string | null,
  ): Promise<void> {
    await this.requests.decide(m, r.id, status, who(a), reason);
    await this.outbox.add(m, {
      type: RegistryEvents.changeRequestDecided,
      street: r.street_code,
      actor: a,
      data: { requestId: r.id, personId: r.person_id, path: r.path, status, requestedBy: r.requested_by },
    });
  }
}
