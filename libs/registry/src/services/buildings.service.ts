import { Injectable } from '@nestjs/common';
import {
  RegistryEvents,
  streetOfPath,
  type Actor,
  type BuildingListQuery,
  type BuildingView,
  type CreateBuildingRequest,
  type Page,
  type UpdateBuildingCommand,
} from '@gz/contracts';
import { conflict, isUniqueViolation, newId, notFound, OrgGrids, Outbox } from '@gz/platform';
import { DataSource } from 'typeorm';
import { effectiveScopes } from '../domain/access';
import { checkRead, checkWrite, checkWritePath, requireReader, requireWriter } from '../domain/actors';
import { BuildingStore } from '../persistence/building.store';
import { pageWanted } from '../persistence/lists';

const ADDRESS_TAKEN = () =>
  conflict('A building with this address is already registered in the grid', { field: 'address' });

/** Buildings: registered in a grid of the org tree, changed with their version. */
@Injectable()
export class BuildingsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly grids: OrgGrids,
    private readonly buildings: BuildingStore,
  ) {}

  async create(req: CreateBuildingRequest, actor: Actor | undefined): Promise<BuildingView> {
    const a = requireWriter(actor);
    checkWritePath(a, req.gridPath);
    await this.grids.require(req.gridPath);
    const id = newId();
    const street = streetOfPath(req.gridPath);
    const address = req.address.trim();
    try {
      await this.dataSource.transaction(async (m) => {
        await this.buildings.insert(m, {
          id,
          street,
          path: req.gridPath,
          address,
          name: req.name ?? null,
          units: req.units,
          floors: req.floors,
          createdBy: a.id,
        });
        await this.outbox.add(m, {
          type: RegistryEvents.buildingCreated,
          street,
          actor: a,
          data: { buildingId: id, path: req.gridPath, address },
        });
      });
    } catch (error) {
      if (isUniqueViolation(error, 'building_address_unique')) throw ADDRESS_TAKEN();
      throw error;
    }
    return this.view(id);
  }

  async get(id: string, actor: Actor | undefined): Promise<BuildingView> {
    const a = requireReader(actor);
    return checkRead(a, await this.buildings.view(id), 'Building', id);
  }

  list(query: BuildingListQuery, actor: Actor | undefined): Promise<Page<BuildingView>> {
    const a = requireReader(actor);
    return this.buildings.page(effectiveScopes(a.scopes, query.within), query, pageWanted(query));
  }

  async update(cmd: UpdateBuildingCommand, actor: Actor | undefined): Promise<BuildingView> {
    const a = requireWriter(actor);
    try {
      await this.dataSource.transaction(async (m) => {
        const b = checkWrite(a, await this.buildings.lock(m, cmd.id), 'Building', cmd.id);
        if (cmd.version !== b.version)
          throw conflict('The building was changed meanwhile; reload it and try again', { currentVersion: b.version });
        const next = {
          address: cmd.address?.trim() ?? b.address,
          name: cmd.name === undefined ? b.name : cmd.name,
          units: cmd.units ?? b.units,
          floors: cmd.floors ?? b.floors,
        };
        const changed = (Object.keys(next) as Array<keyof typeof next>).filter((k) => next[k] !== b[k]);
        await this.buildings.update(m, b.id, next);
        await this.outbox.add(m, {
          type: RegistryEvents.buildingChanged,
          street: b.street_code,
          actor: a,
          data: { buildingId: b.id, path: b.path, changed, version: b.version + 1 },
        });
      });
    } catch (error) {
      if (isUniqueViolation(error, 'building_address_unique')) throw ADDRESS_TAKEN();
      throw error;
    }
    return this.view(cmd.id);
  }

  private async view(id: string): Promise<BuildingView> {
    const view = await this.buildings.view(id);
    if (!view) throw notFound('Building', { id });
    return view;
  }
}
