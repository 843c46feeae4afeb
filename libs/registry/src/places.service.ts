import { Injectable } from '@nestjs/common';
import {
  RegistryEvents,
  streetOfPath,
  type Actor,
  type BuildingListQuery,
  type BuildingView,
  type CreateBuildingRequest,
  type CreateHouseholdRequest,
  type HouseholdDetail,
  type HouseholdListQuery,
  type HouseholdView,
  type Page,
  type UpdateBuildingCommand,
  type UpdateHouseholdCommand,
} from '@gz/contracts';
import { conflict, newId, OrgGrids, Outbox, unprocessable } from '@gz/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { checkRead, checkWrite, checkWritePath, requireReader, requireWriter } from './actors';
import { effectiveScopes, escapeLike, scopeSql } from './domain/access';
import { isUniqueViolation, Params } from './sql';
import {
  BUILDING_COLUMNS,
  buildingView,
  HOUSEHOLD_COLUMNS,
  householdView,
  PERSON_COLUMNS,
  PERSON_FROM,
  personView,
  type BuildingRow,
  type HouseholdRow,
  type PersonRow,
} from './views';

interface BuildingLock {
  id: string;
  path: string;
  street_code: string;
  address: string;
  name: string | null;
  units: number;
  floors: number;
  version: number;
}

interface HouseholdLock {
  id: string;
  building_id: string;
  path: string;
  street_code: string;
  door_number: string;
  type: string;
  version: number;
}

