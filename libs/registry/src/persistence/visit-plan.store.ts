import { Injectable } from '@nestjs/common';
import type { Page, VisitPlanListQuery, VisitPlanView } from '@gz/contracts';
import { Params, withinScopes } from '@gz/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { readViews, type PageWanted } from './lists';
import { PLAN_COLUMNS, PLAN_FROM, planView, type PlanRow } from './visit.views';

/** A staff member's plan of a year, as found for a change. */
export interface PlanLock {
  id: string;
  path: string;
  target: number;
  staff_name: string | null;
}

export interface NewPlan {
  id: string;
  staffId: string;
  staffName: string | null;
  year: number;
  target: number;
  street: string;
  path: string;
  createdBy: string;
}

/** Yearly visit plans of staff members, with the visits counted against them. */
@Injectable()
export class VisitPlanStore {
  constructor(private readonly dataSource: DataSource) {}

  /** The staff member's plan of the year, locked; concurrent upserts of one plan wait for each other. */
  async lock(m: EntityManager, staffId: string, year: number): Promise<PlanLock | undefined> {
    await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`gz-visit-plan:${staffId}:${year}`]);
    const [row]: PlanLock[] = await m.query(
      `SELECT id, path, target, staff_name FROM "registry".visit_plan WHERE staff_id = $1 AND year = $2 FOR UPDATE`,
      [staffId, year],
    );
    return row;
  }

  async update(
    m: EntityManager,
    id: string,
    next: { target: number; path: string; street: string; staffName: string | null },
  ): Promise<void> {
    await m.query(
      `UPDATE "registry".visit_plan SET target = $2, path = $3, street_code = $5, staff_name = $4, updated_at = now() WHERE id = $1`,
      [id, next.target, next.path, next.staffName, next.street],
    );
  }

  async insert(m: EntityManager, plan: NewPlan): Promise<void> {
    await m.query(
      `INSERT INTO "registry".visit_plan (id, staff_id, staff_name, year, target, street_code, path, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [plan.id, plan.staffId, plan.staffName, plan.year, plan.target, plan.street, plan.path, plan.createdBy],
    );
  }

  async view(id: string): Promise<VisitPlanView> {
    const [row]: PlanRow[] = await this.dataSource.query(`SELECT ${PLAN_COLUMNS} FROM ${PLAN_FROM} WHERE vp.id = $1`, [
      id,
    ]);
    return planView(row);
  }

  /** Plans within `scopes`, newest year first, optionally of one year or staff member. */
  page(
    scopes: readonly string[],
    filter: Pick<VisitPlanListQuery, 'year' | 'staffId'>,
    want: PageWanted,
  ): Promise<Page<VisitPlanView>> {
    const p = new Params();
    const where = [withinScopes('vp.path', scopes, p)];
    if (filter.year) where.push(`vp.year = ${p.add(filter.year)}`);
    if (filter.staffId) where.push(`vp.staff_id = ${p.add(filter.staffId)}`);
    return readViews(
      this.dataSource,
      {
        columns: PLAN_COLUMNS,
        from: `FROM ${PLAN_FROM} WHERE ${where.join(' AND ')}`,
        orderBy: 'vp.year DESC, vp.path, vp.staff_name, vp.id',
        params: p.values,
      },
      want,
      planView,
    );
  }
}
