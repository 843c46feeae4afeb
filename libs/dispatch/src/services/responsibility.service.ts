import { Injectable } from '@nestjs/common';
import {
  pathWithin,
  streetOfPath,
  type Actor,
  type PublishResponsibilityRequest,
  type ResponsibilityListView,
  type ResponsibilityRuleInput,
} from '@gz/contracts';
import { Clock, forbidden, newId, notFound, requireActor, requireRole, unprocessable } from '@gz/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { streetPathFor } from '../domain/access';
import type { Rule } from '../domain/matching';
import { ResponsibilityStore } from '../persistence/responsibility.store';
import { responsibilityListView } from '../persistence/views';

/** Who publishes a street's list. */
export const PUBLISHER_ROLES = ['street_admin', 'district_admin'] as const;

/** Responsibility lists (责任清单): per street, versioned; the newest version is in force. */
@Injectable()
export class ResponsibilityService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly lists: ResponsibilityStore,
    private readonly clock: Clock,
  ) {}

  async get(street: string, actor: Actor | undefined): Promise<ResponsibilityListView> {
    const a = requireActor(actor);
    // The street's own people and the district see it; so do departments (a scope outside every street).
    const reads = a.scopes.some((s) => {
      const token = streetOfPath(s);
      return token === street || token === 'all';
    });
    if (!reads) throw forbidden(`Outside your scope: ${street}`, { street });
    const { list, rules } = await this.lists.current(this.dataSource, street);
    if (!list) throw notFound('Responsibility list', { street });
    return responsibilityListView(list, rules);
  }

  /** Publishes a new version of a street's list (street admins of the street, district admins). */
  async publish(req: PublishResponsibilityRequest, actor: Actor | undefined): Promise<ResponsibilityListView> {
    const a = requireRole(actor, ...PUBLISHER_ROLES);
    // The street lies in the caller's district; a caller without any scope has none to publish in.
    const street = streetPathFor(a, req.street);
    if (!street) throw forbidden(`Outside your scope: ${req.street}`, { street: req.street });
    if (!street.reachable) throw forbidden(`Outside your scope: ${street.path}`, { path: street.path });
    return this.write(req, street.path, a.username ?? a.id);
  }

  /** Checks the rules against the street and publishes them as its next version. */
  async write(req: PublishResponsibilityRequest, streetPath: string, by: string): Promise<ResponsibilityListView> {
    req.rules.forEach((r, i) => {
      const orgPath = r.orgPath ?? streetPath;
      if (!pathWithin(orgPath, streetPath))
        throw unprocessable(`rules[${i}].orgPath must lie within ${streetPath}`, { field: `rules.${i}.orgPath` });
      const paths = [r.lead.path, ...(r.co ?? []).map((c) => c.path)];
      if (new Set(paths).size !== paths.length)
        throw unprocessable(`rules[${i}] names a department twice`, { field: `rules.${i}` });
    });
    return this.dataSource.transaction((m) => this.insert(m, req.street, req.rules, streetPath, by));
  }

  /** Writes a new version of a street's list inside the caller's transaction (no checks). */
  async insert(
    m: EntityManager,
    street: string,
    inputs: readonly ResponsibilityRuleInput[],
    streetPath: string,
    by: string,
  ): Promise<ResponsibilityListView> {
    const rules: Rule[] = inputs.map((r) => ({
      id: newId(),
      category: r.category,
      orgPath: r.orgPath ?? streetPath,
      lead: { path: r.lead.path, name: r.lead.name },
      co: (r.co ?? []).map((c) => ({ path: c.path, name: c.name })),
    }));
    const list = await this.lists.insert(m, street, rules, by, this.clock.now());
    return responsibilityListView(list, rules);
  }
}
