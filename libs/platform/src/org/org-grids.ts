import { Expose, Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { Logger, type Provider } from '@nestjs/common';
import { loadConfig } from '../config';
import { ALL_STREETS, IdentityRoutes, type Actor, type OrgNode } from '@gz/contracts';
import { BusClient, BusError } from '../bus/bus-client';
import { DomainError, unprocessable } from '../errors';
import { gridPathsOf, mustRefetch } from './grids';

const districtCode = (path: string) => path.split('.')[0];

/** How long a service reuses identity's grids (environment; README.md lists it). */
export class OrgTreeConfig {
  /** seconds the grids of identity's org tree are reused before asking again (a miss asks at once) */
  @Expose()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(3600)
  ORG_TREE_CACHE_S = 30;
}

/** `stale`: kept after identity failed to answer */
type CacheEntry = { grids: ReadonlySet<string>; at: number; stale?: boolean };

/** After identity failed to answer, how long the grids read before are used before asking again. */
export const STALE_RETRY_MS = 5000;

type FetchTree = (district: string) => Promise<OrgNode[]>;

/**
 * Which grids exist, as identity's org tree says (asked over the bus, never read from identity's
 * tables). Each district's grids are cached for `ttlMs` and fetched again on a miss (a grid made
 * since), at most once per MISS_REFETCH_MS, so an import of 100,000 rows asks once.
 */
export class OrgGrids {
  private readonly cache = new Map<string, CacheEntry>();
  private readonly logger = new Logger('OrgGrids');
  private readonly loading = new Map<string, Promise<{ grids: ReadonlySet<string>; at: number }>>();

  constructor(
    private readonly fetchTree: FetchTree,
    private readonly ttlMs: number,
  ) {}

  /** The provider of a service module: over its BusClient, reused for ORG_TREE_CACHE_S. */
  static provider(service: string, env: NodeJS.ProcessEnv = process.env): Provider {
    const ttlMs = loadConfig(OrgTreeConfig, env).ORG_TREE_CACHE_S * 1000;
    return {
      provide: OrgGrids,
      inject: [BusClient],
      useFactory: (bus: BusClient) => OrgGrids.overBus(bus, ttlMs, service),
    };
  }

  /** Asks identity's `orgs.tree` as the calling service itself, scoped to one district. */
  static overBus(bus: BusClient, ttlMs: number, service: string): OrgGrids {
    return new OrgGrids((district) => {
      const actor: Actor = { kind: 'system', id: service, roles: [], scopes: [district] };
      return bus.request(IdentityRoutes.orgTree, ALL_STREETS, {}, { actor });
    }, ttlMs);
  }

  /** The paths (deduplicated, in order) that are no grid of the org tree. */
  async unknown(paths: Iterable<string>): Promise<string[]> {
    const byDistrict = new Map<string, string[]>();
    for (const p of new Set(paths)) {
      const d = districtCode(p);
      byDistrict.set(d, [...(byDistrict.get(d) ?? []), p]);
    }
    const out: string[] = [];
    for (const [district, list] of byDistrict) {
      let entry = this.cache.get(district);
      if (mustRefetch(entry?.at, Date.now(), this.ttlMs, false)) entry = await this.refresh(district, entry);
      let missing = list.filter((p) => !entry?.grids.has(p));
      // Grids kept from before identity stopped answering cannot say a path is no grid: ask.
      if (missing.length > 0 && (entry?.stale || mustRefetch(entry?.at, Date.now(), this.ttlMs, true))) {
        entry = await this.load(district);
        missing = missing.filter((p) => !entry?.grids.has(p));
      }
      out.push(...missing);
    }
    return out;
  }

  /** 422 naming the field unless `path` is a grid of the org tree. */
  async require(path: string, field = 'gridPath'): Promise<void> {
    if ((await this.unknown([path])).length > 0) {
      throw unprocessable(`${field} ${path} is not a grid of the organisation tree`, { field, path });
    }
  }

  /**
   * The district's grids fetched again. When identity cannot answer and the grids are known from
   * before, those are used a while longer (asked again after STALE_RETRY_MS): a stopped identity
   * service must not stop reports from grids that exist. Never known: the error stands.
   */
  private async refresh(district: string, stale: CacheEntry | undefined): Promise<CacheEntry> {
    try {
      return await this.load(district);
    } catch (error) {
      if (!stale || !(error instanceof DomainError)) throw error;
      const kept = {
        grids: stale.grids,
        at: Date.now() - this.ttlMs + Math.min(STALE_RETRY_MS, this.ttlMs),
        stale: true,
      };
      this.cache.set(district, kept);
      this.logger.warn(`using the grids of ${district} read before, identity did not answer: ${error.message}`);
      return kept;
    }
  }

  private load(district: string): Promise<{ grids: ReadonlySet<string>; at: number }> {
    // concurrent misses share one request
    let pending = this.loading.get(district);
    if (!pending) {
      pending = this.fetchTree(district)
        .then((tree) => {
          const entry = { grids: new Set(gridPathsOf(tree)), at: Date.now() };
          this.cache.set(district, entry);
          return entry;
        })
        .catch((error: unknown) => {
          if (error instanceof BusError) {
            const code = error.body.code === 'timeout' ? 'timeout' : 'unavailable';
            throw new DomainError(
              code,
              `The organisation tree could not be read from the identity service (${error.body.message}); try again`,
            );
          }
          throw error;
        })
        .finally(() => this.loading.delete(district));
      this.loading.set(district, pending);
    }
    return pending;
  }
}
