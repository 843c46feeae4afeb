import { Injectable } from '@nestjs/common';
import type { ChangeRequestListQuery, ChangeRequestView, Page } from '@gz/contracts';
import { Params, withinScopes } from '@gz/platform';
import { DataSource, type EntityManager } from 'typeorm';
import type { FieldChange } from '../domain/changes';
import { readViews, type PageWanted } from './lists';
import { REQUEST_COLUMNS, REQUEST_FROM, requestView, type RequestRow } from './change-request.views';

/** The requested values, sealed (as the cipher seals them: key id and ciphertext). */
export interface SealedValues {
  cipher: string;
  keyId: string;
}

export interface NewChangeRequest {
  id: string;
  person: { id: string; path: string; street_code: string; version: number };
  sensitiveFields: string[];
  /** the masked preview of every change */
  changes: readonly FieldChange[];
  /** the requested values, sealed */
  values: SealedValues;
  requestedBy: { id: string; name: string | null };
}

/** Change requests: a change to sensitive fields kept (sealed) until it is approved or rejected. */
@Injectable()
export class ChangeRequestStore {
  constructor(private readonly dataSource: DataSource) {}

  async insert(m: EntityManager, r: NewChangeRequest): Promise<void> {
    await m.query(
      `INSERT INTO "registry".change_request (id, person_id, street_code, path, fields, preview, values_cipher, values_key_id, person_version,
         requested_by, requested_by_name)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9, $10, $11)`,
      [
        r.id,
        r.person.id,
        r.person.street_code,
        r.person.path,
        r.sensitiveFields,
        JSON.stringify(r.changes),
        r.values.cipher,
        r.values.keyId,
        r.person.version,
        r.requestedBy.id,
        r.requestedBy.name,
      ],
    );
  }

  async row(m: Pick<EntityManager, 'query'>, id: string): Promise<RequestRow | undefined> {
    const [row]: RequestRow[] = await m.query(`SELECT ${REQUEST_COLUMNS} FROM ${REQUEST_FROM} WHERE c.id = $1`, [id]);
    return row;
  }

  async view(id: string): Promise<ChangeRequestView | undefined> {
    const row = await this.row(this.dataSource, id);
    return row ? requestView(row) : undefined;
  }

  /** The request locked for a decision, as read after the lock; undefined when there is none. */
  async lock(m: EntityManager, id: string): Promise<RequestRow | undefined> {
    const [locked]: Array<{ id: string }> = await m.query(
      `SELECT id FROM "registry".change_request WHERE id = $1 FOR UPDATE`,
      [id],
    );
    return locked ? this.row(m, id) : undefined;
  }

  async sealedValues(m: EntityManager, id: string): Promise<SealedValues> {
    const [sealed]: Array<{ values_cipher: string; values_key_id: string }> = await m.query(
      `SELECT values_cipher, values_key_id FROM "registry".change_request WHERE id = $1`,
      [id],
    );
    return { cipher: sealed.values_cipher, keyId: sealed.values_key_id };
  }

  async decide(
    m: EntityManager,
    id: string,
    status: 'approved' | 'rejected',
    by: { id: string; name: string | null },
    reason: string | null,
  ): Promise<void> {
    await m.query(
      `UPDATE "registry".change_request SET status = $2, decided_by = $3, decided_by_name = $4, decided_at = now(), reason = $5 WHERE id = $1`,
      [id, status, by.id, by.name, reason],
    );
  }

  /** Requests within `scopes`, newest first, optionally of one status or person. */
  page(
    scopes: readonly string[],
    filter: Pick<ChangeRequestListQuery, 'status' | 'personId'>,
    want: PageWanted,
  ): Promise<Page<ChangeRequestView>> {
    const p = new Params();
    const where = [withinScopes('c.path', scopes, p)];
    if (filter.status) where.push(`c.status = ${p.add(filter.status)}`);
    if (filter.personId) where.push(`c.person_id = ${p.add(filter.personId)}`);
    return readViews(
      this.dataSource,
      {
        columns: REQUEST_COLUMNS,
        from: `FROM ${REQUEST_FROM} WHERE ${where.join(' AND ')}`,
        orderBy: 'c.requested_at DESC, c.id DESC',
        params: p.values,
      },
      want,
      requestView,
    );
  }
}