/** Buildings and households: the places people live in. */
@Injectable()
export class PlacesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly grids: OrgGrids,
  ) {}

  async createBuilding(req: CreateBuildingRequest, actor: Actor | undefined): Promise<BuildingView> {
    const a = requireWriter(actor);
    checkWritePath(a, req.gridPath);
    await this.grids.require(req.gridPath);
    const id = newId();
    const street = streetOfPath(req.gridPath);
    try {
      await this.dataSource.transaction(async (m) => {
        await m.query(
          `INSERT INTO "registry".building (id, street_code, path, address, name, units, floors, created_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
          [id, street, req.gridPath, req.address.trim(), req.name ?? null, req.units, req.floors, a.id],
        );
        await this.outbox.add(m, {
          type: RegistryEvents.buildingCreated,
          street,
          actor: a,
          data: { buildingId: id, path: req.gridPath, address: req.address.trim() },
        });
      });
    } catch (error) {
      if (isUniqueViolation(error, 'building_address_unique')) {
        throw conflict('A building with this address is already registered in the grid', { field: 'address' });
      }
      throw error;
    }
    return this.building(id);
  }

  async getBuilding(id: string, actor: Actor | undefined): Promise<BuildingView> {
    const a = requireReader(actor);
    return buildingView(checkRead(a, await this.buildingRow(this.dataSource.manager, id), 'Building', id));
  }

  async listBuildings(query: BuildingListQuery, actor: Actor | undefined): Promise<Page<BuildingView>> {
    const a = requireReader(actor);
    const p = new Params();
    const where = [scopeSql('b.path', effectiveScopes(a.scopes, query.within), p.add)];
    if (query.address) where.push(`b.address LIKE ${p.add(`%${escapeLike(query.address)}%`)}`);
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const rows: Array<BuildingRow & { total: number }> = await this.dataSource.query(
      `SELECT ${BUILDING_COLUMNS}, count(*) OVER ()::int AS total FROM "registry".building b
        WHERE ${where.join(' AND ')} ORDER BY b.path, b.address, b.id
        LIMIT ${p.add(pageSize)} OFFSET ${p.add((page - 1) * pageSize)}`,
      p.values,
    );
    return { items: rows.map(buildingView), total: rows[0]?.total ?? 0, page, pageSize };
  }

  async updateBuilding(cmd: UpdateBuildingCommand, actor: Actor | undefined): Promise<BuildingView> {
    const a = requireWriter(actor);
    try {
      await this.dataSource.transaction(async (m) => {
        const [row]: BuildingLock[] = await m.query(
          `SELECT id, path, street_code, address, name, units, floors, version FROM "registry".building WHERE id = $1 FOR UPDATE`,
          [cmd.id],
        );
        const b = checkWrite(a, row, 'Building', cmd.id);
        if (cmd.version !== b.version)
          throw conflict('The building was changed meanwhile; reload it and try again', { currentVersion: b.version });
        const next = {
          address: cmd.address?.trim() ?? b.address,
          name: cmd.name === undefined ? b.name : cmd.name,
          units: cmd.units ?? b.units,
          floors: cmd.floors ?? b.floors,
        };
        const changed = (Object.keys(next) as Array<keyof typeof next>).filter((k) => next[k] !== b[k]);
        await m.query(
          `UPDATE "registry".building SET address = $2, name = $3, units = $4, floors = $5, version = version + 1, updated_at = now() WHERE id = $1`,
          [b.id, next.address, next.name, next.units, next.floors],
        );
        await this.outbox.add(m, {
          type: RegistryEvents.buildingChanged,
          street: b.street_code,
          actor: a,
          data: { buildingId: b.id, path: b.path, changed, version: b.version + 1 },
        });
      });
    } catch (error) {
      if (isUniqueViolation(error, 'building_address_unique')) {
        throw conflict('A building with this address is already registered in the grid', { field: 'address' });
      }
      throw error;
    }
    return this.building(cmd.id);
  }

  async createHousehold(req: CreateHouseholdRequest, actor: Actor | undefined): Promise<HouseholdView> {
    const a = requireWriter(actor);
    const id = newId();
    try {
      await this.dataSource.transaction(async (m) => {
        const [row]: BuildingLock[] = await m.query(
          `SELECT id, path, street_code, address, name, units, floors, version FROM "registry".building WHERE id = $1 FOR SHARE`,
          [req.buildingId],
        );
        const b = checkWrite(a, row, 'Building', req.buildingId);
        if (req.unit !== undefined && req.unit > b.units) {
          throw unprocessable(`unit ${req.unit} does not exist: the building has ${b.units} units`, { field: 'unit' });
        }
        if (req.floor !== undefined && req.floor > b.floors) {
          throw unprocessable(`floor ${req.floor} does not exist: the building has ${b.floors} floors`, {
            field: 'floor',
          });
        }
        await m.query(
          `INSERT INTO "registry".household (id, building_id, street_code, path, door_number, unit_no, floor, type, created_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
          [id, b.id, b.street_code, b.path, req.doorNumber, req.unit ?? null, req.floor ?? null, req.type, a.id],
        );
        await this.outbox.add(m, {
          type: RegistryEvents.householdCreated,
          street: b.street_code,
          actor: a,
          data: { householdId: id, buildingId: b.id, path: b.path, type: req.type },
        });
      });
    } catch (error) {
      if (isUniqueViolation(error, 'household_door_unique')) {
        throw conflict(`Door ${req.doorNumber} is already registered in this building`, { field: 'doorNumber' });
      }
      throw error;
    }
    return this.household(id);
  }

  async getHousehold(id: string, actor: Actor | undefined): Promise<HouseholdDetail> {
    const a = requireReader(actor);
    const h = householdView(checkRead(a, await this.householdRow(this.dataSource.manager, id), 'Household', id));
    const members: PersonRow[] = await this.dataSource.query(
      `SELECT ${PERSON_COLUMNS} FROM ${PERSON_FROM} WHERE p.household_id = $1 ORDER BY (p.relation = 'head') DESC, p.birth_date, p.id`,
      [id],
    );
    return { ...h, members: members.map(personView) };
  }

  async listHouseholds(query: HouseholdListQuery, actor: Actor | undefined): Promise<Page<HouseholdView>> {
    const a = requireReader(actor);
    const p = new Params();
    const where = [scopeSql('h.path', effectiveScopes(a.scopes, query.within), p.add)];
    if (query.buildingId) where.push(`h.building_id = ${p.add(query.buildingId)}`);
    if (query.type) where.push(`h.type = ${p.add(query.type)}`);
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const rows: Array<HouseholdRow & { total: number }> = await this.dataSource.query(
      `SELECT ${HOUSEHOLD_COLUMNS}, count(*) OVER ()::int AS total
         FROM "registry".household h JOIN "registry".building b ON b.id = h.building_id
        WHERE ${where.join(' AND ')} ORDER BY h.path, b.address, h.door_number, h.id
        LIMIT ${p.add(pageSize)} OFFSET ${p.add((page - 1) * pageSize)}`,
      p.values,
    );
    return { items: rows.map(householdView), total: rows[0]?.total ?? 0, page, pageSize };
  }

  async updateHousehold(cmd: UpdateHouseholdCommand, actor: Actor | undefined): Promise<HouseholdView> {
    const a = requireWriter(actor);
    try {
      await this.dataSource.transaction(async (m) => {
        const [row]: HouseholdLock[] = await m.query(
          `SELECT id, building_id, path, street_code, door_number, type, version FROM "registry".household WHERE id = $1 FOR UPDATE`,
          [cmd.id],
        );
        const h = checkWrite(a, row, 'Household', cmd.id);
        if (cmd.version !== h.version)
          throw conflict('The household was changed meanwhile; reload it and try again', { currentVersion: h.version });
        const next = { type: cmd.type ?? h.type, door_number: cmd.doorNumber ?? h.door_number };
        const changed = [
          ...(next.type !== h.type ? ['type'] : []),
          ...(next.door_number !== h.door_number ? ['doorNumber'] : []),
        ];
        await m.query(
          `UPDATE "registry".household SET type = $2, door_number = $3, version = version + 1, updated_at = now() WHERE id = $1`,
          [h.id, next.type, next.door_number],
        );
        await this.outbox.add(m, {
          type: RegistryEvents.householdChanged,
          street: h.street_code,
          actor: a,
          data: { householdId: h.id, path: h.path, changed, version: h.version + 1 },
        });
      });
    } catch (error) {
      if (isUniqueViolation(error, 'household_door_unique')) {
        throw conflict(`Door ${cmd.doorNumber} is already registered in this building`, { field: 'doorNumber' });
      }
      throw error;
    }
    return this.household(cmd.id);
  }

  private async building(id: string): Promise<BuildingView> {
    return buildingView((await this.buildingRow(this.dataSource.manager, id)) as BuildingRow);
  }

  private async household(id: string): Promise<HouseholdView> {
    return householdView((await this.householdRow(this.dataSource.manager, id)) as HouseholdRow);
  }

  private async buildingRow(m: EntityManager, id: string): Promise<BuildingRow | undefined> {
    const [row]: BuildingRow[] = await m.query(
      `SELECT ${BUILDING_COLUMNS} FROM "registry".building b WHERE b.id = $1`,
      [id],
    );
    return row;
  }

  private async householdRow(m: EntityManager, id: string): Promise<HouseholdRow | undefined> {
    const [row]: HouseholdRow[] = await m.query(
      `SELECT ${HOUSEHOLD_COLUMNS} FROM "registry".household h JOIN "registry".building b ON b.id = h.building_id WHERE h.id = $1`,
      [id],
    );
    return row;
  }
}
