import { Injectable } from '@nestjs/common';
import {
  RegistryEvents,
  type Actor,
  type Page,
  type RecordVisitRequest,
  type VisitListQuery,
  type VisitView,
} from '@gz/contracts';
import { newId, Outbox, unprocessable } from '@gz/platform';
import { DataSource } from 'typeorm';
import { effectiveScopes } from '../domain/access';
import { checkWrite, requireReader, requireWriter, who } from '../domain/actors';
import { HouseholdStore } from '../persistence/household.store';
import { pageWanted } from '../persistence/lists';
import { VisitStore } from '../persistence/visit.store';

/** How far in the future a visit time may lie (clock skew of phones). */
const VISIT_CLOCK_SKEW_MS = 5 * 60_000;

/** Visits to the six must-visit groups (六必访): recorded by staff, listed within a scope. */
@Injectable()
export class VisitsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly households: HouseholdStore,
    private readonly visits: VisitStore,
  ) {}

  /** Records a visit by the caller to a household of their scope; publishes `visit.completed`. */
  async record(req: RecordVisitRequest, actor: Actor | undefined): Promise<VisitView> {
    const a = requireWriter(actor);
    const visitedAt = req.visitedAt ? new Date(req.visitedAt) : new Date();
    if (visitedAt.getTime() > Date.now() + VISIT_CLOCK_SKEW_MS)
      throw unprocessable(`visitedAt ${req.visitedAt} is in the future`, { field: 'visitedAt' });
    if (visitedAt.getTime() < Date.UTC(2000, 0, 1))
      throw unprocessable(`visitedAt ${req.visitedAt} is too long ago`, { field: 'visitedAt' });
    const id = newId();
    const visitor = who(a);
    await this.dataSource.transaction(async (m) => {
      const h = checkWrite(a, await this.households.share(m, req.householdId), 'Household', req.householdId);
      const groups = await this.visits.groupsOf(m, h.id);
      await this.visits.insert(m, {
        id,
        household: h,
        visitorId: visitor.id,
        visitorName: visitor.name,
        visitedAt,
        notes: req.notes.trim(),
        photos: req.photos ?? [],
        groups,
      });
      await this.outbox.add(m, {
        type: RegistryEvents.visitCompleted,
        street: h.street_code,
        actor: a,
        data: {
          visitId: id,
          householdId: h.id,
          path: h.path,
          visitorId: visitor.id,
          visitedAt: visitedAt.toISOString(),
          groups,
        },
      });
    });
    return this.visits.view(id);
  }

  list(query: VisitListQuery, actor: Actor | undefined): Promise<Page<VisitView>> {
    const a = requireReader(actor);
    return this.visits.page(effectiveScopes(a.scopes, query.within), query, pageWanted(query));
  }
}
