import { Injectable } from '@nestjs/common';
import type { Actor, CreateUnitCommand, Page, UnitListQuery, UnitView } from '@gz/contracts';
import { Clock, conflict, isUniqueViolation, newId, notFound, unprocessable } from '@gz/platform';
import { DataSource } from 'typeorm';
import { countedArea } from '../domain/area';
import { UnitStore } from '../persistence/unit.store';
import { unitView } from '../persistence/views';
import { CompoundsService } from './compounds.service';

/** Units (专有部分) of a compound's buildings, with the area the owners' count uses. */
@Injectable()
export class UnitsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly units: UnitStore,
    private readonly compounds: CompoundsService,
    private readonly clock: Clock,
  ) {}

  async create(cmd: CreateUnitCommand, actor: Actor | undefined): Promise<UnitView> {
    const c = await this.compounds.kept(cmd.compoundId, actor);
    const building = await this.units.building(this.dataSource, cmd.buildingId);
    if (!building || building.compound_id !== c.id)
      throw unprocessable('buildingId is no building of this compound', { field: 'buildingId' });
    const counted = countedArea(cmd);
    if (!counted)
      throw unprocessable('A unit needs its registered, surveyed or contract area', { field: 'registeredArea' });
    const id = newId();
    try {
      await this.units.insertUnits(this.dataSource, [
        {
          id,
          compoundId: c.id,
          buildingId: building.id,
          number: cmd.number.trim(),
          registeredArea: cmd.registeredArea ?? null,
          surveyedArea: cmd.surveyedArea ?? null,
          contractArea: cmd.contractArea ?? null,
          area: counted.area,
          areaSource: counted.source,
          developerUnsold: cmd.developerUnsold ?? false,
          at: this.clock.now(),
        },
      ]);
    } catch (error) {
      if (isUniqueViolation(error, 'unit_number'))
        throw conflict(`${building.name} already has a unit ${cmd.number.trim()}`, { field: 'number' });
      throw error;
    }
    const row = await this.units.unit(this.dataSource, id);
    if (!row) throw notFound('Unit', { id });
    return unitView(row, []);
  }

  /** A compound's units; a resident who owns there sees every unit but only themself among the owners. */
  async list(query: UnitListQuery, actor: Actor | undefined): Promise<Page<UnitView>> {
    const seen = await this.compounds.visible(query.compoundId, actor);
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const { rows, total } = await this.units.list(
      { compoundId: query.compoundId, buildingId: query.buildingId },
      page,
      pageSize,
    );
    const owners = await this.units.ownersOf(
      this.dataSource,
      rows.map((r) => r.id),
    );
    const items = rows.map((r) =>
      unitView(
        r,
        (owners.get(r.id) ?? [])
          .filter((o) => seen.full || o.id === seen.ownerId)
          .map((o) => ({ id: o.id, name: o.name })),
      ),
    );
    return { items, total, page, pageSize };
  }
}
