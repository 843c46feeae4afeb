import { Injectable } from '@nestjs/common';
import type { Actor, CoverageQuery, CoverageView, UnvisitedPage, UnvisitedQuery } from '@gz/contracts';
import { effectiveScopes } from '../domain/access';
import { requireReader } from '../domain/actors';
import { coverageRow, LEVEL_DEPTH, quarterOrCurrent, rollUp, sumOf } from '../domain/visits';
import { pageWanted } from '../persistence/lists';
import { VisitStore } from '../persistence/visit.store';

/** Quarterly coverage of the must-visit households, and the to-do list of those not visited. */
@Injectable()
export class CoverageService {
  constructor(private readonly visits: VisitStore) {}

  /** How many must-visit households were (not) visited in the quarter, per grid and community. */
  async coverage(query: CoverageQuery, actor: Actor | undefined): Promise<CoverageView> {
    const a = requireReader(actor);
    const quarter = quarterOrCurrent(query.quarter);
    const grids = await this.visits.coverageByGrid(effectiveScopes(a.scopes, query.within), quarter);
    const communities = rollUp(grids, LEVEL_DEPTH.community);
    const total = coverageRow('total', sumOf(grids, 'mustVisit'), sumOf(grids, 'visited'));
    total.path = query.within ?? (a.scopes.length === 1 ? a.scopes[0] : '*');
    return { quarter: quarter.quarter, from: quarter.from, to: quarter.to, total, grids, communities };
  }

  /** The must-visit households not visited in the quarter, with their groups and last visit. */
  async unvisited(query: UnvisitedQuery, actor: Actor | undefined): Promise<UnvisitedPage> {
    const a = requireReader(actor);
    const quarter = quarterOrCurrent(query.quarter);
    const page = await this.visits.unvisited(effectiveScopes(a.scopes, query.within), quarter, pageWanted(query));
    return { quarter: quarter.quarter, ...page };
  }
}
