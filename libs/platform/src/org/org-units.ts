import { ALL_STREETS, districtOfPath, IdentityRoutes, type Actor, type OrgKind, type OrgNode } from '@gz/contracts';
import { BusClient, BusError } from '../bus/bus-client';
import { DomainError, unprocessable } from '../errors';

export interface OrgUnitRef {
  path: string;
  kind: OrgKind;
  name: string;
}

/** A miss (a unit made since) asks identity again, at most this often per district. */
const MISS_REFETCH_MS = 1000;

/**
 * The units of identity's org tree (communities, property companies, social organisations, …) as
 * identity answers `orgs.tree` over the bus, never read from its tables; each district's tree is
 * reused for `ttlS` seconds (a service's ORG_TREE_CACHE_S). A service provides one with
 * `{ provide: OrgUnits, useFactory: (bus, config) => new OrgUnits(bus, config.ORG_TREE_CACHE_S, 'svc') }`.
 */
export class OrgUnits {
  private readonly cache = new Map<string, { units: Map<string, OrgUnitRef>; at: number }>();

  constructor(
    private readonly bus: BusClient,
    private readonly ttlS: number,
    /** who asks (the system actor's id) */
    private readonly service: string,
  ) {}

  /** The unit at `path`, or undefined when the tree has none there. */
  async find(path: string): Promise<OrgUnitRef | undefined> {
    const district = districtOfPath(path);
    let entry = this.cache.get(district);
    const now = Date.now();
    if (!entry || now - entry.at > this.ttlS * 1000) entry = await this.load(district);
    else if (!entry.units.has(path) && now - entry.at > MISS_REFETCH_MS) entry = await this.load(district);
    return entry.units.get(path);
  }

  /** Every unit of a kind in a district's tree (a ranking lists those without any figures too). */
  async unitsOf(district: string, kind: OrgKind): Promise<OrgUnitRef[]> {
    let entry = this.cache.get(district);
    if (!entry || Date.now() - entry.at > this.ttlS * 1000) entry = await this.load(district);
    return [...entry.units.values()].filter((u) => u.kind === kind);
  }

  /** The unit at `path` of that kind, else 422 naming the field. */
  async require(path: string, kind: OrgKind, field: string): Promise<OrgUnitRef> {
    const unit = await this.find(path);
    if (!unit || unit.kind !== kind)
      throw unprocessable(`${field} ${path} is not a ${kind.replace('_', ' ')} of the organisation tree`, {
        field,
        path,
      });
    return unit;
  }

  private async load(district: string): Promise<{ units: Map<string, OrgUnitRef>; at: number }> {
    const actor: Actor = { kind: 'system', id: this.service, roles: [], scopes: [district] };
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
    const units = new Map<string, OrgUnitRef>();
    const walk = (nodes: OrgNode[]) => {
      for (const n of nodes) {
        units.set(n.path, { path: n.path, kind: n.kind, name: n.name });
        walk(n.children ?? []);
      }
    };
    walk(tree);
    const entry = { units, at: Date.now() };
    this.cache.set(district, entry);
    return entry;
  }
}
