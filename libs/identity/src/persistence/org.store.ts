import { Injectable } from '@nestjs/common';
import type { OrgNode } from '@gz/contracts';
import { Params, withinScopes } from '@gz/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { buildOrgForest, type OrgRow } from '../domain/org-tree';
import { OrgUnit } from './entities';

type Queryable = Pick<EntityManager, 'query'>;

/** The org units at or below `scopes` (none for no scopes). */
async function unitsWithin(db: Queryable, scopes: readonly string[]): Promise<OrgRow[]> {
  const p = new Params();
  return db.query(
    `SELECT id, code, name, kind, path, street_code FROM "identity".org_unit o WHERE ${withinScopes('o.path', scopes, p)}`,
    p.values,
  );
}

/**
 * The org units under `scopes`, as a forest. The service answers `orgs.tree` with it; `gz` reads
 * it from the schema when no identity service is reachable over NATS (standalone installs).
 */
export async function readOrgTree(db: Queryable, scopes: string[]): Promise<OrgNode[]> {
  return buildOrgForest(await unitsWithin(db, scopes), scopes);
}

/** The organisation tree (`identity.org_unit`). */
@Injectable()
export class OrgStore {
  constructor(private readonly dataSource: DataSource) {}

  within(scopes: readonly string[]): Promise<OrgRow[]> {
    return unitsWithin(this.dataSource, scopes);
  }

  findByPath(m: EntityManager, path: string): Promise<OrgUnit | null> {
    return m.findOne(OrgUnit, { where: { path } });
  }

  exists(m: EntityManager, path: string): Promise<boolean> {
    return m.exists(OrgUnit, { where: { path } });
  }

  async insert(m: EntityManager, units: OrgUnit | OrgUnit[]): Promise<void> {
    await m.insert(OrgUnit, units);
  }

  /** Which of `paths` are org units. */
  async known(paths: readonly string[]): Promise<Set<string>> {
    const rows: Array<{ path: string }> = await this.dataSource.query(
      `SELECT path FROM "identity".org_unit WHERE path = ANY($1::text[])`,
      [paths],
    );
    return new Set(rows.map((r) => r.path));
  }
}

/** Whether the tree has any unit yet (a deployment bootstrapped or seeded). */
export async function anyOrgUnit(db: Queryable): Promise<boolean> {
  const [{ any }]: Array<{ any: boolean }> = await db.query('SELECT EXISTS (SELECT 1 FROM "identity".org_unit) AS any');
  return any;
}

/**
 * Serialises the making of a tree's first units (bootstrap, demo seed) until the caller's
 * transaction ends, so that two processes starting together do it once.
 */
export async function lockFirstUnits(m: Queryable): Promise<void> {
  await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['gz-identity-seed']);
}
