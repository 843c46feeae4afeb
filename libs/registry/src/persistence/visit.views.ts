import type { MustVisitGroup, MustVisitHousehold, VisitPlanView, VisitView } from '@gz/contracts';

export interface PlanRow {
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

/** A plan with the distinct households its staff member visited in its year (China time). */
export const PLAN_COLUMNS = `vp.id, vp.staff_id, vp.staff_name, vp.year, vp.target, vp.path, vp.created_at, vp.updated_at,
  COALESCE(st.visited_households, 0)::int AS visited_households, COALESCE(st.visits, 0)::int AS visits`;
export const PLAN_FROM = `"registry".visit_plan vp
  LEFT JOIN LATERAL (
    SELECT count(DISTINCT v.household_id) AS visited_households, count(*) AS visits FROM "registry".visit v
     WHERE v.visitor_id = vp.staff_id
       AND v.visited_at >= make_timestamptz(vp.year, 1, 1, 0, 0, 0, 'Asia/Shanghai')
       AND v.visited_at < make_timestamptz(vp.year + 1, 1, 1, 0, 0, 0, 'Asia/Shanghai')) st ON true`;

export function planView(r: PlanRow): VisitPlanView {
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

export interface VisitRow {
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

export const VISIT_COLUMNS = `v.id, v.household_id, b.address, h.door_number, v.path, v.visitor_id, v.visitor_name, v.visited_at, v.notes, v.photos,
  v.groups, v.recorded_at`;
export const VISIT_FROM = `"registry".visit v JOIN "registry".household h ON h.id = v.household_id JOIN "registry".building b ON b.id = h.building_id`;

export function visitView(r: VisitRow): VisitView {
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

export interface UnvisitedRow {
  household_id: string;
  address: string;
  door_number: string;
  path: string;
  groups: MustVisitGroup[];
  last_visited_at: Date | null;
}

export function mustVisitHousehold(r: UnvisitedRow): MustVisitHousehold {
  return {
    householdId: r.household_id,
    address: r.address,
    doorNumber: r.door_number,
    path: r.path,
    groups: r.groups,
    lastVisitedAt: r.last_visited_at ? r.last_visited_at.toISOString() : null,
  };
}
