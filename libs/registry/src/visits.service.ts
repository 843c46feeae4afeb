import { Injectable } from '@nestjs/common';
import {
  DEFAULT_VISIT_TARGET,
  MUST_VISIT_GROUPS,
  RegistryEvents,
  streetOfPath,
  type Actor,
  type CoverageQuery,
  type CoverageRow,
  type CoverageView,
  type MustVisitGroup,
  type Page,
  type RecordVisitRequest,
  type UnvisitedPage,
  type UnvisitedQuery,
  type VisitCompletedEvent,
  type VisitListQuery,
  type VisitPlanListQuery,
  type VisitPlanRequest,
  type VisitPlanView,
  type VisitView,
} from '@gz/contracts';
import { forbidden, invalid, newId, Outbox, unprocessable } from '@gz/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { checkWrite, checkWritePath, requireReader, requireWriter, who } from './actors';
import { effectiveScopes, hasAnyRole, scopeSql } from './domain/access';
import {
  chinaDayStart,
  coverageRatio,
  LEVEL_DEPTH,
  MUST_VISIT_TAGS,
  quarterOrCurrent,
  type Quarter,
} from './domain/visits';
import { Params } from './sql';

/** Roles that set visit plans for other staff members (anyone may set their own). */
const PLANNERS = ['district_admin', 'street_admin', 'community_secretary'] as const;

/** How far in the future a visit time may lie (clock skew of phones). */
const VISIT_CLOCK_SKEW_MS = 5 * 60_000;

/**
 * `mv`: households within `scopes` with present members in a must-visit group, and their groups
 * (the tags of five groups, `floating` from the residence type).
 */
export function mustVisitCte(p: Params, scopes: readonly string[]): string {
  return `mv AS (
    SELECT pm.household_id, array_agg(DISTINCT g ORDER BY g) AS groups
      FROM "registry".person pm
      CROSS JOIN LATERAL unnest(pm.tags || CASE WHEN pm.residence_type = 'floating' THEN ARRAY['floating']::text[] ELSE '{}'::text[] END) AS g
     WHERE pm.present AND pm.household_id IS NOT NULL AND ${scopeSql('pm.path', scopes, p.add)}
       AND (pm.tags && ${p.add(MUST_VISIT_TAGS)}::text[] OR pm.residence_type = 'floating')
       AND g = ANY(${p.add(MUST_VISIT_GROUPS)}::text[])
     GROUP BY pm.household_id)`;
}

interface PlanRow {
  id: string;
  staff_id: string;
  staff_name: string | null;
  year: number;
  target: number;
  path: string;
  visited_households: number;
  visits: number;
  created_at: Date;
  updated_at: Date;
}

const PLAN_COLUMNS = `vp.id, vp.staff_id, vp.staff_name, vp.year, vp.target, vp.path, vp.created_at, vp.updated_at,
  COALESCE(st.visited_households, 0)::int AS visited_households, COALESCE(st.visits, 0)::int AS visits`;
const PLAN_FROM = `"registry".visit_plan vp
  LEFT JOIN LATERAL (
    SELECT count(DISTINCT v.household_id) AS visited_households, count(*) AS visits FROM "registry".visit v
     WHERE v.visitor_id = vp.staff_id
       AND v.visited_at >= make_timestamptz(vp.year, 1, 1, 0, 0, 0, 'Asia/Shanghai')
       AND v.visited_at < make_timestamptz(vp.year + 1, 1, 1, 0, 0, 0, 'Asia/Shanghai')) st ON true`;

