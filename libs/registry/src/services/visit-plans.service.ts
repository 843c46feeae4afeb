import { Injectable } from '@nestjs/common';
import {
  DEFAULT_VISIT_TARGET,
  streetOfPath,
  type Actor,
  type Page,
  type Role,
  type VisitPlanListQuery,
  type VisitPlanRequest,
  type VisitPlanView,
} from '@gz/contracts';
import { forbidden, invalid, newId } from '@gz/platform';
import { DataSource } from 'typeorm';
import { effectiveScopes, hasAnyRole } from '../domain/access';
import { checkWrite, checkWritePath, requireReader, requireWriter } from '../domain/actors';
import { pageWanted } from '../persistence/lists';
import { VisitPlanStore } from '../persistence/visit-plan.store';

/** Roles that set visit plans for other staff members (anyone may set their own). */
const PLANNERS: readonly Role[] = ['district_admin', 'street_admin', 'community_secretary'];

/** Yearly visit plans of staff members: a target of households and the area they visit. */
@Injectable()
export class VisitPlansService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly plans: VisitPlanStore,
  ) {}

  /** Sets the yearly plan of a staff member (yourself by default); the target defaults to 100 households. */
  async upsert(req: VisitPlanRequest, actor: Actor | undefined): Promise<VisitPlanView> {
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
      const existing = await this.plans.lock(m, staffId, req.year);
      const staffName = req.staffName ?? existing?.staff_name ?? (self ? (a.username ?? null) : null);
      if (existing) {
        checkWrite(a, existing, 'Visit plan', existing.id);
        await this.plans.update(m, existing.id, {
          target: req.target ?? existing.target,
          path,
          street: streetOfPath(path),
          staffName,
        });
        return existing.id;
      }
      const planId = newId();
      await this.plans.insert(m, {
        id: planId,
        staffId,
        staffName,
        year: req.year,
        target: req.target ?? DEFAULT_VISIT_TARGET,
        street: streetOfPath(path),
        path,
        createdBy: a.id,
      });
      return planId;
    });
    return this.plans.view(id);
  }

  list(query: VisitPlanListQuery, actor: Actor | undefined): Promise<Page<VisitPlanView>> {
    const a = requireReader(actor);
    return this.plans.page(effectiveScopes(a.scopes, query.within), query, pageWanted(query));
  }
}
