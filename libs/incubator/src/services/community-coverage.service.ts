import { Injectable } from '@nestjs/common';
import {
  ALL_STREETS,
  IdentityRoutes,
  pathWithin,
  streetOfPath,
  type Actor,
  type CommunityCoverageQuery,
  type CommunityCoverageView,
  type OrgNode,
  type Page,
} from '@gz/contracts';
import { BusClient, BusError, DomainError, forbidden, requireActor } from '@gz/platform';
import { listingScopes, reads } from '../domain/access';
import { IncubatorConfig } from '../incubator.config';
import { OrganisationRecordStore } from '../persistence/organisation-record.store';

/**
 * Per community, how many organisations on the roll serve it against the district's target
 * (ORGS_PER_COMMUNITY_TARGET, default ten) and the shortfall. The communities come from identity's
 * org tree (so a community no organisation serves yet is listed with 0), the counts from the roll.
 */
@Injectable()
export class CommunityCoverageService {
  constructor(
    private readonly records: OrganisationRecordStore,
    private readonly bus: BusClient,
    private readonly config: IncubatorConfig,
  ) {}

  async list(query: CommunityCoverageQuery, actor: Actor | undefined): Promise<Page<CommunityCoverageView>> {
    const a = requireActor(actor);
    if (query.within && !reads(a, query.within))
      throw forbidden(`Outside your scope: ${query.within}`, { path: query.within });
    const scopes = query.within ? [query.within] : listingScopes(a);
    if (scopes.length === 0) throw forbidden('Coverage is read by community, street and district staff and auditors');
    const communities = (await this.communitiesWithin(scopes)).sort((x, y) => (x.path < y.path ? -1 : 1));
    const counts = await this.records.coverage(communities.map((c) => c.path));
    const target = this.config.ORGS_PER_COMMUNITY_TARGET;
    const all = communities.map((c): CommunityCoverageView => {
      const n = counts.get(c.path) ?? { organisations: 0, registered: 0, filed: 0, informal: 0 };
      return {
        communityPath: c.path,
        name: c.name,
        street: streetOfPath(c.path),
        ...n,
        target,
        shortfall: Math.max(0, target - n.organisations),
      };
    });
    const listed = query.short ? all.filter((c) => c.shortfall > 0) : all;
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    return { items: listed.slice((page - 1) * pageSize, page * pageSize), total: listed.length, page, pageSize };
  }

  /** The communities of identity's tree within the scopes (asked as the incubator, scoped to them). */
  private async communitiesWithin(scopes: string[]): Promise<OrgNode[]> {
    const actor: Actor = { kind: 'system', id: 'incubator', roles: [], scopes };
    let tree: OrgNode[];
    try {
      tree = await this.bus.request(IdentityRoutes.orgTree, ALL_STREETS, {}, { actor });
    } catch (error) {
      if (error instanceof BusError)
        throw new DomainError(
          error.body.code === 'timeout' ? 'timeout' : 'unavailable',
          `The organisation tree could not be read from the identity service (${error.body.message}); try again`,
        );
      throw error;
    }
    const found = new Map<string, OrgNode>();
    const walk = (nodes: OrgNode[]) => {
      for (const n of nodes) {
        if (n.kind === 'community' && scopes.some((s) => pathWithin(n.path, s))) found.set(n.path, n);
        walk(n.children ?? []);
      }
    };
    walk(tree);
    return [...found.values()];
  }
}