function planView(r: PlanRow): VisitPlanView {
  return {
    id: r.id,
    staffId: r.staff_id,
    staffName: r.staff_name,
    year: r.year,
    target: r.target,
    path: r.path,
    visitedHouseholds: r.visited_households,
    visits: r.visits,
    progress: Math.min(1, Math.round((r.visited_households / r.target) * 10000) / 10000),
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

interface VisitRow {
  id: string;
  household_id: string;
  address: string;
  door_number: string;
  path: string;
  visitor_id: string;
  visitor_name: string | null;
  visited_at: Date;
  notes: string;
  photos: string[];
  groups: MustVisitGroup[];
  recorded_at: Date;
}

const VISIT_COLUMNS = `v.id, v.household_id, b.address, h.door_number, v.path, v.visitor_id, v.visitor_name, v.visited_at, v.notes, v.photos,
  v.groups, v.recorded_at`;
const VISIT_FROM = `"registry".visit v JOIN "registry".household h ON h.id = v.household_id JOIN "registry".building b ON b.id = h.building_id`;

function visitView(r: VisitRow): VisitView {
  return {
    id: r.id,
    householdId: r.household_id,
    address: r.address,
    doorNumber: r.door_number,
    path: r.path,
    visitorId: r.visitor_id,
    visitorName: r.visitor_name,
    visitedAt: r.visited_at.toISOString(),
    notes: r.notes,
    photos: r.photos,
    groups: r.groups,
    recordedAt: r.recorded_at.toISOString(),
  };
}

/** Visits to the six must-visit groups (六必访): yearly plans, visit records, quarterly coverage. */
@Injectable()
export class VisitsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
  ) {}

  /** Sets the yearly plan of a staff member (yourself by default); the target defaults to 100 households. */
  async upsertPlan(req: VisitPlanRequest, actor: Actor | undefined): Promise<VisitPlanView> {
    const a = requireWriter(actor);
    const staffId = req.staffId ?? a.id;
    const self = staffId === a.id;
    if (!self && !hasAnyRole(a, PLANNERS))
      throw forbidden('Only community secretaries and admins set the plans of other staff members', {
        field: 'staffId',
      });
    const path = req.path ?? (self && a.scopes.length === 1 ? a.scopes[0] : undefined);
    if (!path)
      throw invalid('The request is not valid', {
        fields: { path: ['path is required for a plan of someone else, or with several scopes'] },
      });
    checkWritePath(a, path);
    const id = await this.dataSource.transaction(async (m) => {
      await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`gz-visit-plan:${staffId}:${req.year}`]);
      const [existing]: Array<{ id: string; path: string; target: number; staff_name: string | null }> = await m.query(
        `SELECT id, path, target, staff_name FROM "registry".visit_plan WHERE staff_id = $1 AND year = $2 FOR UPDATE`,
        [staffId, req.year],
      );
      const staffName = req.staffName ?? existing?.staff_name ?? (self ? (a.username ?? null) : null);
      if (existing) {
        checkWrite(a, existing, 'Visit plan', existing.id);
        await m.query(
          `UPDATE "registry".visit_plan SET target = $2, path = $3, street_code = $5, staff_name = $4, updated_at = now() WHERE id = $1`,
          [existing.id, req.target ?? existing.target, path, staffName, streetOfPath(path)],
        );
        return existing.id;
      }
      const planId = newId();
      await m.query(
        `INSERT INTO "registry".visit_plan (id, staff_id, staff_name, year, target, street_code, path, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [planId, staffId, staffName, req.year, req.target ?? DEFAULT_VISIT_TARGET, streetOfPath(path), path, a.id],
      );
      return planId;
    });
    const [row]: PlanRow[] = await this.dataSource.query(`SELECT ${PLAN_COLUMNS} FROM ${PLAN_FROM} WHERE vp.id = $1`, [
      id,
    ]);
    return planView(row);
  }

  async listPlans(query: VisitPlanListQuery, actor: Actor | undefined): Promise<Page<VisitPlanView>> {
    const a = requireReader(actor);
    const p = new Params();
    const where = [scopeSql('vp.path', effectiveScopes(a.scopes, query.within), p.add)];
    if (query.year) where.push(`vp.year = ${p.add(query.year)}`);
    if (query.staffId) where.push(`vp.staff_id = ${p.add(query.staffId)}`);
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const rows: Array<PlanRow & { total: number }> = await this.dataSource.query(
      `SELECT ${PLAN_COLUMNS}, count(*) OVER ()::int AS total FROM ${PLAN_FROM}
        WHERE ${where.join(' AND ')} ORDER BY vp.year DESC, vp.path, vp.staff_name, vp.id
        LIMIT ${p.add(pageSize)} OFFSET ${p.add((page - 1) * pageSize)}`,
      p.values,
    );
    return { items: rows.map(planView), total: rows[0]?.total ?? 0, page, pageSize };
  }

  /** Records a visit by the caller to a household of their scope; publishes `visit.completed`. */
  async record(req: RecordVisitRequest, actor: Actor | undefined): Promise<VisitView> {
    const a = requireWriter(actor);
    const visitedAt = req.visitedAt ? new Date(req.visitedAt) : new Date();
    if (visitedAt.getTime() > Date.now() + VISIT_CLOCK_SKEW_MS)
      throw unprocessable(`visitedAt ${req.visitedAt} is in the future`, { field: 'visitedAt' });
    if (visitedAt.getTime() < Date.UTC(2000, 0, 1))
      throw unprocessable(`visitedAt ${req.visitedAt} is too long ago`, { field: 'visitedAt' });
    const id = newId();
    const w = who(a);
    await this.dataSource.transaction(async (m) => {
      const [row]: Array<{ id: string; path: string; street_code: string }> = await m.query(
        `SELECT id, path, street_code FROM "registry".household WHERE id = $1 FOR SHARE`,
        [req.householdId],
      );
      const h = checkWrite(a, row, 'Household', req.householdId);
      const groups = await this.groupsOf(m, h.id);
      await m.query(
        `INSERT INTO "registry".visit (id, household_id, street_code, path, visitor_id, visitor_name, visited_at, notes, photos, groups)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [id, h.id, h.street_code, h.path, w.id, w.name, visitedAt, req.notes.trim(), req.photos ?? [], groups],
      );
      await this.outbox.add(m, {
        type: RegistryEvents.visitCompleted,
        street: h.street_code,
        actor: a,
        data: {
          visitId: id,
          householdId: h.id,
          path: h.path,
          visitorId: w.id,
          visitedAt: visitedAt.toISOString(),
          groups,
        },
      });
    });
    const [row]: VisitRow[] = await this.dataSource.query(
      `SELECT ${VISIT_COLUMNS} FROM ${VISIT_FROM} WHERE v.id = $1`,
      [id],
    );
    return visitView(row);
  }

  async list(query: VisitListQuery, actor: Actor | undefined): Promise<Page<VisitView>> {
    const a = requireReader(actor);
    const p = new Params();
    const where = [scopeSql('v.path', effectiveScopes(a.scopes, query.within), p.add)];
    if (query.householdId) where.push(`v.household_id = ${p.add(query.householdId)}`);
    if (query.visitorId) where.push(`v.visitor_id = ${p.add(query.visitorId)}`);
    if (query.from) where.push(`v.visited_at >= ${p.add(new Date(query.from))}`);
    if (query.to) where.push(`v.visited_at < ${p.add(new Date(query.to))}`);
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const rows: Array<VisitRow & { total: number }> = await this.dataSource.query(
      `SELECT ${VISIT_COLUMNS}, count(*) OVER ()::int AS total FROM ${VISIT_FROM}
        WHERE ${where.join(' AND ')} ORDER BY v.visited_at DESC, v.id DESC
        LIMIT ${p.add(pageSize)} OFFSET ${p.add((page - 1) * pageSize)}`,
      p.values,
    );
    return { items: rows.map(visitView), total: rows[0]?.total ?? 0, page, pageSize };
  }

  /** How many must-visit households were (not) visited in the quarter, per grid and community. */
  async coverage(query: CoverageQuery, actor: Actor | undefined): Promise<CoverageView> {
    const a = requireReader(actor);
    const quarter = quarterOrCurrent(query.quarter);
    const grids = await this.coverageByGrid(effectiveScopes(a.scopes, query.within), quarter);
    const communities = rollUp(grids, LEVEL_DEPTH.community);
    const total = coverageRow('total', sum(grids, 'mustVisit'), sum(grids, 'visited'));
    total.path = query.within ?? (a.scopes.length === 1 ? a.scopes[0] : '*');
    return { quarter: quarter.quarter, from: quarter.from, to: quarter.to, total, grids, communities };
  }

  /** The must-visit households not visited in the quarter, with their groups and last visit. */
  async unvisited(query: UnvisitedQuery, actor: Actor | undefined): Promise<UnvisitedPage> {
    const a = requireReader(actor);
    const quarter = quarterOrCurrent(query.quarter);
    const p = new Params();
    const cte = mustVisitCte(p, effectiveScopes(a.scopes, query.within));
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const rows: Array<{
      household_id: string;
      address: string;
      door_number: string;
      path: string;
      groups: MustVisitGroup[];
      last_visited_at: Date | null;
      total: number;
    }> = await this.dataSource.query(
      `WITH ${cte}
       SELECT h.id AS household_id, b.address, h.door_number, h.path, mv.groups,
              (SELECT max(v.visited_at) FROM "registry".visit v WHERE v.household_id = h.id) AS last_visited_at,
              count(*) OVER ()::int AS total
         FROM mv JOIN "registry".household h ON h.id = mv.household_id JOIN "registry".building b ON b.id = h.building_id
        WHERE NOT EXISTS (SELECT 1 FROM "registry".visit v WHERE v.household_id = h.id
                            AND v.visited_at >= ${p.add(chinaDayStart(quarter.from))} AND v.visited_at < ${p.add(chinaDayStart(quarter.to))})
        ORDER BY h.path, b.address, h.door_number, h.id
        LIMIT ${p.add(pageSize)} OFFSET ${p.add((page - 1) * pageSize)}`,
      p.values,
    );
    return {
      quarter: quarter.quarter,
      items: rows.map((r) => ({
        householdId: r.household_id,
        address: r.address,
        doorNumber: r.door_number,
        path: r.path,
        groups: r.groups,
        lastVisitedAt: r.last_visited_at ? r.last_visited_at.toISOString() : null,
      })),
      total: rows[0]?.total ?? 0,
      page,
      pageSize,
    };
  }

  /** Must-visit households and those visited in the quarter, per grid within `scopes`. */
  async coverageByGrid(scopes: readonly string[], quarter: Quarter): Promise<CoverageRow[]> {
    const p = new Params();
    const cte = mustVisitCte(p, scopes);
    const rows: Array<{ path: string; must_visit: number; visited: number }> = await this.dataSource.query(
      `WITH ${cte}
       SELECT h.path, count(*)::int AS must_visit,
              count(*) FILTER (WHERE EXISTS (SELECT 1 FROM "registry".visit v WHERE v.household_id = h.id
                AND v.visited_at >= ${p.add(chinaDayStart(quarter.from))} AND v.visited_at < ${p.add(chinaDayStart(quarter.to))}))::int AS visited
         FROM mv JOIN "registry".household h ON h.id = mv.household_id
        GROUP BY h.path ORDER BY h.path`,
      p.values,
    );
    return rows.map((r) => coverageRow(r.path, r.must_visit, r.visited));
  }

  private async groupsOf(m: EntityManager, householdId: string): Promise<MustVisitGroup[]> {
    const [row]: Array<{ groups: MustVisitGroup[] }> = await m.query(
      `SELECT COALESCE(array_agg(DISTINCT g ORDER BY g), '{}') AS groups
         FROM "registry".person p
         CROSS JOIN LATERAL unnest(p.tags || CASE WHEN p.residence_type = 'floating' THEN ARRAY['floating']::text[] ELSE '{}'::text[] END) AS g
        WHERE p.household_id = $1 AND p.present AND g = ANY($2::text[])`,
      [householdId, MUST_VISIT_GROUPS],
    );
    return row?.groups ?? [];
  }
}

export function coverageRow(path: string, mustVisit: number, visited: number): CoverageRow {
  return { path, mustVisit, visited, notVisited: mustVisit - visited, coverage: coverageRatio(mustVisit, visited) };
}

function sum(rows: readonly CoverageRow[], key: 'mustVisit' | 'visited'): number {
  return rows.reduce((n, r) => n + r[key], 0);
}

/** Grid rows added up to the level with `depth` path segments. */
export function rollUp(grids: readonly CoverageRow[], depth: number): CoverageRow[] {
  const by = new Map<string, { mustVisit: number; visited: number }>();
  for (const g of grids) {
    const key = g.path.split('.').slice(0, depth).join('.');
    const acc = by.get(key) ?? { mustVisit: 0, visited: 0 };
    acc.mustVisit += g.mustVisit;
    acc.visited += g.visited;
    by.set(key, acc);
  }
  return [...by.entries()]
    .sort(([x], [y]) => x.localeCompare(y))
    .map(([path, v]) => coverageRow(path, v.mustVisit, v.visited));
}
