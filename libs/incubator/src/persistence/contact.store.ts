import { Injectable } from '@nestjs/common';
import { execute, Params, prepared, readPage } from '@gz/platform';
import { DataSource, type EntityManager } from 'typeorm';
import type { ContactRow, PiiAccessRow } from './organisation-record-views';

type Queryable = Pick<EntityManager, 'query'>;

/** A full read of personal data, as the audit keeps it. */
export type PiiRead = Omit<PiiAccessRow, 'id'>;

/** Organisations' contacts (phones sealed) and the audit of every full read of personal data. */
@Injectable()
export class ContactStore {
  constructor(private readonly dataSource: DataSource) {}

  async insert(m: Queryable, c: ContactRow): Promise<void> {
    await m.query(
      prepared(`INSERT INTO "incubator".organisation_contact
        (id, organisation_id, name, role, phone_sealed, phone_masked, phone_index, added_by_id, added_by_name, added_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`),
      [
        c.id,
        c.organisation_id,
        c.name,
        c.role,
        c.phone_sealed,
        c.phone_masked,
        c.phone_index,
        c.added_by_id,
        c.added_by_name,
        c.added_at,
      ],
    );
  }

  async get(m: Queryable, id: string): Promise<ContactRow | undefined> {
    const rows: ContactRow[] = await m.query(prepared(`SELECT * FROM "incubator".organisation_contact WHERE id = $1`), [
      id,
    ]);
    return rows[0];
  }

  async remove(m: Queryable, id: string): Promise<boolean> {
    return (await execute(m, `DELETE FROM "incubator".organisation_contact WHERE id = $1`, [id])) === 1;
  }

  /** An organisation's contacts in the order they were added, one page. */
  async list(organisationId: string, page: number, pageSize: number): Promise<{ rows: ContactRow[]; total: number }> {
    return readPage<ContactRow>(this.dataSource, {
      columns: 'c.*',
      from: `FROM "incubator".organisation_contact c WHERE c.organisation_id = $1`,
      orderBy: 'c.added_at, c.id',
      params: [organisationId],
      page,
      pageSize,
    });
  }

  async auditRead(m: Queryable, read: PiiRead): Promise<void> {
    await m.query(
      prepared(`INSERT INTO "incubator".pii_access
        (subject_kind, subject_id, field, reason, actor_id, actor_name, street_code, at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`),
      [
        read.subject_kind,
        read.subject_id,
        read.field,
        read.reason,
        read.actor_id,
        read.actor_name,
        read.street_code,
        read.at,
      ],
    );
  }

  /**
   * Full reads of personal data, newest first, one page: in the given streets (undefined: every
   * street, for district-wide callers), optionally of one kind or one record.
   */
  async reads(
    where: { streets?: readonly string[]; subjectKind?: string; subjectId?: string },
    page: number,
    pageSize: number,
  ): Promise<{ rows: PiiAccessRow[]; total: number }> {
    const p = new Params();
    const filters: string[] = [];
    if (where.streets) filters.push(`a.street_code = ANY(${p.add(where.streets)}::text[])`);
    if (where.subjectKind) filters.push(`a.subject_kind = ${p.add(where.subjectKind)}`);
    if (where.subjectId) filters.push(`a.subject_id = ${p.add(where.subjectId)}`);
    return readPage<PiiAccessRow>(this.dataSource, {
      columns: 'a.*',
      from: `FROM "incubator".pii_access a${filters.length ? ` WHERE ${filters.join(' AND ')}` : ''}`,
      orderBy: 'a.at DESC, a.id DESC',
      params: p.values,
      page,
      pageSize,
    });
  }
}
