import { Injectable } from '@nestjs/common';
import type { OrgDocumentKind, OrgLegalStatus, ServiceField } from '@gz/contracts';
import { execute, Params, prepared, readPage } from '@gz/platform';
import { DataSource, type EntityManager } from 'typeorm';
import type { DocumentRow, GradeRow, StatusChangeRow } from './organisation-record-views';

type Queryable = Pick<EntityManager, 'query'>;

const DOCUMENT_COLUMNS = `d.id, d.organisation_id, d.kind, d.title, d.reference, d.issued_on::text AS issued_on,
  d.added_by_id, d.added_by_name, d.added_at`;

/** What an edit of the record changes (absent: left as it is). */
export interface OrganisationEdit {
  name?: string;
  fields?: ServiceField[];
  purpose?: string | null;
  org_path?: string | null;
}

/** Counts of the organisations serving one community, by legal status. */
export interface CommunityCount {
  organisations: number;
  registered: number;
  filed: number;
  informal: number;
}

/** An organisation's record beyond the roll: edits, documents, changes of legal status, grades, coverage of communities. */
@Injectable()
export class OrganisationRecordStore {
  constructor(private readonly dataSource: DataSource) {}

  /** Applies an edit when the row is still at `version`; answers whether it was. */
  async update(m: Queryable, id: string, version: number, edit: OrganisationEdit, at: Date): Promise<boolean> {
    const p = new Params([id, version, at]);
    const set = ['version = version + 1', 'updated_at = $3'];
    if (edit.name !== undefined) set.push(`name = ${p.add(edit.name)}`);
    if (edit.fields !== undefined) set.push(`fields = ${p.add(edit.fields)}::text[]`);
    if (edit.purpose !== undefined) set.push(`purpose = ${p.add(edit.purpose)}`);
    if (edit.org_path !== undefined) set.push(`org_path = ${p.add(edit.org_path)}`);
    const n = await execute(
      m,
      `UPDATE "incubator".organisation SET ${set.join(', ')} WHERE id = $1 AND version = $2`,
      p.values,
    );
    return n === 1;
  }

  /** Sets the legal status (and credit code) when the row is still at `version`. */
  async setStatus(
    m: Queryable,
    id: string,
    version: number,
    status: OrgLegalStatus,
    creditCode: string | null,
    at: Date,
  ): Promise<boolean> {
    const n = await execute(
      m,
      `UPDATE "incubator".organisation SET legal_status = $3, credit_code = $4, version = version + 1, updated_at = $5
        WHERE id = $1 AND version = $2`,
      [id, version, status, creditCode, at],
    );
    return n === 1;
  }

  async insertDocument(m: Queryable, d: DocumentRow): Promise<void> {
    await m.query(
      prepared(`INSERT INTO "incubator".organisation_document
        (id, organisation_id, kind, title, reference, issued_on, added_by_id, added_by_name, added_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`),
      [d.id, d.organisation_id, d.kind, d.title, d.reference, d.issued_on, d.added_by_id, d.added_by_name, d.added_at],
    );
  }

  async getDocument(m: Queryable, id: string): Promise<DocumentRow | undefined> {
    const rows: DocumentRow[] = await m.query(
      prepared(`SELECT ${DOCUMENT_COLUMNS} FROM "incubator".organisation_document d WHERE d.id = $1`),
      [id],
    );
    return rows[0];
  }

  /** An organisation's documents, oldest first, one page. */
  async documents(
    where: { organisationId: string; kind?: OrgDocumentKind },
    page: number,
    pageSize: number,
  ): Promise<{ rows: DocumentRow[]; total: number }> {
    const p = new Params([where.organisationId]);
    let from = `FROM "incubator".organisation_document d WHERE d.organisation_id = $1`;
    if (where.kind) from += ` AND d.kind = ${p.add(where.kind)}`;
    return readPage<DocumentRow>(this.dataSource, {
      columns: DOCUMENT_COLUMNS,
      from,
      orderBy: 'd.issued_on, d.id',
      params: p.values,
      page,
      pageSize,
    });
  }

  async insertStatusChange(m: Queryable, c: Omit<StatusChangeRow, `doc_${string}`>): Promise<void> {
    await m.query(
      prepared(`INSERT INTO "incubator".organisation_status_change
        (id, organisation_id, from_status, to_status, credit_code, document_id, note, by_id, by_name, at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`),
      [
        c.id,
        c.organisation_id,
        c.from_status,
        c.to_status,
        c.credit_code,
        c.document_id,
        c.note,
        c.by_id,
        c.by_name,
        c.at,
      ],
    );
  }

  /** Every change of the organisation's legal status, in order, with the document each rests on. */
  async statusChanges(m: Queryable, organisationId: string): Promise<StatusChangeRow[]> {
    return m.query(
      prepared(`SELECT c.*, d.kind AS doc_kind, d.title AS doc_title, d.reference AS doc_reference,
          d.issued_on::text AS doc_issued_on, d.added_by_id AS doc_added_by_id, d.added_by_name AS doc_added_by_name,
          d.added_at AS doc_added_at
        FROM "incubator".organisation_status_change c
        JOIN "incubator".organisation_document d ON d.id = c.document_id
       WHERE c.organisation_id = $1 ORDER BY c.at, c.id`),
      [organisationId],
    );
  }

  async insertGrade(m: Queryable, g: GradeRow): Promise<void> {
    await m.query(
      prepared(`INSERT INTO "incubator".organisation_grade
        (id, organisation_id, grade, assessed_on, valid_until, reference, by_id, by_name, at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`),
      [g.id, g.organisation_id, g.grade, g.assessed_on, g.valid_until, g.reference, g.by_id, g.by_name, g.at],
    );
  }

  /** The organisation's grades, latest assessment first. */
  async grades(m: Queryable, organisationId: string): Promise<GradeRow[]> {
    return m.query(
      prepared(`SELECT id, organisation_id, grade, assessed_on::text AS assessed_on, valid_until::text AS valid_until,
          reference, by_id, by_name, at
        FROM "incubator".organisation_grade WHERE organisation_id = $1 ORDER BY assessed_on DESC, id DESC`),
      [organisationId],
    );
  }

  /** How many organisations on the roll serve each of these communities, by legal status (communities with none are absent). */
  async coverage(communityPaths: readonly string[]): Promise<Map<string, CommunityCount>> {
    const rows: Array<{ community_path: string } & CommunityCount> = await this.dataSource.query(
      `SELECT oc.community_path,
              count(*)::int AS organisations,
              count(*) FILTER (WHERE o.legal_status = 'registered')::int AS registered,
              count(*) FILTER (WHERE o.legal_status = 'filed')::int AS filed,
              count(*) FILTER (WHERE o.legal_status = 'informal')::int AS informal
         FROM "incubator".organisation_community oc
         JOIN "incubator".organisation o ON o.id = oc.organisation_id
        WHERE oc.community_path = ANY($1::text[])
        GROUP BY oc.community_path`,
      [communityPaths],
    );
    return new Map(rows.map(({ community_path, ...count }) => [community_path, count]));
  }
}
