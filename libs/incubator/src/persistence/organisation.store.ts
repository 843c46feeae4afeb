import { Injectable } from '@nestjs/common';
import { likeContaining, Params, prepared, readPage, withinPath, withinScopes } from '@gz/platform';
import type { OrgLegalStatus, ServiceField } from '@gz/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import type { OrganisationRow } from './views';

type Queryable = Pick<EntityManager, 'query'>;

const WITH_COMMUNITIES = `o.*, ARRAY(SELECT oc.community_path FROM "incubator".organisation_community oc
  WHERE oc.organisation_id = o.id ORDER BY oc.community_path) AS communities_served,
  (SELECT json_build_object('grade', g.grade, 'assessedOn', g.assessed_on, 'validUntil', g.valid_until)
     FROM "incubator".organisation_grade g WHERE g.organisation_id = o.id
    ORDER BY g.assessed_on DESC LIMIT 1) AS current_grade`;

/** Community social organisations and the communities they serve. */
@Injectable()
export class OrganisationStore {
  constructor(private readonly dataSource: DataSource) {}

  async insert(m: Queryable, o: Omit<OrganisationRow, 'communities_served'>, communities: string[]): Promise<void> {
    await m.query(
      prepared(`INSERT INTO "incubator".organisation
        (id, name, legal_status, credit_code, street_code, community_path, fields, org_path, purpose,
         version, created_by, created_at, updated_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`),
      [
        o.id,
        o.name,
        o.legal_status,
        o.credit_code,
        o.street_code,
        o.community_path,
        o.fields,
        o.org_path,
        o.purpose,
        o.version,
        o.created_by,
        o.created_at,
        o.updated_at,
      ],
    );
    await this.setCommunities(m, o.id, communities);
  }

  /** Replaces the communities the organisation serves. */
  async setCommunities(m: Queryable, id: string, communities: string[]): Promise<void> {
    await m.query(`DELETE FROM "incubator".organisation_community WHERE organisation_id = $1`, [id]);
    await m.query(
      `INSERT INTO "incubator".organisation_community (organisation_id, community_path)
       SELECT $1, unnest($2::text[])`,
      [id, communities],
    );
  }

  async get(m: Queryable, id: string): Promise<OrganisationRow | undefined> {
    const rows: OrganisationRow[] = await m.query(
      prepared(`SELECT ${WITH_COMMUNITIES} FROM "incubator".organisation o WHERE o.id = $1`),
      [id],
    );
    return rows[0];
  }

  /** Locks the organisation's row for a change of its state (status, stage, grade). */
  async lock(m: Queryable, id: string): Promise<OrganisationRow | undefined> {
    const rows: OrganisationRow[] = await m.query(
      `SELECT ${WITH_COMMUNITIES} FROM "incubator".organisation o WHERE o.id = $1 FOR UPDATE`,
      [id],
    );
    return rows[0];
  }

  /** Organisations based within the scopes, or acting under one of the org paths (their own staff), one page. */
  async list(
    where: {
      scopes: readonly string[];
      orgScopes: readonly string[];
      within?: string;
      legalStatus?: OrgLegalStatus;
      field?: ServiceField;
      q?: string;
    },
    page: number,
    pageSize: number,
  ): Promise<{ rows: OrganisationRow[]; total: number }> {
    const p = new Params();
    const byPlace = withinScopes('o.community_path', where.scopes, p);
    const byOrg = withinScopes('o.org_path', where.orgScopes, p);
    const filters = [`(${byPlace} OR ${byOrg})`];
    if (where.within) filters.push(withinPath('o.community_path', where.within, p));
    if (where.legalStatus) filters.push(`o.legal_status = ${p.add(where.legalStatus)}`);
    if (where.field) filters.push(`${p.add(where.field)} = ANY(o.fields)`);
    if (where.q) filters.push(`o.name LIKE ${p.add(likeContaining(where.q))}`);
    return readPage<OrganisationRow>(this.dataSource, {
      columns: WITH_COMMUNITIES,
      from: `FROM "incubator".organisation o WHERE ${filters.join(' AND ')}`,
      orderBy: 'o.community_path, o.name, o.id',
      params: p.values,
      page,
      pageSize,
    });
  }
}
