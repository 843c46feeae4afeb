import { Injectable } from '@nestjs/common';
import {
  CouncilsEvents,
  pathAtDepth,
  pathWithin,
  personOf,
  streetOfPath,
  type Actor,
  type CompoundBuildingView,
  type CompoundListQuery,
  type CompoundView,
  type CreateCompoundBuildingCommand,
  type CreateCompoundRequest,
  type Page,
} from '@gz/contracts';
import {
  Clock,
  conflict,
  forbidden,
  isUniqueViolation,
  newId,
  notFound,
  OrgUnits,
  Outbox,
  requireActor,
  unprocessable,
} from '@gz/platform';
import { DataSource } from 'typeorm';
import { keepsRoll, listingScopes, seesCompound } from '../domain/access';
import { CompoundStore } from '../persistence/compound.store';
import { OwnerStore } from '../persistence/owner.store';
import { UnitStore } from '../persistence/unit.store';
import { buildingView, compoundView, placeOf, type CompoundRow } from '../persistence/views';

/** Residential compounds (小区) in a community, with their property company and owners' committee. */
@Injectable()
export class CompoundsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly compounds: CompoundStore,
    private readonly units: UnitStore,
    private readonly owners: OwnerStore,
    private readonly orgs: OrgUnits,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  async create(req: CreateCompoundRequest, actor: Actor | undefined): Promise<CompoundView> {
    const a = requireActor(actor);
    if (!keepsRoll(a, req.communityPath))
      throw forbidden(`Outside your scope: ${req.communityPath}`, { path: req.communityPath });
    await this.orgs.require(req.communityPath, 'community', 'communityPath');
    const streetPath = pathAtDepth(req.communityPath, 2) ?? req.communityPath;
    const company = req.propertyCompanyPath
      ? await this.orgs.require(req.propertyCompanyPath, 'property_company', 'propertyCompanyPath')
      : null;
    if (company && !pathWithin(company.path, streetPath))
      throw unprocessable(`propertyCompanyPath must lie within ${streetPath}`, { field: 'propertyCompanyPath' });
    const committee = req.ownersCommitteePath
      ? await this.orgs.require(req.ownersCommitteePath, 'owners_committee', 'ownersCommitteePath')
      : null;
    if (committee && !pathWithin(committee.path, req.communityPath))
      throw unprocessable(`ownersCommitteePath must lie within ${req.communityPath}`, { field: 'ownersCommitteePath' });
    const now = this.clock.now();
    const row: CompoundRow = {
      id: newId(),
      street_code: streetOfPath(req.communityPath),
      community_path: req.communityPath,
      name: req.name.trim(),
      address: req.address?.trim() ?? null,
      property_company_path: company?.path ?? null,
      property_company_name: company?.name ?? null,
      owners_committee_path: committee?.path ?? null,
      owners_committee_name: committee?.name ?? null,
      version: 1,
      created_by: a.username ?? a.id,
      created_at: now,
      updated_at: now,
    };
    try {
      await this.dataSource.transaction(async (m) => {
        await this.compounds.insert(m, row);
        await this.outbox.add(m, {
          type: CouncilsEvents.compoundCreated,
          street: row.street_code,
          actor: a,
          data: {
            compoundId: row.id,
            street: row.street_code,
            communityPath: row.community_path,
            name: row.name,
            propertyCompanyPath: row.property_company_path,
            ownersCommitteePath: row.owners_committee_path,
            by: personOf(a),
            at: now.toISOString(),
          },
        });
      });
    } catch (error) {
      if (isUniqueViolation(error, 'compound_name'))
        throw conflict(`The community already has a compound named ${row.name}`, { field: 'name' });
      throw error;
    }
    return this.view(row.id);
  }

  async get(id: string, actor: Actor | undefined): Promise<CompoundView> {
    await this.visible(id, actor);
    return this.view(id);
  }

  async list(query: CompoundListQuery, actor: Actor | undefined): Promise<Page<CompoundView>> {
    const a = requireActor(actor);
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const ids = new Set((await this.owners.ofUser(this.dataSource, a.id)).map((o) => o.compound_id));
    const { rows, total } = await this.compounds.list(
      {
        scopes: listingScopes(a),
        companyScopes: a.roles.includes('property_manager') ? a.scopes : [],
        committeeScopes: a.roles.includes('owners_committee_member') ? a.scopes : [],
        ids: a.kind === 'user' ? [...ids] : [],
        within: query.within,
      },
      page,
      pageSize,
    );
    return { items: rows.map(compoundView), total, page, pageSize };
  }

  async createBuilding(cmd: CreateCompoundBuildingCommand, actor: Actor | undefined): Promise<CompoundBuildingView> {
    const c = await this.kept(cmd.compoundId, actor);
    const row = { id: newId(), compound_id: c.id, name: cmd.name.trim(), created_at: this.clock.now() };
    try {
      await this.units.insertBuilding(this.dataSource, row);
    } catch (error) {
      if (isUniqueViolation(error, 'building_name'))
        throw conflict(`The compound already has a building named ${row.name}`, { field: 'name' });
      throw error;
    }
    return buildingView(row);
  }

  /**
   * The compound when the caller may see it: staff by its place, its owners' committee and
   * property company, and a resident who is one of its owners (`owner`: their owner id there).
   */
  async visible(
    id: string,
    actor: Actor | undefined,
  ): Promise<{ compound: CompoundRow; ownerId?: string; full: boolean }> {
    const a = requireActor(actor);
    const compound = await this.compounds.get(this.dataSource, id);
    if (!compound) throw notFound('Compound', { id });
    if (seesCompound(a, placeOf(compound))) return { compound, full: true };
    const mine = (await this.owners.ofUser(this.dataSource, a.id)).find((o) => o.compound_id === id);
    if (a.kind === 'user' && mine) return { compound, ownerId: mine.id, full: false };
    throw forbidden(`Outside your scope: ${compound.community_path}`, { path: compound.community_path });
  }

  /** The compound when the caller keeps its roll (404 unknown, 403 another place). */
  async kept(id: string, actor: Actor | undefined): Promise<CompoundRow> {
    const a = requireActor(actor);
    const compound = await this.compounds.get(this.dataSource, id);
    if (!compound) throw notFound('Compound', { id });
    if (!keepsRoll(a, compound.community_path))
      throw forbidden(`Outside your scope: ${compound.community_path}`, { path: compound.community_path });
    return compound;
  }

  private async view(id: string): Promise<CompoundView> {
    const row = await this.compounds.withCounts(this.dataSource, id);
    if (!row) throw notFound('Compound', { id });
    return compoundView(row);
  }
}
