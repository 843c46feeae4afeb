import { Injectable } from '@nestjs/common';
import {
  RegistryEvents,
  type Actor,
  type CreateHouseholdRequest,
  type HouseholdDetail,
  type HouseholdListQuery,
  type HouseholdView,
  type Page,
  type UpdateHouseholdCommand,
} from '@gz/contracts';
import { conflict, isUniqueViolation, newId, notFound, Outbox, unprocessable } from '@gz/platform';
import { DataSource } from 'typeorm';
import { effectiveScopes } from '../domain/access';
import { checkRead, checkWrite, requireReader, requireWriter } from '../domain/actors';
import { BuildingStore } from '../persistence/building.store';
import { HouseholdStore } from '../persistence/household.store';
import { pageWanted } from '../persistence/lists';

const DOOR_TAKEN = (door: string | undefined) =>
  conflict(`Door ${door} is already registered in this building`, { field: 'doorNumber' });

/** Households: the doors of a building, and who lives behind them. */
@Injectable()
export class HouseholdsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly buildings: BuildingStore,
    private readonly households: HouseholdStore,
  ) {}

  async create(req: CreateHouseholdRequest, actor: Actor | undefined): Promise<HouseholdView> {
    const a = requireWriter(actor);
    const id = newId();
    try {
      await this.dataSource.transaction(async (m) => {
        const b = checkWrite(a, await this.buildings.lock(m, req.buildingId, 'share'), 'Building', req.buildingId);
        if (req.unit !== undefined && req.unit > b.units) {
          throw unprocessable(`unit ${req.unit} does not exist: the building has ${b.units} units`, { field: 'unit' });
        }
        if (req.floor !== undefined && req.floor > b.floors) {
          throw unprocessable(`floor ${req.floor} does not exist: the building has ${b.floors} floors`, {
            field: 'floor',
          });
        }
        await this.households.insert(m, {
          id,
          buildingId: b.id,
          street: b.street_code,
          path: b.path,
          doorNumber: req.doorNumber,
          unit: req.unit ?? null,
          floor: req.floor ?? null,
          type: req.type,
          createdBy: a.id,
        });
        await this.outbox.add(m, {
          type: RegistryEvents.householdCreated,
          street: b.street_code,
          actor: a,
          data: { householdId: id, buildingId: b.id, path: b.path, type: req.type },
        });
      });
    } catch (error) {
      if (isUniqueViolation(error, 'household_door_unique')) throw DOOR_TAKEN(req.doorNumber);
      throw error;
    }
    return this.view(id);
  }

  async get(id: string, actor: Actor | undefined): Promise<HouseholdDetail> {
    const a = requireReader(actor);
    const h = checkRead(a, await this.households.view(id), 'Household', id);
    return { ...h, members: await this.households.members(id) };
  }

  list(query: HouseholdListQuery, actor: Actor | undefined): Promise<Page<HouseholdView>> {
    const a = requireReader(actor);
    return this.households.page(effectiveScopes(a.scopes, query.within), query, pageWanted(query));
  }

  async update(cmd: UpdateHouseholdCommand, actor: Actor | undefined): Promise<HouseholdView> {
    const a = requireWriter(actor);
    try {
      await this.dataSource.transaction(async (m) => {
        const h = checkWrite(a, await this.households.lockFields(m, cmd.id), 'Household', cmd.id);
        if (cmd.version !== h.version)
          throw conflict('The household was changed meanwhile; reload it and try again', { currentVersion: h.version });
        const next = { type: cmd.type ?? h.type, doorNumber: cmd.doorNumber ?? h.door_number };
        const changed = [
          ...(next.type !== h.type ? ['type'] : []),
          ...(next.doorNumber !== h.door_number ? ['doorNumber'] : []),
        ];
        await this.households.update(m, h.id, next);
        await this.outbox.add(m, {
          type: RegistryEvents.householdChanged,
          street: h.street_code,
          actor: a,
          data: { householdId: h.id, path: h.path, changed, version: h.version + 1 },
        });
      });
    } catch (error) {
      if (isUniqueViolation(error, 'household_door_unique')) throw DOOR_TAKEN(cmd.doorNumber);
      throw error;
    }
    return this.view(cmd.id);
  }

  private async view(id: string): Promise<HouseholdView> {
    const view = await this.households.view(id);
    if (!view) throw notFound('Household', { id });
    return view;
  }
}
