import { Injectable } from '@nestjs/common';
import { IdentityEvents, type Actor, type CreateOrgRequest, type OrgNode } from '@gz/contracts';
import { conflict, newId, Outbox, requireActor, unprocessable } from '@gz/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditTrail } from './audit';
import { checkOrgAdministration } from './domain/administration';
import { buildOrgForest, checkPlacement, childPath, minimalScopes, streetCodeOf } from './domain/org-tree';
import { OrgUnit } from './entities/entities';
import type { OrgUnitRow } from './views';

/** The organisation tree: district → street → community → grid, and the units attached to places. */
@Injectable()
export class OrgsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditTrail,
    private readonly outbox: Outbox,
  ) {}

  /** The subtrees of the caller's scopes (a district scope sees the whole tree). */
  async tree(actor: Actor | undefined): Promise<OrgNode[]> {
    const a = requireActor(actor);
    const scopes = minimalScopes(a.scopes);
    if (scopes.length === 0) return [];
    return readOrgTree(this.dataSource, scopes);
  }

  async create(req: CreateOrgRequest, actor: Actor | undefined): Promise<OrgNode> {
    const a = checkOrgAdministration(actor, req.parentPath);
    const path = childPath(req.parentPath, req.code);
    return this.dataSource.transaction(async (m) => {
      const parent = await m.findOne(OrgUnit, { where: { path: req.parentPath } });
      if (!parent)
        throw unprocessable(`There is no org unit ${req.parentPath}`, { field: 'parentPath', path: req.parentPath });
      checkPlacement(parent.kind, req.kind);
      if (await m.exists(OrgUnit, { where: { path } }))
        throw conflict(`The code ${req.code} is already used under ${req.parentPath}`, { path });
      const unit: OrgUnit = {
        id: newId(),
        code: req.code,
        name: req.name,
        kind: req.kind,
        parentId: parent.id,
        path,
        streetCode: streetCodeOf(path),
        createdAt: new Date(),
      };
      await m.insert(OrgUnit, unit);
      await this.audit.write(m, {
        action: 'org.created',
        outcome: 'success',
        actor: a,
        target: path,
        details: { id: unit.id, path, kind: unit.kind, name: unit.name },
      });
      await this.outbox.add(m, {
        type: IdentityEvents.orgCreated,
        street: unit.streetCode,
        actor: a,
        data: {
          id: unit.id,
          code: unit.code,
          name: unit.name,
          kind: unit.kind,
          path,
          parentPath: req.parentPath,
          street: unit.streetCode,
        },
      });
      return {
        id: unit.id,
        code: unit.code,
        name: unit.name,
        kind: unit.kind,
        path,
        street: unit.streetCode,
        children: [],
      };
    });
  }
}

/** Throws `unprocessable` naming the first path that is no org unit. */
export async function requireOrgPaths(
  m: Pick<EntityManager, 'query'>,
  paths: readonly string[],
  field = 'scopes',
): Promise<void> {
  const rows: Array<{ path: string }> = await m.query(
    `SELECT path FROM "identity".org_unit WHERE path = ANY($1::text[])`,
    [paths],
  );
  const known = new Set(rows.map((r) => r.path));
  const missing = paths.find((p) => !known.has(p));
  if (missing !== undefined) throw unprocessable(`There is no org unit ${missing}`, { field, path: missing });
}

/**
 * The org units under `scopes`, as a forest. The service answers `orgs.tree` with it; `gz` reads
 * it from the schema when no identity service is reachable over NATS (standalone installs).
 */
export async function readOrgTree(db: Pick<DataSource, 'query'>, scopes: string[]): Promise<OrgNode[]> {
  const rows: OrgUnitRow[] = await db.query(
    `SELECT id, code, name, kind, path, street_code FROM "identity".org_unit o
      WHERE EXISTS (SELECT 1 FROM unnest($1::text[]) s WHERE o.path = s OR starts_with(o.path, s || '.'))`,
    [scopes],
  );
  return buildOrgForest(rows, scopes);
}
