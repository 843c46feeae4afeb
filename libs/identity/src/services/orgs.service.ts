import { Injectable } from '@nestjs/common';
import { AuditActions, IdentityEvents, type Actor, type CreateOrgRequest, type OrgNode } from '@gz/contracts';
import { conflict, newId, requireActor, unprocessable } from '@gz/platform';
import { DataSource } from 'typeorm';
import { checkOrgAdministration } from '../domain/administration';
import { buildOrgForest, checkPlacement, childPath, minimalScopes, streetCodeOf } from '../domain/org-tree';
import type { OrgUnit } from '../persistence/entities';
import { OrgStore } from '../persistence/org.store';
import { AdminChanges } from './admin-changes.service';

/** The organisation tree: district → street → community → grid, and the units attached to places. */
@Injectable()
export class OrgsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly orgs: OrgStore,
    private readonly changes: AdminChanges,
  ) {}

  /** The subtrees of the caller's scopes (a district scope sees the whole tree). */
  async tree(actor: Actor | undefined): Promise<OrgNode[]> {
    const a = requireActor(actor);
    const scopes = minimalScopes(a.scopes);
    if (scopes.length === 0) return [];
    return buildOrgForest(await this.orgs.within(scopes), scopes);
  }

  async create(req: CreateOrgRequest, actor: Actor | undefined): Promise<OrgNode> {
    const a = checkOrgAdministration(actor, req.parentPath);
    const path = childPath(req.parentPath, req.code);
    return this.dataSource.transaction(async (m) => {
      const parent = await this.orgs.findByPath(m, req.parentPath);
      if (!parent)
        throw unprocessable(`There is no org unit ${req.parentPath}`, { field: 'parentPath', path: req.parentPath });
      checkPlacement(parent.kind, req.kind);
      if (await this.orgs.exists(m, path))
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
      await this.orgs.insert(m, unit);
      await this.changes.record(m, {
        action: AuditActions.orgCreated,
        actor: a,
        target: path,
        details: { id: unit.id, path, kind: unit.kind, name: unit.name },
        event: IdentityEvents.orgCreated,
        scopes: [path],
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

  /** Throws `unprocessable` naming the first path that is no org unit. */
  async requireUnits(paths: readonly string[], field = 'scopes'): Promise<void> {
    const known = await this.orgs.known(paths);
    const missing = paths.find((p) => !known.has(p));
    if (missing !== undefined) throw unprocessable(`There is no org unit ${missing}`, { field, path: missing });
  }
}
