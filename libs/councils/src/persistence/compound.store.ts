import { Injectable } from '@nestjs/common';
import { Params, prepared, readPage, withinPath, withinScopes } from '@gz/platform';
import { DataSource, type EntityManager } from 'typeorm';
import type { CompoundCountsRow, CompoundRow } from './views';

type Queryable = Pick<EntityManager, 'query'>;

/** A compound with its counts: buildings, units, owners and the exclusive area. */
const WITH_COUNTS = `c.*,
  (SELECT count(*)::int FROM "councils".building b WHERE b.compound_id = c.id) AS buildings,
  (SELECT count(*)::int FROM "councils".unit u WHERE u.compound_id = c.id) AS units,
  (SELECT count(*)::int FROM "councils".owner o WHERE o.compound_id = c.id) AS owners,
  (SELECT coalesce(sum(u.area), 0)::bigint FROM "councils".unit u WHERE u.compound_id = c.id) AS total_area`;

/** Residential compounds (小区). */
@Injectable()
export class CompoundStore {
  constructor(private readonly dataSource: DataSource) {}

  async insert(m: Queryable, c: CompoundRow): Promise<void> {
    await m.query(
      prepared(`INSERT INTO "councils".compound
        (id, street_code, community_path, name, address, property_company_path, property_company_name,
         owners_committee_path, owners_committee_name, version, created_by, created_at, updated_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`),
      [
        c.id,
        c.street_code,
        c.community_path,
        c.name,
        c.address,
        c.property_company_path,
        c.property_company_name,
        c.owners_committee_path,
        c.owners_committee_name,
        c.version,
        c.created_by,
        c.created_at,
        c.updated_at,
      ],
    );
  }

  async get(m: Queryable, id: string): Promise<CompoundRow | undefined> {
    const rows: CompoundRow[] = await m.query(prepared(`SELECT * FROM "councils".compound WHERE id = $1`), [id]);
    return rows[0];
  }

  async withCounts(m: Queryable, id: string): Promise<CompoundCountsRow | undefined> {
    const rows: CompoundCountsRow[] = await m.query(
      `SELECT ${WITH_COUNTS} FROM "councils".compound c WHERE c.id = $1`,
      [id],
    );
    return rows[0];
  }

  /** Compounds within the scopes (by community, property company or owners' committee), or among the ids (a resident's), one page. */
  async list(
    where: {
      scopes: readonly string[];
      companyScopes: readonly string[];
      committeeScopes: readonly string[];
      within?: string;
      ids: readonly string[];
    },
    page: number,
    pageSize: number,
  ): Promise<{ rows: CompoundCountsRow[]; total: number }> {
    const p = new Params();
    const byPlace = withinScopes('c.community_path', where.scopes, p);
    const byCompany = withinScopes('c.property_company_path', where.companyScopes, p);
    const byCommittee = withinScopes('c.owners_committee_path', where.committeeScopes, p);
    const byId = where.ids.length > 0 ? `c.id = ANY(${p.add(where.ids)}::uuid[])` : 'false';
    const within = where.within ? ` AND ${withinPath('c.community_path', where.within, p)}` : '';
    return readPage<CompoundCountsRow>(this.dataSource, {
      columns: WITH_COUNTS,
      from: `FROM "councils".compound c WHERE (${byPlace} OR ${byCompany} OR ${byCommittee} OR ${byId})${within}`,
      orderBy: 'c.community_path, c.name, c.id',
      params: p.values,
      page,
      pageSize,
    });
  }

  /** True when the demo seed has already made a compound in this community (serialised, so two seeds make one). */
  async anyIn(m: Queryable, communityPath: string): Promise<boolean> {
    await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['gz-councils-seed']);
    const [{ any }]: Array<{ any: boolean }> = await m.query(
      `SELECT EXISTS (SELECT 1 FROM "councils".compound WHERE community_path = $1) AS any`,
      [communityPath],
    );
    return any;
  }
}
