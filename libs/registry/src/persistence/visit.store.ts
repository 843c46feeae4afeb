import { Injectable } from '@nestjs/common';
import {
  MUST_VISIT_GROUPS,
  type CoverageRow,
  type MustVisitGroup,
  type MustVisitHousehold,
  type Page,
  type VisitListQuery,
  type VisitView,
} from '@gz/contracts';
import { Params, withinScopes } from '@gz/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { chinaDayStart, coverageRow, MUST_VISIT_TAGS, type Quarter } from '../domain/visits';
import { readViews, type PageWanted } from './lists';
import { mustVisitHousehold, VISIT_COLUMNS, VISIT_FROM, visitView, type VisitRow } from './visit.views';

export interface NewVisit {
  id: string;
  household: { id: string; path: string; street_code: string };
  visitorId: string;
  visitorName: string | null;
  visitedAt: Date;
  notes: string;
  photos: string[];
  groups: MustVisitGroup[];
}

/** The groups of a person: their tags, and `floating` from the residence type. */
const GROUPS_OF = (p: string) =>
  `unnest(${p}.tags || CASE WHEN ${p}.residence_type = 'floating' THEN ARRAY['floating']::text[] ELSE '{}'::text[] END)`;

/**
 * `mv`: households within `scopes` with present members in a must-visit group, and their groups
 * (the tags of five groups, `floating` from the residence type).
 */
function mustVisit(p: Params, scopes: readonly string[]): string {
  return `(
    SELECT pm.household_id, array_agg(DISTINCT g ORDER BY g) AS groups
      FROM "registry".person pm
      CROSS JOIN LATERAL ${GROUPS_OF('pm')} AS g
     WHERE pm.present AND pm.household_id IS NOT NULL AND ${withinScopes('pm.path', scopes, p)}
       AND (pm.tags && ${p.add(MUST_VISIT_TAGS)}::text[] OR pm.residence_type = 'floating')
       AND g = ANY(${p.add(MUST_VISIT_GROUPS)}::text[])
     GROUP BY pm.household_id) mv`;
}

/** A visit to the household within the quarter (China calendar days). */
function visitedIn(p: Params, quarter: Quarter): string {
  return `EXISTS (SELECT 1 FROM "registry".visit v WHERE v.household_id = h.id
            AND v.visited_at >= ${p.add(chinaDayStart(quarter.from))} AND v.visited_at < ${p.add(chinaDayStart(quarter.to))})`;
}

/** Visits to must-visit households, and the coverage figures read from them. */
@Injectable()
export class VisitStore {
  constructor(private readonly dataSource: DataSource) {}

  /** The must-visit groups of the household's present members now. */
  async groupsOf(m: EntityManager, householdId: string): Promise<MustVisitGroup[]> {
    const [row]: Array<{ groups: MustVisitGroup[] }> = await m.query(
      `SELECT COALESCE(array_agg(DISTINCT g ORDER BY g), '{}') AS groups
         FROM "registry".person p
         CROSS JOIN LATERAL ${GROUPS_OF('p')} AS g
        WHERE p.household_id = $1 AND p.present AND g = ANY($2::text[])`,
      [householdId, MUST_VISIT_GROUPS],
    );
    return row?.groups ?? [];
  }

  async insert(m: EntityManager, v: NewVisit): Promise<void> {
    await m.query(
      `INSERT INTO "registry".visit (id, household_id, street_code, path, visitor_id, visitor_name, visited_at, notes, photos, groups)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        v.id,
        v.household.id,
        v.household.street_code,
        v.household.path,
        v.visitorId,
        v.visitorName,
        v.visitedAt,
        v.notes,
        v.photos,
        v.groups,
      ],
    );
  }

  async view(id: string): Promise<VisitView> {
    const [row]: VisitRow[] = await this.dataSource.query(
      `SELECT ${VISIT_COLUMNS} FROM ${VISIT_FROM} WHERE v.id = $1`,
      [id],
    );
    return visitView(row);
  }

  /** Visits within `scopes`, newest first. */
  page(
    scopes: readonly string[],
    filter: Pick<VisitListQuery, 'householdId' | 'visitorId' | 'from' | 'to'>,
    want: PageWanted,
  ): Promise<Page<VisitView>> {
    const p = new Params();
    const where = [withinScopes('v.path', scopes, p)];
    if (filter.householdId) where.push(`v.household_id = ${p.add(filter.householdId)}`);
    if (filter.visitorId) where.push(`v.visitor_id = ${p.add(filter.visitorId)}`);
    if (filter.from) where.push(`v.visited_at >= ${p.add(new Date(filter.from))}`);
    if (filter.to) where.push(`v.visited_at < ${p.add(new Date(filter.to))}`);
    return readViews(
      this.dataSource,
      {
        columns: VISIT_COLUMNS,
        from: `FROM ${VISIT_FROM} WHERE ${where.join(' AND ')}`,
        orderBy: 'v.visited_at DESC, v.id DESC',
        params: p.values,
      },
      want,
      visitView,
    );
  }

  /** The must-visit households within `scopes` not visited in the quarter, with their groups and last visit. */
  unvisited(scopes: readonly string[], quarter: Quarter, want: PageWanted): Promise<Page<MustVisitHousehold>> {
    const p = new Params();
    const from = mustVisit(p, scopes);
    return readViews(
      this.dataSource,
      {
        columns: `h.id AS household_id, b.address, h.door_number, h.path, mv.groups,
              (SELECT max(v.visited_at) FROM "registry".visit v WHERE v.household_id = h.id) AS last_visited_at`,
        from: `FROM ${from} JOIN "registry".household h ON h.id = mv.household_id JOIN "registry".building b ON b.id = h.building_id
        WHERE NOT ${visitedIn(p, quarter)}`,
        orderBy: 'h.path, b.address, h.door_number, h.id',
        params: p.values,
      },
      want,
      mustVisitHousehold,
    );
  }

  /** Must-visit households and those visited in the quarter, per grid within `scopes`. */
  async coverageByGrid(scopes: readonly string[], quarter: Quarter): Promise<CoverageRow[]> {
    const p = new Params();
    const from = mustVisit(p, scopes);
    const rows: Array<{ path: string; must_visit: number; visited: number }> = await this.dataSource.query(
      `SELECT h.path, count(*)::int AS must_visit, count(*) FILTER (WHERE ${visitedIn(p, quarter)})::int AS visited
         FROM ${from} JOIN "registry".household h ON h.id = mv.household_id
        GROUP BY h.path ORDER BY h.path`,
      p.values,
    );
    return rows.map((r) => coverageRow(r.path, r.must_visit, r.visited));
  }
}
