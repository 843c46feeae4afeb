import { Injectable } from '@nestjs/common';
import {
  IncubatorEvents,
  personOf,
  type Actor,
  type ChangeLegalStatusCommand,
  type OrganisationStatusChangeView,
  type OrganisationView,
  type UpdateOrganisationCommand,
} from '@gz/contracts';
import {
  Clock,
  conflict,
  isUniqueViolation,
  newId,
  notFound,
  OrgUnits,
  Outbox,
  requireActor,
  unprocessable,
} from '@gz/platform';
import { DataSource } from 'typeorm';
import { statusChangesFrom, statusDocumentKind } from '../domain/legal-status';
import { organisationProblems } from '../domain/organisation-rules';
import { OrganisationStore } from '../persistence/organisation.store';
import { OrganisationRecordStore, type OrganisationEdit } from '../persistence/organisation-record.store';
import { statusChangeView, type DocumentRow } from '../persistence/organisation-record-views';
import { OrganisationsService } from './organisations.service';

const STALE = (current: number) =>
  conflict('The organisation was changed since you read it', { currentVersion: current });

/** Edits of an organisation's record (with its version) and changes of its legal status with their history. */
@Injectable()
export class OrganisationEditsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly organisations: OrganisationsService,
    private readonly store: OrganisationStore,
    private readonly records: OrganisationRecordStore,
    private readonly orgs: OrgUnits,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  /** Name, fields, communities served, purpose, org unit: by its keepers, at the version they read. */
  async update(cmd: UpdateOrganisationCommand, actor: Actor | undefined): Promise<OrganisationView> {
    const a = requireActor(actor);
    const before = await this.organisations.kept(cmd.id, a);
    const communities = cmd.communitiesServed ? [...cmd.communitiesServed].sort() : undefined;
    if (communities) {
      const problems = organisationProblems({
        legalStatus: before.legal_status,
        creditCode: before.credit_code,
        communityPath: before.community_path,
        communitiesServed: communities,
      });
      if (problems.communitiesServed)
        throw unprocessable(`communitiesServed: ${problems.communitiesServed}`, { field: 'communitiesServed' });
      for (const path of communities) await this.orgs.require(path, 'community', 'communitiesServed');
    }
    if (cmd.orgPath) await this.orgs.require(cmd.orgPath, 'social_org', 'orgPath');
    const now = this.clock.now();
    try {
      await this.dataSource.transaction(async (m) => {
        const o = await this.store.lock(m, cmd.id);
        if (!o) throw notFound('organisation', { id: cmd.id });
        if (o.version !== cmd.version) throw STALE(o.version);
        const edit: OrganisationEdit = {};
        if (cmd.name !== undefined && cmd.name.trim() !== o.name) edit.name = cmd.name.trim();
        if (cmd.fields !== undefined && cmd.fields.join() !== o.fields.join()) edit.fields = cmd.fields;
        if (cmd.purpose !== undefined && (cmd.purpose?.trim() ?? null) !== o.purpose)
          edit.purpose = cmd.purpose?.trim() ?? null;
        if (cmd.orgPath !== undefined && cmd.orgPath !== o.org_path) edit.org_path = cmd.orgPath;
        const communitiesChanged = communities !== undefined && communities.join() !== o.communities_served.join();
        if (Object.keys(edit).length === 0 && !communitiesChanged) return;
        if (!(await this.records.update(m, o.id, o.version, edit, now))) throw STALE(o.version + 1);
        if (communitiesChanged) await this.store.setCommunities(m, o.id, communities);
      });
    } catch (error) {
      if (isUniqueViolation(error, 'organisation_name'))
        throw conflict(`The street already has an organisation named ${cmd.name?.trim()}`, { field: 'name' });
      throw error;
    }
    return this.organisations.get(cmd.id, a);
  }

  /**
   * Files (备案) or registers (登记) an organisation: only upwards, a credit code with a
   * registration, resting on a document kept with its documents; the change goes into its history.
   */
  async changeStatus(cmd: ChangeLegalStatusCommand, actor: Actor | undefined): Promise<OrganisationView> {
    const a = requireActor(actor);
    await this.organisations.kept(cmd.id, a);
    const now = this.clock.now();
    try {
      await this.dataSource.transaction(async (m) => {
        const o = await this.store.lock(m, cmd.id);
        if (!o) throw notFound('organisation', { id: cmd.id });
        if (o.version !== cmd.version) throw STALE(o.version);
        const allowed = statusChangesFrom(o.legal_status);
        if (!allowed.includes(cmd.status))
          throw conflict(
            allowed.length
              ? `The organisation is ${o.legal_status}; it may change to ${allowed.join(' or ')}`
              : `The organisation is ${o.legal_status}; its status goes no higher`,
            { status: o.legal_status, allowed },
          );
        const problems = organisationProblems({
          legalStatus: cmd.status,
          creditCode: cmd.creditCode,
          communityPath: o.community_path,
          communitiesServed: o.communities_served,
        });
        if (problems.creditCode) throw unprocessable(`creditCode: ${problems.creditCode}`, { field: 'creditCode' });
        const document: DocumentRow = {
          id: newId(),
          organisation_id: o.id,
          kind: cmd.document.kind ?? statusDocumentKind(cmd.status),
          title: cmd.document.title.trim(),
          reference: cmd.document.reference.trim(),
          issued_on: cmd.document.issuedOn,
          added_by_id: a.id,
          added_by_name: a.username ?? null,
          added_at: now,
        };
        await this.records.insertDocument(m, document);
        await this.records.insertStatusChange(m, {
          id: newId(),
          organisation_id: o.id,
          from_status: o.legal_status,
          to_status: cmd.status,
          credit_code: cmd.creditCode ?? null,
          document_id: document.id,
          note: cmd.note?.trim() ?? null,
          by_id: a.id,
          by_name: a.username ?? null,
          at: now,
        });
        if (!(await this.records.setStatus(m, o.id, o.version, cmd.status, cmd.creditCode ?? null, now)))
          throw STALE(o.version + 1);
        await this.outbox.add(m, {
          type: IncubatorEvents.organisationStatusChanged,
          street: o.street_code,
          actor: a,
          occurredAt: now,
          data: {
            organisationId: o.id,
            street: o.street_code,
            communityPath: o.community_path,
            communitiesServed: o.communities_served,
            from: o.legal_status,
            to: cmd.status,
            by: personOf(a),
            at: now.toISOString(),
          },
        });
      });
    } catch (error) {
      if (isUniqueViolation(error, 'organisation_credit_code'))
        throw conflict(`An organisation with credit code ${cmd.creditCode} is already on the roll`, {
          field: 'creditCode',
        });
      throw error;
    }
    return this.organisations.get(cmd.id, a);
  }

  /** Every change of legal status, in order: from, to, the document it rests on, who, when. */
  async statusHistory(id: string, actor: Actor | undefined): Promise<OrganisationStatusChangeView[]> {
    await this.organisations.visible(id, actor);
    return (await this.records.statusChanges(this.dataSource, id)).map(statusChangeView);
  }
}
