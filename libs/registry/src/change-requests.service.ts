import { Inject, Injectable } from '@nestjs/common';
import {
  RegistryEvents,
  type Actor,
  type ChangeRequestListQuery,
  type ChangeRequestStatus,
  type ChangeRequestView,
  type Page,
  type RegistryIdRequest,
  type RejectChangeCommand,
  type SensitiveFieldsQuery,
  type SensitiveFieldsView,
  type SetSensitiveFieldsRequest,
  type UpdatePersonCommand,
} from '@gz/contracts';
import { conflict, forbidden, notFound, Outbox } from '@gz/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { checkRead, checkWrite, checkWritePath, requireReader, requireRoles, who } from './actors';
import { CHANGE_APPROVERS, CHANGE_REQUEST_FIELD, districtOf, sensitiveFieldsOf } from './change-requests';
import { effectiveScopes, scopeSql } from './domain/access';
import { PersonalData } from './personal-data';
import { PersonsService } from './persons.service';
import { Params } from './sql';

interface RequestRow {
  id: string;
  person_id: string;
  person_name: string;
  path: string;
  street_code: string;
  fields: string[];
  preview: ChangeRequestView['changes'];
  status: ChangeRequestStatus;
  requested_by: string;
  requested_by_name: string | null;
  requested_at: Date;
  decided_by: string | null;
  decided_by_name: string | null;
  decided_at: Date | null;
  reason: string | null;
}

const REQUEST_COLUMNS = `c.id, c.person_id, p.name AS person_name, c.path, c.street_code, c.fields, c.preview, c.status, c.requested_by,
  c.requested_by_name, c.requested_at, c.decided_by, c.decided_by_name, c.decided_at, c.reason`;
const REQUEST_FROM = `"registry".change_request c JOIN "registry".person p ON p.id = c.person_id`;

function requestView(r: RequestRow): ChangeRequestView {
  return {
    id: r.id,
    personId: r.person_id,
    personName: r.person_name,
    path: r.path,
    sensitiveFields: r.fields,
    changes: r.preview,
    status: r.status,
    requestedBy: r.requested_by,
    requestedByName: r.requested_by_name,
    requestedAt: r.requested_at.toISOString(),
    decidedBy: r.decided_by,
    decidedByName: r.decided_by_name,
    decidedAt: r.decided_at ? r.decided_at.toISOString() : null,
    reason: r.reason,
  };
}

/**
 * Sensitive fields per district and the change requests they produce: a community secretary (or
 * an admin) within scope approves one (the change is applied and enters the change history) or
 * rejects it with a reason.
 */
@Injectable()
export class ChangeRequestsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly persons: PersonsService,
    @Inject(PersonalData) private readonly pii: PersonalData,
  ) {}

  async sensitiveFields(query: SensitiveFieldsQuery, actor: Actor | undefined): Promise<SensitiveFieldsView> {
    const a = requireReader(actor);
    const district = query.district ?? districtOf(a.scopes[0] ?? '');
    if (!a.scopes.some((s) => districtOf(s) === district))
      throw forbidden(`Outside your scope: ${district}`, { path: district });
    return { district, fields: (await sensitiveFieldsOf(this.dataSource, district)) as SensitiveFieldsView['fields'] };
  }

  /** Replaces the district's list of sensitive fields (district admins). */
  async setSensitiveFields(req: SetSensitiveFieldsRequest, actor: Actor | undefined): Promise<SensitiveFieldsView> {
    const a = requireRoles(actor, ['district_admin']);
    const district = req.district ?? districtOf(a.scopes[0] ?? '');
    checkWritePath(a, district);
    await this.dataSource.transaction(async (m) => {
      await m.query(`DELETE FROM "registry".sensitive_field WHERE district = $1`, [district]);
      for (const field of req.fields) {
        await m.query(`INSERT INTO "registry".sensitive_field (district, field, updated_by) VALUES ($1, $2, $3)`, [
          district,
          field,
          a.id,
        ]);
      }
    });
    return { district, fields: (await sensitiveFieldsOf(this.dataSource, district)) as SensitiveFieldsView['fields'] };
  }

  async list(query: ChangeRequestListQuery, actor: Actor | undefined): Promise<Page<ChangeRequestView>> {
    const a = requireReader(actor);
    const p = new Params();
    const where = [scopeSql('c.path', effectiveScopes(a.scopes, query.within), p.add)];
    if (query.status) where.push(`c.status = ${p.add(query.status)}`);
    if (query.personId) where.push(`c.person_id = ${p.add(query.personId)}`);
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const rows: Array<RequestRow & { total: number }> = await this.dataSource.query(
      `SELECT ${REQUEST_COLUMNS}, count(*) OVER ()::int AS total FROM ${REQUEST_FROM}
        WHERE ${where.join(' AND ')} ORDER BY c.requested_at DESC, c.id DESC
        LIMIT ${p.add(pageSize)} OFFSET ${p.add((page - 1) * pageSize)}`,
      p.values,
    );
    return { items: rows.map(requestView), total: rows[0]?.total ?? 0, page, pageSize };
  }

  async get(req: RegistryIdRequest, actor: Actor | undefined): Promise<ChangeRequestView> {
    const a = requireReader(actor);
    return requestView(checkRead(a, await this.row(this.dataSource.manager, req.id), 'Change request', req.id));
  }

  /** Applies the requested change as the approver (it enters the person's change history) and closes the request. */
  async approve(req: RegistryIdRequest, actor: Actor | undefined): Promise<ChangeRequestView> {
    const a = requireRoles(actor, CHANGE_APPROVERS);
    await this.dataSource.transaction(async (m) => {
      const r = await this.lockPending(m, a, req.id);
      const [sealed]: Array<{ values_cipher: string; values_key_id: string }> = await m.query(
        `SELECT values_cipher, values_key_id FROM "registry".change_request WHERE id = $1`,
        [r.id],
      );
      const values = JSON.parse(
        this.pii.cipher.open({ cipher: sealed.values_cipher, keyId: sealed.values_key_id }, CHANGE_REQUEST_FIELD, r.id),
      );
      const cmd = { ...values, id: r.person_id } as UpdatePersonCommand;
      await this.persons.applyUpdate(m, cmd, a, false);
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
    const [locked]: Array<{ id: string }> = await m.query(
      `SELECT id FROM "registry".change_request WHERE id = $1 FOR UPDATE`,
      [id],
    );
    if (!locked) throw notFound('Change request', { id });
    const r = checkWrite(a, await this.row(m, id), 'Change request', id);
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
    const w = who(a);
    await m.query(
      `UPDATE "registry".change_request SET status = $2, decided_by = $3, decided_by_name = $4, decided_at = now(), reason = $5 WHERE id = $1`,
      [r.id, status, w.id, w.name, reason],
    );
    await this.outbox.add(m, {
      type: RegistryEvents.changeRequestDecided,
      street: r.street_code,
      actor: a,
      data: { requestId: r.id, personId: r.person_id, path: r.path, status, requestedBy: r.requested_by },
    });
  }

  private async row(m: Pick<EntityManager, 'query'>, id: string): Promise<RequestRow | undefined> {
    const [row]: RequestRow[] = await m.query(`SELECT ${REQUEST_COLUMNS} FROM ${REQUEST_FROM} WHERE c.id = $1`, [id]);
    return row;
  }
}
